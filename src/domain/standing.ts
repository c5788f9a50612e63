/**
 * Where a goal stood at the end of a given day, derived from its dated facts (logs, milestones, pauses) rather
 * than from its current status, so that a review of 2020 shows 2020 as it was.
 *
 * What hoego dates itself: the goal's startDate, achievedOn, each log's date, each milestone's achievedOn and
 * pauses. What it does not date: a status of ABANDONED, ARCHIVED or PAUSED set by hand; those are taken to hold
 * from the goal's last change (`changedOn`) on, which is the best the stored data allows.
 */
import type { LocalDate } from './calendar';
import type { DayTotal } from './habit';
import { computeProgress, type Progress } from './progress';
import { shiftDate } from './year-review';

/** A goal's standing on a day. NOT_STARTED: the day is before the goal's start. */
export type StandingStatus = 'NOT_STARTED' | 'ACTIVE' | 'PAUSED' | 'ACHIEVED' | 'ABANDONED' | 'ARCHIVED';

/** The plain facts of a goal that its standing depends on. */
export interface StandingGoal {
  kind: 'HABIT' | 'TARGET' | 'MILESTONES';
  status: 'ACTIVE' | 'PAUSED' | 'ACHIEVED' | 'ABANDONED' | 'ARCHIVED';
  target: number | null;
  targetType: 'AT_LEAST' | 'AT_MOST';
  frequencyTimes: number | null;
  frequencyPerDays: number | null;
  startDate: LocalDate;
  achievedOn: LocalDate | null;
  /** Local date of the goal's last change. */
  changedOn: LocalDate;
}

/** The dated facts gathered for a goal. */
export interface StandingFacts {
  /** achievedOn of each of the goal's milestones; null while open. */
  milestoneDates: Array<LocalDate | null>;
  /** Total of the goal's logs dated before `ledgerFrom`. */
  totalBefore: number;
  /** Days from this one on are summed from `days`; earlier ones are in `totalBefore`. */
  ledgerFrom: LocalDate;
  /** Per-day totals, any order. May start before ledgerFrom (habit windows need the days before a year). */
  days: DayTotal[];
  /** Days on which the goal was paused. */
  paused: ReadonlySet<LocalDate>;
}

/** Slack for comparing float sums with a target (0.1 + 0.2 reaches 0.3). */
const EPS = 1e-9;

/** Total of the goal's logs dated on or before `date` (which must not be before ledgerFrom − 1). */
export function cumulativeTotal(facts: StandingFacts, date: LocalDate): number {
  let total = facts.totalBefore;
  for (const d of facts.days) if (d.date >= facts.ledgerFrom && d.date <= date) total += d.sum;
  return total;
}

/**
 * True when the goal counts as achieved at the end of `date`: its recorded achievedOn is on or before it, or,
 * for a do-more TARGET, the logs dated up to then reach the target, or, for MILESTONES, every milestone was
 * reached by then. Habits and AT_MOST targets are achieved only by hand.
 */
export function isAchievedBy(goal: StandingGoal, facts: StandingFacts, date: LocalDate): boolean {
  if (goal.achievedOn !== null && goal.achievedOn <= date) return true;
  switch (goal.kind) {
    case 'TARGET':
      return goal.targetType === 'AT_LEAST' && goal.target !== null && cumulativeTotal(facts, date) >= goal.target - EPS;
    case 'MILESTONES':
      return facts.milestoneDates.length > 0 && facts.milestoneDates.every((d) => d !== null && d <= date);
    case 'HABIT':
      return false;
  }
}

/**
 * The goal's status at the end of `date`, in this order of precedence: ACHIEVED (see isAchievedBy), NOT_STARTED
 * (before startDate), ABANDONED or ARCHIVED (when that is its status now and it last changed on or before the
 * day), PAUSED (a pause covers the day, or it is PAUSED now and last changed on or before the day), else ACTIVE.
 */
export function statusAt(goal: StandingGoal, facts: StandingFacts, date: LocalDate): StandingStatus {
  if (isAchievedBy(goal, facts, date)) return 'ACHIEVED';
  if (date < goal.startDate) return 'NOT_STARTED';
  if ((goal.status === 'ABANDONED' || goal.status === 'ARCHIVED') && goal.changedOn <= date) return goal.status;
  if (facts.paused.has(date) || (goal.status === 'PAUSED' && goal.changedOn <= date)) return 'PAUSED';
  return 'ACTIVE';
}

/**
 * The goal's progress at the end of `date`, measured as `Goal.progress` measures it today: TARGET, the total of
 * logs dated up to the day; HABIT, the frequency window of perDays days ending that day; MILESTONES, milestones
 * reached by the day out of all the goal's milestones.
 */
export function progressAt(goal: StandingGoal, facts: StandingFacts, date: LocalDate): Progress {
  const measured = { total: 0, windowSum: 0, windowDays: 0, milestonesDone: 0, milestonesTotal: facts.milestoneDates.length };
  switch (goal.kind) {
    case 'TARGET':
      measured.total = cumulativeTotal(facts, date);
      break;
    case 'HABIT': {
      const windowStart = shiftDate(date, -((goal.frequencyPerDays ?? 1) - 1));
      for (const d of facts.days) {
        if (d.date < windowStart || d.date > date) continue;
        measured.windowSum += d.sum;
        if (d.count > 0) measured.windowDays += 1;
      }
      break;
    }
    case 'MILESTONES':
      measured.milestonesDone = facts.milestoneDates.filter((d) => d !== null && d <= date).length;
      break;
  }
  return computeProgress(goal, measured);
}

/**
 * The first day within from..to at whose end the goal became achieved, or null when it was already achieved
 * before `from` or was not achieved by `to`. For a do-more TARGET this is the day the running total first
 * reached the target, which may be earlier than the recorded achievedOn (a log written later for an earlier day).
 */
export function achievedOnWithin(goal: StandingGoal, facts: StandingFacts, from: LocalDate, to: LocalDate): LocalDate | null {
  if (isAchievedBy(goal, facts, shiftDate(from, -1))) return null;
  const candidates: LocalDate[] = [];
  if (goal.achievedOn !== null) candidates.push(goal.achievedOn);
  const reached = facts.milestoneDates.filter((d): d is LocalDate => d !== null);
  if (goal.kind === 'MILESTONES' && reached.length > 0 && reached.length === facts.milestoneDates.length) {
    candidates.push(reached.reduce((a, b) => (a > b ? a : b)));
  }
  if (goal.kind === 'TARGET' && goal.targetType === 'AT_LEAST' && goal.target !== null) {
    let running = cumulativeTotal(facts, shiftDate(from, -1));
    const inRange = facts.days.filter((d) => d.date >= from && d.date <= to).sort((a, b) => (a.date < b.date ? -1 : 1));
    for (const d of inRange) {
      running += d.sum;
      if (running >= goal.target - EPS) {
        candidates.push(d.date);
        break;
      }
    }
  }
  const within = candidates.filter((d) => d >= from && d <= to).sort();
  return within.find((d) => isAchievedBy(goal, facts, d)) ?? null;
}

/**
 * What is left of a TARGET goal given its progress: AT_LEAST, the amount still to reach the target (0 once
 * reached); AT_MOST, the allowance not yet used (0 once used up). Null for other kinds.
 */
export function remainingOf(goal: Pick<StandingGoal, 'kind' | 'target'>, progress: Progress): number | null {
  if (goal.kind !== 'TARGET' || goal.target === null) return null;
  return Math.max(0, goal.target - progress.current);
}
