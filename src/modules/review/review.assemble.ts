import type { LocalDate } from '../../domain/calendar';
import { busiest, daysInRanges, fillMonths, weekdayTotals, type DayRow } from '../../domain/year-review';
import {
  achievedInPreviousYear,
  assembleGoalYear,
  belongsToYear,
  emptyGoalRows,
  goalFacts,
  type GoalRows,
  type GoalYearContext,
} from './goal-year.assemble';
import { goalTypeSections, workoutsOfYear, type GoalTypeRows } from './goal-types.assemble';
import type { GoalYear, YearReview, YearStreak, YearTotals } from './review.model';
import type { ReviewRows } from './review.loaders';

/** Splits the review's rows by goal, so that each goal's year is assembled from its own rows only. */
function rowsByGoal(rows: ReviewRows): Map<number, GoalRows> {
  const byGoal = new Map<number, GoalRows>();
  const of = (goalId: number): GoalRows => {
    let r = byGoal.get(goalId);
    if (!r) byGoal.set(goalId, (r = emptyGoalRows()));
    return r;
  };
  for (const m of rows.months) of(m.goalId).months.push(m);
  for (const d of rows.days) of(d.goalId).days.push({ date: d.date, count: d.count, sum: d.sum });
  for (const p of rows.previous) of(p.goalId).previous = { logCount: p.logCount, total: p.total, activeDays: p.activeDays };
  for (const l of rows.ledgers) of(l.goalId).ledger = { beforePrev: l.beforePrev, beforeYear: l.beforeYear };
  for (const m of rows.milestones) of(m.goalId).milestones.push(m);
  for (const p of rows.pauses) of(p.goalId).pauses.push(p);
  return byGoal;
}

/** Per-day totals over all goals within the year, oldest first (the habits' warm-up days left out). */
function yearDays(rows: ReviewRows, from: LocalDate): DayRow[] {
  const byDate = new Map<LocalDate, DayRow>();
  for (const d of rows.days) {
    if (d.date < from) continue;
    const day = byDate.get(d.date) ?? { date: d.date, logCount: 0, total: 0 };
    day.logCount += d.count;
    day.total += d.sum;
    byDate.set(d.date, day);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The habit with the longest streak of the year; the earlier goal wins a tie. */
function longestHabitStreak(goals: GoalYear[]): YearStreak | null {
  let best: YearStreak | null = null;
  for (const g of goals) {
    if (g.goal.kind !== 'HABIT' || g.longestStreak.days === 0) continue;
    if (!best || g.longestStreak.days > best.run.days) best = { goal: g.goal, run: g.longestStreak };
  }
  return best;
}

/**
 * Builds the year in review from its rows and the goal-type services' answers: each goal's year, then the year's
 * days, months, weekdays, best streak, training and totals, and the previous year's totals for comparison.
 * Pure apart from the habit maths it calls, and the deadline's checkpoint before each goal.
 */
export async function assembleReview(year: number, rows: ReviewRows, typed: GoalTypeRows, ctx: GoalYearContext): Promise<YearReview> {
  const { from, to, prevFrom, prevTo } = ctx.bounds;
  const byGoal = rowsByGoal(rows);
  const sectionsOf = goalTypeSections(typed, year);
  const goals: GoalYear[] = [];
  let goalsAchievedBefore = 0;
  for (const entity of rows.goals) {
    // A goal's year is a few milliseconds of habit maths: between two, others (and /healthz) get their turn.
    await ctx.deadline?.checkpoint();
    const goalRows = byGoal.get(entity.id) ?? emptyGoalRows();
    const facts = goalFacts(entity, goalRows, ctx);
    if (achievedInPreviousYear(facts, ctx.bounds)) goalsAchievedBefore += 1;
    if (belongsToYear(facts, goalRows, ctx.bounds)) goals.push(assembleGoalYear(entity, goalRows, facts, ctx, sectionsOf(entity)));
  }

  const days = yearDays(rows, from);
  // Only the pauses of goals in the review: a paused goal that is not part of the year does not mark its days.
  const pausedDays = [
    ...daysInRanges(
      goals.flatMap((g) => byGoal.get(g.goal.id)?.pauses ?? []),
      from,
      to,
    ),
  ].sort();

  const months = fillMonths(days.map((d) => ({ month: d.date.slice(0, 7), logCount: d.logCount, total: d.total, activeDays: 1 })));
  const weekdays = weekdayTotals(days);
  const inRange = (d: LocalDate | null, a: LocalDate, b: LocalDate) => d !== null && d >= a && d <= b;
  const totals: YearTotals = {
    year,
    logCount: days.reduce((n, d) => n + d.logCount, 0),
    activeDays: days.length,
    goalsAchieved: goals.filter((g) => g.achievedOn !== null).length,
    milestonesAchieved: rows.milestones.filter((m) => inRange(m.achievedOn, from, to)).length,
  };
  const previous: YearTotals = {
    year: year - 1,
    logCount: rows.previousTotals.logCount,
    activeDays: rows.previousTotals.activeDays,
    goalsAchieved: goalsAchievedBefore,
    milestonesAchieved: rows.milestones.filter((m) => inRange(m.achievedOn, prevFrom, prevTo)).length,
  };
  const hadPrevious = previous.logCount > 0 || previous.milestonesAchieved > 0 || rows.goals.some((g) => g.startDate <= prevTo);

  return {
    year,
    timeZone: ctx.timeZone,
    from,
    to,
    through: ctx.through,
    totals,
    previousYear: hadPrevious ? previous : null,
    goals,
    days,
    pausedDays,
    months,
    weekdays,
    busiestMonth: busiest(months),
    busiestWeekday: busiest(weekdays),
    longestStreak: longestHabitStreak(goals),
    notes: rows.notes,
    noteCount: rows.noteCount,
    workouts: workoutsOfYear(typed.workouts, from),
  };
}
