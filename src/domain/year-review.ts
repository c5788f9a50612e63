/**
 * Pure helpers of the year in review: the year's range of local dates, the twelve months and seven weekdays
 * filled in from grouped rows, the busiest of them, runs of consecutive active days, and the change against
 * the previous year.
 *
 * Day iteration here uses plain UTC epoch-day arithmetic instead of calendar.ts: a year has 365 days and Luxon
 * costs ~50 µs per addDays, which would make one review spend tens of milliseconds just naming days. Local
 * dates are calendar labels without a zone, so UTC arithmetic on them is exact.
 */
import type { LocalDate } from './calendar';

/** The years a review may be asked for. */
export const REVIEW_YEAR_MIN = 1970;
export const REVIEW_YEAR_MAX = 9999;

const DAY_MS = 86_400_000;

/** True for a whole year from REVIEW_YEAR_MIN to REVIEW_YEAR_MAX. */
export function isReviewYear(year: number): boolean {
  return Number.isInteger(year) && year >= REVIEW_YEAR_MIN && year <= REVIEW_YEAR_MAX;
}

/** First and last day of `year`, as local dates. */
export function yearRange(year: number): { from: LocalDate; to: LocalDate } {
  const y = String(year).padStart(4, '0');
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (assumed valid: callers pass stored or generated dates). */
export function epochDay(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/** The local date `n` days after 1970-01-01. */
export function dateOfEpochDay(n: number): LocalDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** `date` shifted by `n` days (fast; see the module comment). */
export function shiftDate(date: LocalDate, n: number): LocalDate {
  return dateOfEpochDay(epochDay(date) + n);
}

/** Every date from `from` to `to`, both included; empty when `to` is earlier. */
export function datesBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = epochDay(from), end = epochDay(to); d <= end; d++) out.push(dateOfEpochDay(d));
  return out;
}

/** ISO weekday of a date, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((epochDay(date) + 3) % 7) + 7) % 7) + 1;
}

/** Log count, value total and days with a log over some period. */
export interface PeriodTotals {
  logCount: number;
  total: number;
  activeDays: number;
}

/** One month of a year; `month` is 1–12. */
export interface MonthTotals extends PeriodTotals {
  month: number;
}

/** One weekday over a year; `weekday` is 1 (Monday) to 7 (Sunday). */
export interface WeekdayTotals {
  weekday: number;
  logCount: number;
  total: number;
}

/** Log totals of one local date. */
export interface DayRow {
  date: LocalDate;
  logCount: number;
  total: number;
}

export const ZERO_TOTALS: PeriodTotals = Object.freeze({ logCount: 0, total: 0, activeDays: 0 });

/**
 * All twelve months, in order, from rows grouped by month ('YYYY-MM' or a month number); months without a row
 * are zero, and several rows of one month (e.g. from several goals) are added up.
 */
export function fillMonths(rows: Array<PeriodTotals & { month: string | number }>): MonthTotals[] {
  const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, logCount: 0, total: 0, activeDays: 0 }));
  for (const row of rows) {
    const m = typeof row.month === 'number' ? row.month : Number(row.month.slice(5, 7));
    const month = months[m - 1];
    if (!month) throw new RangeError(`month must be 1–12 or 'YYYY-MM', got ${JSON.stringify(row.month)}`);
    month.logCount += row.logCount;
    month.total += row.total;
    month.activeDays += row.activeDays;
  }
  return months;
}

/** All seven weekdays, Monday first, added up from per-day rows. */
export function weekdayTotals(days: DayRow[]): WeekdayTotals[] {
  const out = Array.from({ length: 7 }, (_, i) => ({ weekday: i + 1, logCount: 0, total: 0 }));
  for (const day of days) {
    const w = out[isoWeekday(day.date) - 1];
    w.logCount += day.logCount;
    w.total += day.total;
  }
  return out;
}

/** The item with the most logs, the first one on ties; null when none has any. */
export function busiest<T extends { logCount: number }>(items: T[]): T | null {
  let best: T | null = null;
  for (const item of items) if (item.logCount > 0 && (best === null || item.logCount > best.logCount)) best = item;
  return best;
}

/** Sums period totals. Active days add up correctly only for disjoint periods (e.g. the months of one goal). */
export function sumTotals(items: PeriodTotals[]): PeriodTotals {
  const out = { logCount: 0, total: 0, activeDays: 0 };
  for (const item of items) {
    out.logCount += item.logCount;
    out.total += item.total;
    out.activeDays += item.activeDays;
  }
  return out;
}

/** This period minus the previous one, field by field. */
export function changeFrom(current: PeriodTotals, previous: PeriodTotals): PeriodTotals {
  return {
    logCount: current.logCount - previous.logCount,
    total: current.total - previous.total,
    activeDays: current.activeDays - previous.activeDays,
  };
}

/** The days of `ranges` (inclusive start/end dates) that fall within from..to. */
export function daysInRanges(ranges: Array<{ startDate: LocalDate; endDate: LocalDate }>, from: LocalDate, to: LocalDate): Set<LocalDate> {
  const out = new Set<LocalDate>();
  for (const r of ranges) {
    const start = r.startDate > from ? r.startDate : from;
    const end = r.endDate < to ? r.endDate : to;
    for (const d of datesBetween(start, end)) out.add(d);
  }
  return out;
}

/** A run of consecutive days. */
export interface DayRun {
  days: number;
  start: LocalDate | null;
  end: LocalDate | null;
}

/**
 * The longest run of consecutive days with a log among `activeDates`. Days in `paused` are bridged: they
 * neither break a run nor lengthen it (as habit streaks treat pauses). Ties go to the most recent run.
 */
export function longestRunOfDays(activeDates: Iterable<LocalDate>, paused: ReadonlySet<LocalDate> = new Set()): DayRun {
  const days = [...new Set(activeDates)].filter((d) => !paused.has(d)).sort();
  const best: DayRun = { days: 0, start: null, end: null };
  let runStart = 0;
  for (let i = 0; i < days.length; i++) {
    if (i > 0 && !onlyPausedBetween(days[i - 1], days[i], paused)) runStart = i;
    const len = i - runStart + 1;
    if (len >= best.days) Object.assign(best, { days: len, start: days[runStart], end: days[i] });
  }
  return best;
}

/** True when every day strictly between a and b (a < b) is paused. */
function onlyPausedBetween(a: LocalDate, b: LocalDate, paused: ReadonlySet<LocalDate>): boolean {
  for (let d = epochDay(a) + 1, end = epochDay(b); d < end; d++) if (!paused.has(dateOfEpochDay(d))) return false;
  return true;
}
