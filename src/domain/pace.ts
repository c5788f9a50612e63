/**
 * Pace of a TARGET goal ("read 24 books in 2021", "spend at most 500 on takeaway this year"),
 * modelled on Beeminder's "road": a straight line from 0 at the start of startDate to `target`
 * at the end of dueDate.
 *
 * Day counting: the range is inclusive, so it has N = daysBetween(startDate, dueDate) + 1 days
 * (never 0, which is what makes start == due safe). The line is read at the END of `today`:
 * today counts as elapsed, e = clamp(daysBetween(startDate, today) + 1, 0, N), and
 * expected = target · e / N. So on the due date the whole target is expected, on the start date
 * one day's share, before the start nothing, after the due date still the whole target.
 */
import { type LocalDate, MAX_SUPPORTED_DATE, addDays, daysBetween } from './calendar';
import type { TargetType } from './habit';

/** Inputs of {@link computePace}; `actual` is the amount achieved/used so far, incl. today. */
export interface PaceInput {
  startDate: LocalDate;
  dueDate: LocalDate;
  today: LocalDate;
  target: number;
  targetType: TargetType;
  actual: number;
}

/** Result of {@link computePace}. */
export interface Pace {
  expectedToDate: number;
  actual: number;
  onTrack: boolean;
  daysAhead: number;
  neededPerDay: number | null;
  projectedCompletion: LocalDate | null;
}

/** Slack for comparing sums of floats with the line (e.g. 0.1 + 0.2 vs 0.3). */
const EPS = 1e-9;

/**
 * Where the goal stands on its road today.
 *
 * AT_LEAST (do more): on track when actual >= expected.
 * AT_MOST (do less): the line is the share of the allowance that may be used up by the end of
 * today; on track while actual <= expected.
 *
 * daysAhead: the line reaches `actual` at x = actual · N / target elapsed days (x clamped to
 * [0, N]; target 0 → x = N for AT_LEAST, and 0 or N for AT_MOST depending on whether anything
 * was used). AT_LEAST: floor(x) − e. AT_MOST: e − ceil(x) (using less than the line is being
 * ahead). Both round toward "behind", so half a day ahead is 0 and half a day behind is −1.
 *
 * neededPerDay: remaining amount spread over the days still left INCLUDING today (today is not
 * over, its logs still count), i.e. from max(today, startDate) to dueDate. AT_LEAST: what is
 * still needed per day (0 once reached); AT_MOST: the allowance left per day (0 once used up).
 * null after the due date.
 *
 * projectedCompletion (AT_LEAST only, null for AT_MOST): at the average daily rate so far,
 * actual / (days from startDate through today), the first day whose end reaches the target.
 * null when the rate is 0, when today is before the start, or when the target is already
 * reached — the day it was reached is unknown here and "today" would drift daily. The projection
 * may lie after dueDate, which tells how late the goal will be.
 *
 * Throws RangeError when dueDate is before startDate or amounts are not finite / negative target.
 */
export function computePace(input: PaceInput): Pace {
  const { startDate, dueDate, today, target, targetType, actual } = input;
  if (!Number.isFinite(target) || target < 0) throw new RangeError('target must be a finite number >= 0');
  if (!Number.isFinite(actual)) throw new RangeError('actual must be a finite number');
  const totalDays = daysBetween(startDate, dueDate) + 1;
  if (totalDays < 1) throw new RangeError('dueDate must not be before startDate');

  const sinceStart = daysBetween(startDate, today) + 1; // days from start through today
  const elapsed = Math.min(Math.max(sinceStart, 0), totalDays);
  const expectedToDate = (target * elapsed) / totalDays;
  const atLeast = targetType === 'AT_LEAST';

  const onTrack = atLeast ? actual >= expectedToDate - EPS : actual <= expectedToDate + EPS;
  const x = lineDayOf(actual, target, totalDays, atLeast);
  const daysAhead = atLeast ? Math.floor(x + EPS) - elapsed : elapsed - Math.ceil(x - EPS);

  const daysLeft = daysBetween(today < startDate ? startDate : today, dueDate) + 1;
  const remaining = Math.max(0, target - actual);
  const neededPerDay = daysLeft >= 1 ? remaining / daysLeft : null;

  return {
    expectedToDate,
    actual,
    onTrack,
    daysAhead: daysAhead + 0, // normalise -0 to 0
    neededPerDay,
    projectedCompletion: atLeast ? projectCompletion(startDate, sinceStart, target, actual) : null,
  };
}

/** Elapsed days (fractional, clamped to [0, N]) after which the line reaches `amount`. */
function lineDayOf(amount: number, target: number, totalDays: number, atLeast: boolean): number {
  if (target === 0) return atLeast || amount > EPS ? totalDays : 0;
  return Math.min(Math.max((amount * totalDays) / target, 0), totalDays);
}

/** First date whose end reaches `target` at the average rate so far; see computePace. */
function projectCompletion(startDate: LocalDate, sinceStart: number, target: number, actual: number): LocalDate | null {
  if (sinceStart < 1 || actual <= 0 || actual >= target - EPS) return null;
  const rate = actual / sinceStart;
  const daysNeeded = Math.ceil(target / rate - EPS); // > sinceStart because actual < target
  // At a tiny rate the day may lie centuries ahead: past the supported calendar it is "not in sight".
  if (!Number.isFinite(daysNeeded) || daysNeeded - 1 > daysBetween(startDate, MAX_SUPPORTED_DATE)) return null;
  return addDays(startDate, daysNeeded - 1);
}
