/**
 * What a habit asks of today. A habit's rule, `times` per `perDays` days, is read over consecutive windows of
 * `perDays` active days counted from the first day of its tracked period (paused days take no slot, as in
 * habit.ts). Today lies in one of them, its window: the habit still needs today when that window can no longer
 * reach `times` logged days without a log today. Weekdays the owner chose ("Mon/Wed/Fri") replace that rule:
 * the habit is due on those weekdays until it is logged, or until its window is already met.
 */
import { type DaySeries, type HabitDays, type HabitSpec, lowerBound } from './habit';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** One habit's today as read from its history, independent of weekdays (which the summary cache does not key on). */
export interface HabitToday {
  /** False when today is paused or before the tracked period: nothing can be asked of it. */
  active: boolean;
  /** Logged days and the sum of values in today's window before today. */
  windowLoggedDays: number;
  windowSum: number;
  /** Active days of today's window after today. */
  daysLeft: number;
}

/** The window facts of `today` (a day number) from a habit's days ({@link habitDays}) and its per-day totals. */
export function habitTodayOf(spec: HabitSpec, series: DaySeries, h: HabitDays, today: number): HabitToday {
  const i = h.days.length - 1;
  if (i < 0 || h.days[i] !== today) return { active: false, windowLoggedDays: 0, windowSum: 0, daysLeft: 0 };
  const position = i % spec.perDays;
  let windowLoggedDays = 0;
  let windowSum = 0;
  for (let k = i - position; k < i; k++) {
    const j = lowerBound(series.days, h.days[k]);
    if (j < series.days.length && series.days[j] === h.days[k]) {
      if (series.counts[j] > 0) windowLoggedDays++;
      windowSum += Math.max(0, series.sums[j]);
    }
  }
  return { active: true, windowLoggedDays, windowSum, daysLeft: spec.perDays - 1 - position };
}

/** What today asks of a habit. */
export interface HabitVerdict {
  /** The rule still needs today. */
  due: boolean;
  /** Today's part is done: logged, the window already met, or (AT_MOST) still within the limit. */
  done: boolean;
  /**
   * Yes/no: 1 until today is done, then 0. Numeric AT_LEAST: what the window still needs. Numeric AT_MOST: what
   * may still be logged in the window. Null on a paused day.
   */
  remaining: number | null;
}

/** A relative slack for sums of user-entered decimals (0.1 + 0.2 meets 0.3), as habit.ts uses. */
function slackOf(target: number): number {
  return 1e-9 * Math.max(1, target);
}

/**
 * Whether the habit is due today, given its window facts, today's logs (`count` logs adding to `sum`), today's
 * ISO weekday and the weekdays the owner chose (null: any day).
 * - Yes/no: done once today is logged or the window already has `times` logged days. Without weekdays, due when
 *   not done and the days left after today cannot make up what the window lacks; with weekdays, due on a chosen
 *   weekday when not done.
 * - Numeric AT_LEAST: done once the window's sum meets the target; until then due on every active day (any
 *   amount helps), or on chosen weekdays only.
 * - Numeric AT_MOST: never due; done while the window stays within its limit.
 */
export function habitVerdict(
  spec: HabitSpec,
  today: HabitToday,
  logged: { count: number; sum: number },
  weekday: IsoWeekday,
  weekdays: readonly number[] | null,
): HabitVerdict {
  if (!today.active) return { due: false, done: false, remaining: null };
  const chosenDay = weekdays === null || weekdays.includes(weekday);
  if (!spec.numeric) {
    const done = logged.count > 0 || today.windowLoggedDays >= spec.times;
    const needsToday = weekdays === null ? today.windowLoggedDays + today.daysLeft < spec.times : chosenDay;
    return { due: !done && needsToday, done, remaining: done ? 0 : 1 };
  }
  const target = spec.target ?? 0;
  const sum = today.windowSum + Math.max(0, logged.sum);
  if (spec.targetType === 'AT_MOST') {
    return { due: false, done: sum <= target + slackOf(target), remaining: Math.max(0, target - sum) };
  }
  const done = sum >= target - slackOf(target);
  return { due: !done && chosenDay, done, remaining: done ? 0 : target - sum };
}

/** One goal of the today list, with what decides its place. */
export interface TodayEntry {
  id: number;
  due: boolean;
  done: boolean;
}

/**
 * The order of the today list: the due goals first, in `dueOrder` (most urgent first, see attention.ts), then
 * the rest with what is still open before what is done, oldest goal first.
 */
export function orderToday(entries: readonly TodayEntry[], dueOrder: readonly number[]): number[] {
  const rest = entries.filter((e) => !e.due).sort((a, b) => Number(a.done) - Number(b.done) || a.id - b.id);
  return [...dueOrder, ...rest.map((e) => e.id)];
}
