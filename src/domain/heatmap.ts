/**
 * Geometry of a contribution-style heatmap of one year: one cell per day, weeks as columns (Monday on top, as
 * ISO weeks and Korean calendars run), shaded in five levels by the day's log count.
 */
import type { LocalDate } from './calendar';
import { datesBetween, isoWeekday, yearRange, type DayRow } from './year-review';

/** One day of the heatmap. */
export interface HeatmapCell {
  date: LocalDate;
  /** Week column from 0 (the week of 1 January). */
  column: number;
  /** 0 = Monday … 6 = Sunday. */
  row: number;
  /** 0 (no logs) to 4 (as busy as the busiest day). */
  level: number;
  logCount: number;
  total: number;
  /** Some goal was paused that day. */
  paused: boolean;
  /** After the last day the review covers (later in the current year). */
  future: boolean;
}

/** The whole grid: 365 or 366 cells, and where each month begins. */
export interface HeatmapLayout {
  year: number;
  columns: number;
  cells: HeatmapCell[];
  /** The column of each month's first day, January first. */
  monthColumns: Array<{ month: number; column: number }>;
}

/**
 * Level of a day with `count` logs when the busiest day has `max`: 0 without logs, otherwise 1–4 by quarters of
 * the maximum, so that a single busy day does not wash out the rest more than a quarter step.
 */
export function shadeLevel(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((4 * count) / max)));
}

/** Lays out every day of `year` with its totals from `days` (days without a row are empty). */
export function heatmapLayout(year: number, days: DayRow[], paused: ReadonlySet<LocalDate>, through: LocalDate): HeatmapLayout {
  const { from, to } = yearRange(year);
  const byDate = new Map(days.map((d) => [d.date, d]));
  const max = days.reduce((m, d) => Math.max(m, d.logCount), 0);
  const offset = isoWeekday(from) - 1;
  const cells: HeatmapCell[] = datesBetween(from, to).map((date, i) => {
    const day = byDate.get(date);
    const logCount = day?.logCount ?? 0;
    return {
      date,
      column: Math.floor((i + offset) / 7),
      row: (i + offset) % 7,
      level: shadeLevel(logCount, max),
      logCount,
      total: day?.total ?? 0,
      paused: paused.has(date),
      future: date > through,
    };
  });
  const monthColumns = cells.filter((c) => c.date.endsWith('-01')).map((c) => ({ month: Number(c.date.slice(5, 7)), column: c.column }));
  return { year, columns: cells[cells.length - 1].column + 1, cells, monthColumns };
}
