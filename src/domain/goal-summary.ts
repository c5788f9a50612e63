/**
 * What a goal's whole history comes to on one day, as a few numbers: the habit's streak, score and whether today
 * is settled, the totals that progress and pace read, and the score series that scoreHistory reads. Computed in
 * one pass over the history so that the history itself can be dropped and the summary kept.
 */
import { type DayRanges, type DaySeries, type HabitSpec, type ScoreSeries, habitDays, lowerBound, scoreOn, scoreSeries } from './habit';
import { type HabitToday, habitTodayOf } from './today';

/** The goal facts a summary depends on, besides its logs and pauses. */
export interface SummaryGoal {
  /** The habit rule; null for goals that are not habits. */
  spec: HabitSpec | null;
  /** The goal's start date as a day number. */
  startDay: number;
  /** Length of the habit's progress window in days (1 for goals that are not habits). */
  windowDays: number;
}

/** Streak of a habit on day numbers (-1: no such day). */
export interface StreakDays {
  current: number;
  longest: number;
  longestStart: number;
  longestEnd: number;
}

export interface GoalSummary {
  /** Count and value total of every log. */
  count: number;
  total: number;
  /** Sum of values, and days with a log, in the `windowDays` calendar days ending today. */
  windowSum: number;
  windowLogDays: number;
  /** Count and value total of today's logs. */
  todayCount: number;
  todaySum: number;
  /** Habits only (null otherwise): today's window, for what today asks of the habit. */
  habitToday: HabitToday | null;
  /** Habits only (null otherwise): the streak, today's score, and whether today can no longer be lost. */
  streak: StreakDays | null;
  score: number | null;
  todaySettled: boolean;
  /** Habits only: the score of every day from its start up to the later of today and the last logged day. */
  scores: ScoreSeries | null;
}

/**
 * The summary of one goal on `today` (a day number) from its per-day totals and its pauses. `total` is passed in
 * rather than added up from the days, so that it is the database's own SUM of the logs, to the last bit.
 */
export function summarizeGoal(
  goal: SummaryGoal,
  series: DaySeries,
  paused: DayRanges,
  today: number,
  totals: { count: number; total: number },
): GoalSummary {
  let windowSum = 0;
  let windowLogDays = 0;
  let todayCount = 0;
  let todaySum = 0;
  for (let j = lowerBound(series.days, today - goal.windowDays + 1); j < series.days.length && series.days[j] <= today; j++) {
    windowSum += series.sums[j];
    if (series.counts[j] > 0) windowLogDays++;
    if (series.days[j] === today) {
      todayCount = series.counts[j];
      todaySum = series.sums[j];
    }
  }
  const summary: GoalSummary = {
    ...totals,
    windowSum,
    windowLogDays,
    todayCount,
    todaySum,
    habitToday: null,
    streak: null,
    score: null,
    todaySettled: true,
    scores: null,
  };
  if (!goal.spec) return summary;
  const h = habitDays(goal.spec, series, { startDay: goal.startDay, today, paused });
  summary.habitToday = habitTodayOf(goal.spec, series, h, today);
  summary.streak = { current: h.current, longest: h.longest, longestStart: h.longestStart, longestEnd: h.longestEnd };
  const last = h.days.length - 1;
  // Today is settled once it counts as kept, or when it is paused (not an active day): nothing can be lost tonight.
  summary.todaySettled = last < 0 || h.days[last] !== today || h.ok[last] === 1;
  const lastLogged = series.days.length > 0 ? series.days[series.days.length - 1] : today;
  summary.scores = scoreSeries(goal.spec, series, { startDay: goal.startDay, to: Math.max(today, lastLogged), paused });
  summary.score = scoreOn(summary.scores, today) ?? 0;
  return summary;
}

/** Approximate bytes a summary holds, for the cache's memory bound. */
export function summaryBytes(s: GoalSummary): number {
  return 256 + (s.scores ? s.scores.scores.byteLength : 0);
}
