/** Plain facts about a goal that its progress depends on. */
export interface ProgressGoal {
  kind: 'HABIT' | 'TARGET' | 'MILESTONES';
  target: number | null;
  targetType: 'AT_LEAST' | 'AT_MOST';
  frequencyTimes: number | null;
}

/** Totals gathered for the goal: all-time, the current habit window, and milestones. */
export interface ProgressFacts {
  total: number;
  /** Sum of values in the habit's current window (the last perDays days up to today). */
  windowSum: number;
  /** Days with at least one log in the habit's current window. */
  windowDays: number;
  milestonesDone: number;
  milestonesTotal: number;
}

export interface Progress {
  current: number;
  target: number | null;
  percent: number | null;
}

/**
 * How far a goal has come.
 * - TARGET: the total of all logs against the target.
 * - HABIT: numeric habits, the current window's sum against the per-window target; yes/no habits, the days
 *   with a log in the current window against `times`.
 * - MILESTONES: milestones reached against all milestones.
 * Percent is capped at 100 for do-more goals; for AT_MOST goals it is the share of the allowance used and may pass 100.
 */
export function computeProgress(goal: ProgressGoal, facts: ProgressFacts): Progress {
  let current: number;
  let target: number | null;
  switch (goal.kind) {
    case 'TARGET':
      current = facts.total;
      target = goal.target;
      break;
    case 'HABIT':
      current = goal.target !== null ? facts.windowSum : facts.windowDays;
      target = goal.target ?? goal.frequencyTimes;
      break;
    case 'MILESTONES':
      current = facts.milestonesDone;
      target = facts.milestonesTotal === 0 ? null : facts.milestonesTotal;
      break;
  }
  if (target === null || target <= 0) return { current, target, percent: null };
  const raw = (current / target) * 100;
  // A tiny target against a huge amount overflows; such a share has no meaningful percentage.
  if (!Number.isFinite(raw)) return { current, target, percent: null };
  const percent = goal.targetType === 'AT_MOST' ? raw : Math.min(100, raw);
  return { current, target, percent: Math.round(percent * 100) / 100 };
}
