/** The calendar across goals: one entry per local day of a range, from the day totals and the pauses. */
import { type LocalDate, dateRange } from './calendar';

/** Longest range one calendar request covers: a year, leap day included. */
export const MAX_CALENDAR_DAYS = 366;

/** One local day across all of a user's goals. */
export interface CalendarDay {
  date: LocalDate;
  logCount: number;
  total: number;
  /** A pause of at least one goal covers the day. */
  paused: boolean;
}

/**
 * Every day of from..to in order, with the totals of the days that have logs (others 0) and whether a pause
 * covers it. Pauses are inclusive [start, end] ranges of dates.
 */
export function calendarDays(
  from: LocalDate,
  to: LocalDate,
  totals: ReadonlyArray<{ date: LocalDate; count: number; sum: number }>,
  pauses: ReadonlyArray<{ start: LocalDate; end: LocalDate }>,
): CalendarDay[] {
  const byDate = new Map(totals.map((t) => [t.date, t]));
  return dateRange(from, to).map((date) => {
    const t = byDate.get(date);
    return {
      date,
      logCount: t?.count ?? 0,
      total: t?.sum ?? 0,
      paused: pauses.some((p) => p.start <= date && date <= p.end),
    };
  });
}
