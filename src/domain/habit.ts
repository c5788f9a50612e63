/**
 * Habit analytics: which days succeeded, streaks and Loop Habit Tracker's habit-strength score.
 *
 * Everything works on a "timeline" of ACTIVE days: the calendar days of a range with the paused
 * days removed. Paused days are treated as if they never existed (as Loop treats skipped days):
 * they do not break streaks, do not count toward their length, do not move the score, and do not
 * take a slot in any `perDays` window (a 7-day window spanning a 3-day pause covers 10 calendar
 * days). Logs made on a paused day are ignored, because the habit is not being tracked then.
 * Negative day sums are read as 0 (amounts are non-negative quantities, as in Loop).
 */
import { type LocalDate, compareDates, dateRange } from './calendar';

/** How a numeric habit compares a window's sum with its target. */
export type TargetType = 'AT_LEAST' | 'AT_MOST';

/**
 * A habit's rule. Yes/no habit (numeric=false): done `times` times per `perDays` days, a day
 * counting as done when it has at least one log. Numeric habit: the sum of values over `perDays`
 * days compared with `target` (AT_LEAST: sum >= target, AT_MOST: sum <= target).
 */
export interface HabitSpec {
  times: number;
  perDays: number;
  numeric: boolean;
  target: number | null;
  targetType: TargetType;
}

/** Log totals of one local date; dates without a row have count 0 and sum 0. */
export interface DayTotal {
  date: LocalDate;
  count: number;
  sum: number;
}

/** Options shared by the per-day functions: `paused` dates are skipped entirely. */
export interface RangeOptions {
  startDate: LocalDate;
  today: LocalDate;
  paused?: ReadonlySet<LocalDate>;
}

/** Result of {@link computeStreak}. */
export interface StreakResult {
  current: number;
  longest: number;
  longestStart: LocalDate | null;
  longestEnd: LocalDate | null;
}

/** Throws RangeError when a spec cannot be evaluated (bad counts, numeric without target…). */
export function assertValidSpec(spec: HabitSpec): void {
  const positiveInt = (n: number) => Number.isInteger(n) && n >= 1;
  if (!positiveInt(spec.times) || !positiveInt(spec.perDays)) {
    throw new RangeError('times and perDays must be integers >= 1');
  }
  if (!spec.numeric && spec.times > spec.perDays) {
    throw new RangeError('a yes/no habit cannot be done more times than it has days');
  }
  if (spec.numeric && (spec.target === null || !Number.isFinite(spec.target) || spec.target < 0)) {
    throw new RangeError('a numeric habit needs a finite target >= 0');
  }
}

/** Active days of a range (ascending) with their totals; index i is the i-th active day. */
interface Timeline {
  dates: LocalDate[];
  counts: number[];
  sums: number[];
}

function buildTimeline(days: DayTotal[], from: LocalDate, to: LocalDate, paused?: ReadonlySet<LocalDate>): Timeline {
  // Merge duplicate rows defensively; input order does not matter.
  const byDate = new Map<LocalDate, { count: number; sum: number }>();
  for (const d of days) {
    const prev = byDate.get(d.date) ?? { count: 0, sum: 0 };
    byDate.set(d.date, { count: prev.count + d.count, sum: prev.sum + d.sum });
  }
  const tl: Timeline = { dates: [], counts: [], sums: [] };
  for (const date of dateRange(from, to)) {
    if (paused?.has(date)) continue;
    const t = byDate.get(date);
    tl.dates.push(date);
    tl.counts.push(t ? t.count : 0);
    tl.sums.push(t ? Math.max(0, t.sum) : 0);
  }
  return tl;
}

/**
 * Success of each active day of a timeline.
 *
 * Yes/no habits, "times per perDays" (Loop Habit Tracker's interval idea): list the logged days
 * (count > 0) in order, d1 < d2 < … . Every run of `times` consecutive logged days
 * d_k … d_{k+times-1} that fits into `perDays` days (d_{k+times-1} − d_k < perDays) COVERS the
 * window of `perDays` days starting at d_k. A day is successful when some window covers it.
 * Distances are counted in active days. A daily habit (1 per 1) reduces to "the day has a log".
 * Unlike Loop we do not slide overlapping windows backwards ("snapping"), so a day before the
 * first log of a group is never covered.
 *
 * Worked example, 3 per 7, logs Mon 2021-03-01, Wed 03-03, Fri 03-05: the only group
 * (Mon, Wed, Fri) spans 4 < 7 days, so it covers Mon 03-01 … Sun 03-07. With today = Fri the
 * streak is 5; on Sun it is 7; on Mon 03-08 (nothing logged yet) still 7 (today's grace);
 * on Tue 03-09 without a log it is 0. Logging Tue 03-09 revives it: the group (Wed, Fri, Tue)
 * spans 6 < 7 days and covers Wed 03-03 … Tue 03-09, so Mon 03-08 becomes covered and the
 * streak is 9. A window reaching past today only covers days up to today.
 *
 * Numeric habits: a day is successful when the sum over the window of `perDays` active days
 * ending that day (cut at the start of the timeline) meets the target. For AT_MOST, a day with
 * no logs in its window is a success (restraint), which is why the timeline must start at the
 * habit's startDate and end at today.
 */
function successFlags(spec: HabitSpec, tl: Timeline): boolean[] {
  const n = tl.dates.length;
  const ok: boolean[] = new Array<boolean>(n).fill(false);
  if (!spec.numeric) {
    const logged = tl.counts.flatMap((c, i) => (c > 0 ? [i] : []));
    let coveredUntil = -1;
    for (let k = 0; k + spec.times - 1 < logged.length; k++) {
      const first = logged[k];
      if (logged[k + spec.times - 1] - first >= spec.perDays) continue;
      const last = Math.min(first + spec.perDays - 1, n - 1);
      for (let i = Math.max(first, coveredUntil + 1); i <= last; i++) ok[i] = true;
      coveredUntil = Math.max(coveredUntil, last);
    }
    return ok;
  }
  const target = spec.target as number;
  const sums = windowSums(tl.sums, spec.perDays);
  for (let i = 0; i < n; i++) {
    // A relative slack keeps user-entered decimals fair: 0.1 + 0.2 must satisfy "at most 0.3".
    const slack = 1e-9 * Math.max(1, target);
    const sum = sums[i];
    ok[i] = spec.targetType === 'AT_LEAST' ? sum >= target - slack : sum <= target + slack;
  }
  return ok;
}

/**
 * Sums of values[i-len+1 .. i] (cut at 0) for every i, in O(n) rather than O(n·len): years of days with a
 * 365-day window would otherwise cost millions of additions per request. A rolling sum drifts with decimals
 * (0.1 + 0.2 − 0.1 …), which could flip a >= / <= verdict, so it is summed afresh every 64 days, and a window
 * holding only zeros is exactly 0, which keeps zero-limit checks exact.
 */
function windowSums(values: number[], len: number): number[] {
  const out = new Array<number>(values.length);
  let sum = 0;
  let nonZero = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (values[i] !== 0) nonZero++;
    if (i >= len) {
      sum -= values[i - len];
      if (values[i - len] !== 0) nonZero--;
    }
    if (i % 64 === 63) {
      sum = 0;
      for (let j = Math.max(0, i - len + 1); j <= i; j++) sum += values[j];
    }
    out[i] = nonZero === 0 ? 0 : sum;
  }
  return out;
}

/**
 * Per-day success from startDate to today: true/false per active day, null for paused days.
 * Days after today are never listed (the future cannot succeed or fail yet).
 */
export function successHistory(spec: HabitSpec, days: DayTotal[], opts: RangeOptions): { date: LocalDate; success: boolean | null }[] {
  assertValidSpec(spec);
  if (compareDates(opts.today, opts.startDate) < 0) return [];
  const tl = buildTimeline(days, opts.startDate, opts.today, opts.paused);
  const ok = successFlags(spec, tl);
  const byDate = new Map(tl.dates.map((d, i) => [d, ok[i]]));
  return dateRange(opts.startDate, opts.today).map((date) => ({ date, success: byDate.get(date) ?? null }));
}

/**
 * Current and longest streak of successful days (see {@link successFlags} for what a successful
 * day is), considering only startDate … today.
 *
 * - Paused days are bridged: they neither break a streak nor add to its length.
 * - Today's grace: while `today` is not (yet) successful it is left out, so the current streak
 *   is the one ending yesterday; it drops to 0 only once a whole day has failed. For AT_MOST,
 *   today counts when it is still within the limit and is left out once it is over the limit.
 * - Longest: the longest run, ties going to the most recent; longestStart/longestEnd are its
 *   first and last successful (non-paused) days, null when there is no successful day.
 */
export function computeStreak(spec: HabitSpec, days: DayTotal[], opts: RangeOptions): StreakResult {
  assertValidSpec(spec);
  const none: StreakResult = { current: 0, longest: 0, longestStart: null, longestEnd: null };
  if (compareDates(opts.today, opts.startDate) < 0) return none;
  const tl = buildTimeline(days, opts.startDate, opts.today, opts.paused);
  const ok = successFlags(spec, tl);
  const result = { ...none };
  let runStart = 0;
  for (let i = 0; i < ok.length; i++) {
    if (!ok[i]) {
      runStart = i + 1;
      continue;
    }
    const len = i - runStart + 1;
    if (len >= result.longest) {
      Object.assign(result, { longest: len, longestStart: tl.dates[runStart], longestEnd: tl.dates[i] });
    }
  }
  let last = ok.length - 1;
  if (last >= 0 && tl.dates[last] === opts.today && !ok[last]) last--; // today's grace
  while (last >= 0 && ok[last]) {
    result.current++;
    last--;
  }
  return result;
}

/** m = 0.5 ^ (sqrt(f) / 13): how much of yesterday's score survives one day (Loop's half-life). */
export function scoreMultiplier(spec: HabitSpec): number {
  return Math.pow(0.5, Math.sqrt(spec.times / spec.perDays) / 13);
}

/**
 * Completion c_t of one active day from the values of the active days in its window
 * (yes/no: 1 per logged day; numeric: day sums).
 */
function completion(spec: HabitSpec, windowTotal: number, checksNeeded: number): number {
  if (!spec.numeric) return Math.min(1, windowTotal / checksNeeded);
  const target = spec.target as number;
  if (spec.targetType === 'AT_LEAST') return target > 0 ? Math.min(1, windowTotal / target) : 1;
  if (target === 0) return windowTotal > 0 ? 0 : 1; // avoid 0/0; any amount breaks a zero limit
  return Math.min(1, Math.max(0, 1 - (windowTotal - target) / target));
}

/**
 * Loop Habit Tracker's habit strength for each day from `from` to `to` (inclusive):
 * score_t = score_{t-1}·m + c_t·(1 − m), m = 0.5^(sqrt(f)/13), f = times/perDays.
 *
 * - The score starts on startDate or on the first logged day, whichever is earlier, from an
 *   initial 1 for numeric AT_MOST habits (innocent until proven guilty) and 0 otherwise.
 *   Days before that starting day report 0 for every kind of habit, as Loop does ("no history").
 * - Yes/no: c_t = min(1, logged days among the last perDays active days / times); when f < 1,
 *   times and perDays are both doubled first to smooth irregular schedules (f is unchanged).
 * - Numeric AT_LEAST: c_t = min(1, window sum / target) (1 when target is 0).
 *   Numeric AT_MOST: c_t = clamp(1 − (sum − target)/target, 0, 1) (target 0: 1 iff sum is 0).
 *   Numeric windows are the last perDays active days (no doubling).
 * - Paused days freeze the score (score_t = score_{t-1}) and take no slot in any window.
 * - Scores outside [from, to] are computed as needed but not returned.
 */
export function scoreHistory(
  spec: HabitSpec,
  days: DayTotal[],
  opts: { from: LocalDate; to: LocalDate; startDate: LocalDate; paused?: ReadonlySet<LocalDate> },
): { date: LocalDate; score: number }[] {
  assertValidSpec(spec);
  const logged = days.filter((d) => d.count > 0 || d.sum !== 0).map((d) => d.date);
  const scoreStart = [opts.startDate, ...logged].reduce((a, b) => (compareDates(b, a) < 0 ? b : a));

  const smooth = !spec.numeric && spec.times / spec.perDays < 1 ? 2 : 1;
  const windowLen = spec.perDays * smooth;
  const checksNeeded = spec.times * smooth;
  const m = scoreMultiplier(spec);

  const scores = new Map<LocalDate, number>();
  if (compareDates(scoreStart, opts.to) <= 0) {
    const tl = buildTimeline(days, scoreStart, opts.to, opts.paused);
    const active = new Set(tl.dates);
    const values = spec.numeric ? tl.sums : tl.counts.map((c) => (c > 0 ? 1 : 0));
    const sums = windowSums(values, windowLen);
    let score = spec.numeric && spec.targetType === 'AT_MOST' ? 1 : 0;
    let i = 0; // index of the next active day
    for (const date of dateRange(scoreStart, opts.to)) {
      if (active.has(date)) {
        score = score * m + completion(spec, sums[i], checksNeeded) * (1 - m);
        i++;
      }
      scores.set(date, score);
    }
  }
  return dateRange(opts.from, opts.to).map((date) => ({ date, score: scores.get(date) ?? 0 }));
}

/** The score (see {@link scoreHistory}) of `today`. */
export function currentScore(spec: HabitSpec, days: DayTotal[], opts: RangeOptions): number {
  const [today] = scoreHistory(spec, days, { ...opts, from: opts.today, to: opts.today });
  return today.score;
}
