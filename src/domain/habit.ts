/**
 * Habit analytics: which days succeeded, streaks and Loop Habit Tracker's habit-strength score.
 *
 * Everything works on a "timeline" of ACTIVE days: the calendar days of a range with the paused
 * days removed. Paused days are treated as if they never existed (as Loop treats skipped days):
 * they do not break streaks, do not count toward their length, do not move the score, and do not
 * take a slot in any `perDays` window (a 7-day window spanning a 3-day pause covers 10 calendar
 * days). Logs made on a paused day are ignored, because the habit is not being tracked then.
 * Negative day sums are read as 0 (amounts are non-negative quantities, as in Loop).
 *
 * The maths runs on day numbers (days since 1970-01-01, see calendar.ts) and typed arrays: a goal's ten years
 * are 3,650 integers, walked without building a string or a map per day. The functions taking LocalDate strings
 * convert at their edge.
 */
import { type LocalDate, fromDayNumber, toDayNumber } from './calendar';

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

/** Per-day totals of one goal on day numbers: `days` ascending and unique, `counts[i]` and `sums[i]` of `days[i]`. */
export interface DaySeries {
  days: Int32Array;
  counts: Int32Array;
  sums: Float64Array;
}

/** Inclusive ranges of paused day numbers, in any order, possibly overlapping. */
export type DayRanges = ReadonlyArray<readonly [number, number]>;

/** A DaySeries from rows in any order; rows of the same date are merged. */
export function toDaySeries(rows: ReadonlyArray<DayTotal>): DaySeries {
  const keyed = rows.map((r) => ({ day: toDayNumber(r.date), count: r.count, sum: r.sum })).sort((a, b) => a.day - b.day);
  const days = new Int32Array(keyed.length);
  const counts = new Int32Array(keyed.length);
  const sums = new Float64Array(keyed.length);
  let n = 0;
  for (const r of keyed) {
    if (n > 0 && days[n - 1] === r.day) {
      counts[n - 1] += r.count;
      sums[n - 1] += r.sum;
      continue;
    }
    days[n] = r.day;
    counts[n] = r.count;
    sums[n] = r.sum;
    n++;
  }
  return { days: days.subarray(0, n), counts: counts.subarray(0, n), sums: sums.subarray(0, n) };
}

/** Paused dates as ranges of single days. */
function rangesOfDates(paused: ReadonlySet<LocalDate> | undefined): DayRanges {
  if (!paused) return [];
  return [...paused].map((d) => {
    const n = toDayNumber(d);
    return [n, n] as const;
  });
}

/** 1 for each paused day of from..to (index day − from). */
function pausedMask(from: number, to: number, paused: DayRanges): Uint8Array {
  const mask = new Uint8Array(Math.max(0, to - from + 1));
  for (const [start, end] of paused) {
    for (let d = Math.max(start, from); d <= Math.min(end, to); d++) mask[d - from] = 1;
  }
  return mask;
}

/** Index of the first element of a sorted array that is >= value. */
export function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Active days of from..to (ascending) with their totals; index i is the i-th active day. */
interface Timeline {
  days: Int32Array;
  counts: Int32Array;
  sums: Float64Array;
}

function buildTimeline(series: DaySeries, from: number, to: number, paused: Uint8Array): Timeline {
  const span = Math.max(0, to - from + 1);
  const days = new Int32Array(span);
  const counts = new Int32Array(span);
  const sums = new Float64Array(span);
  let n = 0;
  let j = lowerBound(series.days, from);
  for (let d = from; d <= to; d++) {
    while (j < series.days.length && series.days[j] < d) j++;
    if (paused[d - from]) continue;
    days[n] = d;
    if (j < series.days.length && series.days[j] === d) {
      counts[n] = series.counts[j];
      sums[n] = Math.max(0, series.sums[j]);
    }
    n++;
  }
  return { days: days.subarray(0, n), counts: counts.subarray(0, n), sums: sums.subarray(0, n) };
}

/**
 * Success of each active day of a timeline (1 kept, 0 missed).
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
function successFlags(spec: HabitSpec, tl: Timeline): Uint8Array {
  const n = tl.days.length;
  const ok = new Uint8Array(n);
  if (!spec.numeric) {
    const logged = new Int32Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) if (tl.counts[i] > 0) logged[count++] = i;
    let coveredUntil = -1;
    for (let k = 0; k + spec.times - 1 < count; k++) {
      const first = logged[k];
      if (logged[k + spec.times - 1] - first >= spec.perDays) continue;
      const last = Math.min(first + spec.perDays - 1, n - 1);
      for (let i = Math.max(first, coveredUntil + 1); i <= last; i++) ok[i] = 1;
      coveredUntil = Math.max(coveredUntil, last);
    }
    return ok;
  }
  const target = spec.target as number;
  // A relative slack keeps user-entered decimals fair: 0.1 + 0.2 must satisfy "at most 0.3".
  const slack = 1e-9 * Math.max(1, target);
  const sums = windowSums(tl.sums, spec.perDays);
  for (let i = 0; i < n; i++) {
    ok[i] = (spec.targetType === 'AT_LEAST' ? sums[i] >= target - slack : sums[i] <= target + slack) ? 1 : 0;
  }
  return ok;
}

/**
 * Sums of values[i-len+1 .. i] (cut at 0) for every i, in O(n) rather than O(n·len): years of days with a
 * 365-day window would otherwise cost millions of additions per request. A rolling sum drifts with decimals
 * (0.1 + 0.2 − 0.1 …), which could flip a >= / <= verdict, so it is summed afresh every 64 days, and a window
 * holding only zeros is exactly 0, which keeps zero-limit checks exact.
 */
function windowSums(values: ArrayLike<number>, len: number): Float64Array {
  const out = new Float64Array(values.length);
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

/** What one habit's days come to up to `today`: the success of each active day, and the streaks. */
export interface HabitDays {
  /** Active days from startDate to today (day numbers) and their success (1 kept, 0 missed). */
  days: Int32Array;
  ok: Uint8Array;
  current: number;
  longest: number;
  /** Day numbers of the first and last day of the longest run; -1 when nothing succeeded. */
  longestStart: number;
  longestEnd: number;
}

/**
 * Success and streaks of a habit from `startDay` to `today` (day numbers), with `paused` days left out.
 * See {@link successFlags} for what a successful day is and {@link computeStreak} for the streak rules.
 */
export function habitDays(spec: HabitSpec, series: DaySeries, opts: { startDay: number; today: number; paused: DayRanges }): HabitDays {
  assertValidSpec(spec);
  const result: HabitDays = { days: new Int32Array(0), ok: new Uint8Array(0), current: 0, longest: 0, longestStart: -1, longestEnd: -1 };
  if (opts.today < opts.startDay) return result;
  const tl = buildTimeline(series, opts.startDay, opts.today, pausedMask(opts.startDay, opts.today, opts.paused));
  const ok = successFlags(spec, tl);
  result.days = tl.days;
  result.ok = ok;
  let runStart = 0;
  for (let i = 0; i < ok.length; i++) {
    if (!ok[i]) {
      runStart = i + 1;
      continue;
    }
    const len = i - runStart + 1;
    if (len >= result.longest) {
      result.longest = len;
      result.longestStart = tl.days[runStart];
      result.longestEnd = tl.days[i];
    }
  }
  let last = ok.length - 1;
  if (last >= 0 && tl.days[last] === opts.today && !ok[last]) last--; // today's grace
  while (last >= 0 && ok[last]) {
    result.current++;
    last--;
  }
  return result;
}

/**
 * Per-day success from startDate to today: true/false per active day, null for paused days.
 * Days after today are never listed (the future cannot succeed or fail yet).
 */
export function successHistory(spec: HabitSpec, days: DayTotal[], opts: RangeOptions): { date: LocalDate; success: boolean | null }[] {
  const startDay = toDayNumber(opts.startDate);
  const today = toDayNumber(opts.today);
  const h = habitDays(spec, toDaySeries(days), { startDay, today, paused: rangesOfDates(opts.paused) });
  const out: { date: LocalDate; success: boolean | null }[] = [];
  let i = 0;
  for (let d = startDay; d <= today; d++) {
    const active = i < h.days.length && h.days[i] === d;
    out.push({ date: fromDayNumber(d), success: active ? h.ok[i++] === 1 : null });
  }
  return out;
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
  const h = habitDays(spec, toDaySeries(days), {
    startDay: toDayNumber(opts.startDate),
    today: toDayNumber(opts.today),
    paused: rangesOfDates(opts.paused),
  });
  return streakOf(h);
}

/** The streak of {@link habitDays}, with LocalDates. */
export function streakOf(h: HabitDays): StreakResult {
  return {
    current: h.current,
    longest: h.longest,
    longestStart: h.longestStart < 0 ? null : fromDayNumber(h.longestStart),
    longestEnd: h.longestEnd < 0 ? null : fromDayNumber(h.longestEnd),
  };
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

/** Scores of consecutive calendar days: `scores[i]` is the score at the end of day `start + i`. */
export interface ScoreSeries {
  start: number;
  scores: Float64Array;
}

/**
 * Loop Habit Tracker's habit strength for each calendar day from the day the score starts to `to` (day numbers);
 * every day before `start` scores 0. See {@link scoreHistory} for the rules.
 */
export function scoreSeries(spec: HabitSpec, series: DaySeries, opts: { startDay: number; to: number; paused: DayRanges }): ScoreSeries {
  assertValidSpec(spec);
  let start = opts.startDay;
  for (let j = 0; j < series.days.length; j++) {
    if (series.counts[j] > 0 || series.sums[j] !== 0) {
      start = Math.min(start, series.days[j]);
      break; // days are ascending: the first logged day is the earliest
    }
  }
  if (start > opts.to) return { start, scores: new Float64Array(0) };

  const smooth = !spec.numeric && spec.times / spec.perDays < 1 ? 2 : 1;
  const windowLen = spec.perDays * smooth;
  const checksNeeded = spec.times * smooth;
  const m = scoreMultiplier(spec);

  const mask = pausedMask(start, opts.to, opts.paused);
  const tl = buildTimeline(series, start, opts.to, mask);
  let values: ArrayLike<number> = tl.sums;
  if (!spec.numeric) {
    const logged = new Uint8Array(tl.counts.length);
    for (let i = 0; i < logged.length; i++) logged[i] = tl.counts[i] > 0 ? 1 : 0;
    values = logged;
  }
  const sums = windowSums(values, windowLen);
  const scores = new Float64Array(opts.to - start + 1);
  let score = spec.numeric && spec.targetType === 'AT_MOST' ? 1 : 0;
  let i = 0; // index of the next active day
  for (let d = start; d <= opts.to; d++) {
    if (!mask[d - start]) {
      score = score * m + completion(spec, sums[i], checksNeeded) * (1 - m);
      i++;
    }
    scores[d - start] = score;
  }
  return { start, scores };
}

/** The score of day `day` in a series: 0 before it starts; past its end, undefined. */
export function scoreOn(s: ScoreSeries, day: number): number | undefined {
  if (day < s.start) return 0;
  return day - s.start < s.scores.length ? s.scores[day - s.start] : undefined;
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
  const from = toDayNumber(opts.from);
  const to = toDayNumber(opts.to);
  const s = scoreSeries(spec, toDaySeries(days), { startDay: toDayNumber(opts.startDate), to, paused: rangesOfDates(opts.paused) });
  return scoresBetween(s, from, to);
}

/** The scores of from..to (day numbers) out of a series reaching at least `to`. */
export function scoresBetween(s: ScoreSeries, from: number, to: number): { date: LocalDate; score: number }[] {
  const out: { date: LocalDate; score: number }[] = [];
  for (let d = from; d <= to; d++) out.push({ date: fromDayNumber(d), score: scoreOn(s, d) ?? 0 });
  return out;
}

/** The score (see {@link scoreHistory}) of `today`. */
export function currentScore(spec: HabitSpec, days: DayTotal[], opts: RangeOptions): number {
  const [today] = scoreHistory(spec, days, { ...opts, from: opts.today, to: opts.today });
  return today.score;
}
