import { fromDayNumber, localDateOf, toDayNumber, type LocalDate } from '../../domain/calendar';
import { computeStreak, scoreHistory, toDaySeries, trackedStartDay, type DayTotal, type HabitSpec } from '../../domain/habit';
import {
  achievedOnWithin,
  isAchievedBy,
  progressAt,
  remainingOf,
  statusAt,
  type StandingFacts,
  type StandingGoal,
} from '../../domain/standing';
import {
  changeFrom,
  daysInRanges,
  fillMonths,
  longestRunOfDays,
  shiftDate,
  sumTotals,
  ZERO_TOTALS,
  type DayRun,
  type PeriodTotals,
} from '../../domain/year-review';
import type { GoalEntity } from '../goal/goal.entity';
import type { MilestoneEntity } from '../milestone/milestone.entity';
import type { PauseEntity } from '../pause/pause.entity';
import type { GoalTypeSections } from './goal-types.assemble';
import type { ReviewBounds, ReviewRows } from './review.loaders';
import type { GoalYear, Standing } from './review.model';

/** What assembling one goal's year needs besides the goal's own rows. */
export interface GoalYearContext {
  bounds: ReviewBounds;
  /** Last day the review covers. */
  through: LocalDate;
  timeZone: string;
  dayStartsAt: string;
  habitSpec: (goal: GoalEntity) => HabitSpec | null;
  /**
   * Passed before each goal's year: stops the assembly when the request's time is up, and lets the event loop turn
   * when it has been held (`Deadline.checkpoint`).
   */
  deadline?: { check(): void; checkpoint(): Promise<void> };
}

/** One goal's rows, picked out of the review's rows. */
export interface GoalRows {
  months: ReviewRows['months'];
  /** Per-day totals: the year, plus the warm-up days for habits. */
  days: DayTotal[];
  previous: PeriodTotals;
  ledger: { beforePrev: number; beforeYear: number };
  milestones: MilestoneEntity[];
  pauses: PauseEntity[];
}

/** A goal's facts for the standing functions, and the same facts as they were before the previous year. */
export interface GoalFacts {
  goal: StandingGoal;
  facts: StandingFacts;
  /** Facts with the ledger closed before the previous year: to tell whether it was achieved by then. */
  beforePrevious: StandingFacts;
}

/** Plain standing facts of a goal from its rows. */
export function goalFacts(entity: GoalEntity, rows: GoalRows, ctx: GoalYearContext): GoalFacts {
  const goal: StandingGoal = {
    kind: entity.kind,
    status: entity.status,
    target: entity.target,
    targetType: entity.targetType,
    frequencyTimes: entity.frequencyTimes,
    frequencyPerDays: entity.frequencyPerDays,
    startDate: entity.startDate,
    achievedOn: entity.achievedOn,
    changedOn: localDateOf(entity.updatedAt, ctx.timeZone, ctx.dayStartsAt),
  };
  const milestoneDates = rows.milestones.map((m) => m.achievedOn);
  const paused = daysInRanges(rows.pauses, ctx.bounds.warmFrom, ctx.bounds.to);
  const facts: StandingFacts = {
    milestoneDates,
    totalBefore: rows.ledger.beforeYear,
    ledgerFrom: ctx.bounds.from,
    days: rows.days,
    paused,
  };
  const beforePrevious: StandingFacts = {
    milestoneDates,
    totalBefore: rows.ledger.beforePrev,
    ledgerFrom: ctx.bounds.prevFrom,
    days: [],
    paused,
  };
  return { goal, facts, beforePrevious };
}

/** True when the goal became achieved during the previous year. */
export function achievedInPreviousYear(f: GoalFacts, bounds: ReviewBounds): boolean {
  return isAchievedBy(f.goal, f.facts, bounds.prevTo) && !isAchievedBy(f.goal, f.beforePrevious, shiftDate(bounds.prevFrom, -1));
}

/**
 * Whether a goal belongs in the year's review: it had logs or reached milestones in the year, or it was open
 * at some point of it (started by 31 December and not achieved, abandoned or archived before 1 January).
 */
export function belongsToYear(f: GoalFacts, rows: GoalRows, bounds: ReviewBounds): boolean {
  if (rows.months.length > 0) return true;
  if (rows.milestones.some((m) => m.achievedOn !== null && m.achievedOn >= bounds.from && m.achievedOn <= bounds.to)) return true;
  if (f.goal.startDate > bounds.to) return false;
  const before = statusAt(f.goal, f.facts, bounds.prevTo);
  return before !== 'ACHIEVED' && before !== 'ABANDONED' && before !== 'ARCHIVED';
}

function standing(f: GoalFacts, date: LocalDate): Standing {
  const progress = progressAt(f.goal, f.facts, date);
  return { date, status: statusAt(f.goal, f.facts, date), progress, remaining: remainingOf(f.goal, progress) };
}

/**
 * The longest streak within the year. Habits: computeStreak with the habit's own rule on the year's days only
 * (a run that began in December counts from 1 January). Other goals: consecutive days with a log.
 * Paused days are bridged in both.
 */
function longestStreakInYear(
  entity: GoalEntity,
  days: DayTotal[],
  yearDays: DayTotal[],
  paused: ReadonlySet<LocalDate>,
  ctx: GoalYearContext,
): DayRun {
  const spec = ctx.habitSpec(entity);
  if (!spec)
    return longestRunOfDays(
      yearDays.filter((d) => d.count > 0).map((d) => d.date),
      paused,
    );
  const tracked = trackedStartDate(entity, days);
  const startDate = tracked > ctx.bounds.from ? tracked : ctx.bounds.from;
  const streak = computeStreak(spec, yearDays, { startDate, today: ctx.through, paused });
  return { days: streak.longest, start: streak.longestStart, end: streak.longestEnd };
}

/** The first day of a habit's tracked period, as Goal.streak and Goal.score see it, from the days read. */
function trackedStartDate(entity: GoalEntity, days: DayTotal[]): LocalDate {
  return fromDayNumber(trackedStartDay(toDayNumber(entity.startDate), toDaySeries(days)));
}

/** Longest history a habit score looks back on, which is also how far before 1 January habits' days are read. */
export const SCORE_LOOKBACK_MAX_DAYS = 365;

/**
 * Days of history after which a habit's score no longer depends on what came before within 0.4%: eight
 * half-lives of Loop's decay (m = 0.5^(sqrt(f)/13), so a half-life is 13/sqrt(f) days), at most a year.
 * A daily habit needs 104 days, a weekly one 276; a monthly one is cut at a year (within 3%).
 */
export function scoreLookbackDays(spec: HabitSpec): number {
  return Math.min(SCORE_LOOKBACK_MAX_DAYS, Math.ceil((8 * 13) / Math.sqrt(spec.times / spec.perDays)));
}

/**
 * Habit strength at the end of the covered part of the year, as Goal.score computes it but from the last
 * scoreLookbackDays days only (or from the habit's start, when later): older days weigh too little to show in a
 * rounded percentage, and habit.ts walks every calendar day, so a full history would cost far more.
 */
function scoreAtEnd(entity: GoalEntity, days: DayTotal[], paused: ReadonlySet<LocalDate>, ctx: GoalYearContext): number | null {
  const spec = ctx.habitSpec(entity);
  if (!spec) return null;
  const lookbackStart = shiftDate(ctx.through, -(scoreLookbackDays(spec) - 1));
  const tracked = trackedStartDate(entity, days);
  const startDate = tracked > lookbackStart ? tracked : lookbackStart;
  if (ctx.through < startDate) return null;
  // scoreHistory starts at the earliest logged day it is given: hand it only the window.
  const window = days.filter((d) => d.date >= startDate && d.date <= ctx.through);
  return scoreHistory(spec, window, { from: ctx.through, to: ctx.through, startDate, paused })[0].score;
}

/**
 * One goal's year: totals, months, streak, standing at both ends, milestones and the change since last year,
 * with the sections its type adds (Kaggle, skill, pipeline, reflection).
 */
export function assembleGoalYear(
  entity: GoalEntity,
  rows: GoalRows,
  f: GoalFacts,
  ctx: GoalYearContext,
  sections: GoalTypeSections,
): GoalYear {
  const { from, to, prevTo } = ctx.bounds;
  const months = fillMonths(rows.months);
  const totals = sumTotals(months);
  const yearDays = rows.days.filter((d) => d.date >= from);
  const future = ctx.through < from;
  const inYear = (d: LocalDate | null): d is LocalDate => d !== null && d >= from && d <= to;
  return {
    goal: entity,
    totals,
    previous: rows.previous,
    change: changeFrom(totals, rows.previous),
    months,
    longestStreak: future ? { days: 0, start: null, end: null } : longestStreakInYear(entity, rows.days, yearDays, f.facts.paused, ctx),
    achievedOn: future ? null : achievedOnWithin(f.goal, f.facts, from, ctx.through),
    milestonesAchieved: rows.milestones
      .filter((m) => inYear(m.achievedOn))
      .sort((a, b) => (a.achievedOn! < b.achievedOn! ? -1 : a.achievedOn! > b.achievedOn! ? 1 : a.position - b.position)),
    openMilestones: rows.milestones.filter((m) => m.achievedOn === null || m.achievedOn > ctx.through),
    // For a year still to come both ends are "as of today".
    start: standing(f, future ? ctx.through : prevTo),
    end: standing(f, ctx.through),
    scoreAtEnd: future ? null : scoreAtEnd(entity, rows.days, f.facts.paused, ctx),
    ...sections,
  };
}

/** Empty rows, for a goal without any in the review's window. */
export function emptyGoalRows(): GoalRows {
  return { months: [], days: [], previous: ZERO_TOTALS, ledger: { beforePrev: 0, beforeYear: 0 }, milestones: [], pauses: [] };
}
