/**
 * Reflection ratings (1–5 per log): monthly averages and their trend, as a least-squares slope in rating
 * points per month with a word for it. Pure functions over local dates.
 */
import type { LocalDate } from './calendar';

/** Ratings are whole numbers from MIN_RATING to MAX_RATING. */
export const MIN_RATING = 1;
export const MAX_RATING = 5;

/** A slope smaller than this (in points per month, either way) reads as STEADY: half a point over six months. */
export const STEADY_BAND = 0.1;

/** A slope in a word. */
export type TrendWord = 'IMPROVING' | 'STEADY' | 'DECLINING';

/** A rated log. */
export interface RatedEntry {
  date: LocalDate;
  rating: number;
}

/** The average rating of one calendar month ('YYYY-MM'); null average when nothing was rated. */
export interface MonthlyRating {
  month: string;
  average: number | null;
  count: number;
}

/** The trend of the monthly averages of a window of months. */
export interface RatingTrend {
  months: MonthlyRating[];
  /** Least-squares slope of the monthly averages, points per month; null with fewer than two rated months. */
  slope: number | null;
  direction: TrendWord | null;
}

/** True for a whole number from 1 to 5. */
export function isValidRating(rating: number): boolean {
  return Number.isInteger(rating) && rating >= MIN_RATING && rating <= MAX_RATING;
}

/** The `count` months ending with `lastMonth` ('YYYY-MM'), oldest first. */
export function monthsEnding(lastMonth: string, count: number): string[] {
  const [y, m] = lastMonth.split('-').map(Number);
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** Average rating per month of `months`, ignoring entries outside them. */
export function monthlyAverages(entries: readonly RatedEntry[], months: readonly string[]): MonthlyRating[] {
  const sums = new Map(months.map((m) => [m, { sum: 0, count: 0 }]));
  for (const e of entries) {
    const bucket = sums.get(e.date.slice(0, 7));
    if (bucket) {
      bucket.sum += e.rating;
      bucket.count++;
    }
  }
  return months.map((month) => {
    const { sum, count } = sums.get(month)!;
    return { month, average: count === 0 ? null : sum / count, count };
  });
}

/** Least-squares slope of y on x; null unless at least two distinct x values are given. */
export function leastSquaresSlope(points: ReadonlyArray<{ x: number; y: number }>): number | null {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - meanX) * (p.y - meanY);
    sxx += (p.x - meanX) ** 2;
  }
  return sxx === 0 ? null : sxy / sxx;
}

/** The word for a slope: within ±STEADY_BAND is STEADY. */
export function trendWord(slope: number | null): TrendWord | null {
  if (slope === null) return null;
  if (slope >= STEADY_BAND) return 'IMPROVING';
  if (slope <= -STEADY_BAND) return 'DECLINING';
  return 'STEADY';
}

/**
 * The trend over the `count` months ending with the month of `today`: each month's average, and the
 * least-squares slope through the months that have ratings (x = month index, so gaps keep their width).
 */
export function ratingTrend(entries: readonly RatedEntry[], opts: { today: LocalDate; months: number }): RatingTrend {
  const months = monthlyAverages(entries, monthsEnding(opts.today.slice(0, 7), opts.months));
  const points = months.flatMap((m, x) => (m.average === null ? [] : [{ x, y: m.average }]));
  const raw = leastSquaresSlope(points);
  // Rounded so that float noise (a slope of 1e-17 for equal averages) never decides the word.
  const slope = raw === null ? null : Math.round(raw * 1e9) / 1e9;
  return { months, slope, direction: trendWord(slope) };
}
