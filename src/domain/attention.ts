/** Why a goal needs attention today, most urgent first. */
export type AttentionReason = 'OVERDUE' | 'DUE_TODAY' | 'STREAK_AT_RISK' | 'DUE' | 'BEHIND_PACE';

const RANK: Record<AttentionReason, number> = { OVERDUE: 0, DUE_TODAY: 1, STREAK_AT_RISK: 2, DUE: 3, BEHIND_PACE: 4 };

/** What is known about one active goal today. */
export interface AttentionFacts {
  id: number;
  today: string;
  dueDate: string | null;
  /** False for goals that are already done (achieved, or a met target). */
  open: boolean;
  /** Habits: the current streak, and whether today already counts (or is paused). */
  streak: { current: number; todaySettled: boolean } | null;
  /** TARGET goals with a due date: days ahead (negative when behind) and whether on track. */
  pace: { onTrack: boolean; daysAhead: number } | null;
  /** Habits: whether their rule still needs today (see today.ts). */
  habitDue: boolean;
}

/**
 * The reasons a goal needs attention today, or none.
 * - OVERDUE / DUE_TODAY: an open goal whose due date has passed or is today.
 * - STREAK_AT_RISK: a habit with a live streak that today has not yet kept: it ends tonight without a log.
 * - DUE: a habit whose rule still needs today, with no streak at risk (a daily habit not done, a window that
 *   cannot be met without today, a chosen weekday).
 * - BEHIND_PACE: a target below (or, for AT_MOST, above) its line.
 */
export function attentionReasons(f: AttentionFacts): AttentionReason[] {
  const reasons: AttentionReason[] = [];
  if (f.open && f.dueDate !== null) {
    if (f.dueDate < f.today) reasons.push('OVERDUE');
    else if (f.dueDate === f.today) reasons.push('DUE_TODAY');
  }
  if (f.streak && f.streak.current > 0 && !f.streak.todaySettled) reasons.push('STREAK_AT_RISK');
  else if (f.open && f.habitDue) reasons.push('DUE');
  if (f.open && f.pace && !f.pace.onTrack) reasons.push('BEHIND_PACE');
  return reasons;
}

/**
 * Orders goals that need attention: by their most urgent reason; then longer streaks at risk first
 * (more to lose), further behind pace first, and older goals first.
 */
export function rankByUrgency(items: Array<AttentionFacts & { reasons: AttentionReason[] }>): number[] {
  const key = (f: AttentionFacts & { reasons: AttentionReason[] }) => Math.min(...f.reasons.map((r) => RANK[r]));
  return items
    .filter((f) => f.reasons.length > 0)
    .sort(
      (a, b) =>
        key(a) - key(b) ||
        (b.streak?.current ?? 0) - (a.streak?.current ?? 0) ||
        (a.pace?.daysAhead ?? 0) - (b.pace?.daysAhead ?? 0) ||
        a.id - b.id,
    )
    .map((f) => f.id);
}
