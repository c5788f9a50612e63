import type { GoalYear } from '../review.model';
import { formatNumber, formatPercent, type KindFacts, type Messages } from '../templates';

/**
 * Pieces of text that the Markdown and the HTML report share, built from the model and the locale's templates.
 * `esc` escapes user text for the output format before it enters a template.
 */
export type Escape = (text: string) => string;

/** The goal's kind and rule, with its unit escaped. */
export function kindFacts(g: GoalYear, esc: Escape): KindFacts {
  const e = g.goal;
  return {
    kind: e.kind,
    times: e.frequencyTimes,
    perDays: e.frequencyPerDays,
    target: e.target,
    targetType: e.targetType,
    unit: e.unit ? esc(e.unit) : null,
  };
}

/** An amount with the goal's unit, e.g. "1 gold medal". */
export function amount(m: Messages, g: GoalYear, value: number, esc: Escape, signed = false): string {
  const n = formatNumber(m, value, { signed });
  return g.goal.unit ? `${n} ${esc(g.goal.unit)}` : n;
}

/** The year's total in the goal's unit; null for goals without a unit, whose total is just the number of logs. */
export function totalText(m: Messages, g: GoalYear, esc: Escape): string | null {
  return g.goal.unit ? amount(m, g, g.totals.total, esc) : null;
}

/** The longest streak line: the habit rule's streak for habits, days in a row with a log for the others. */
export function streakText(m: Messages, g: GoalYear): string | null {
  const run = g.longestStreak;
  // One day "in a row" says nothing for a goal without a daily rhythm.
  if (run.days === 0 || (run.days === 1 && g.goal.kind !== 'HABIT')) return null;
  const span = run.start && run.end ? m.span(run.start, run.end) : null;
  const days = formatNumber(m, run.days);
  return g.goal.kind === 'HABIT' ? m.streakLine(days, span) : m.dayRunLine(days, span);
}

/**
 * What the comparison with the previous year says: "new this year" for goals that started in it, nothing when
 * neither year has a log (a goal measured by milestones alone), else the change in logs, days and total.
 */
export function changeText(m: Messages, g: GoalYear, year: number, from: string, esc: Escape): string | null {
  if (g.goal.startDate >= from && g.previous.logCount === 0) return m.newThisYear;
  if (g.previous.logCount === 0 && g.totals.logCount === 0) return null;
  const signed = (n: number) => formatNumber(m, n, { signed: true });
  return m.comparedWith(
    year - 1,
    signed(g.change.logCount),
    signed(g.change.activeDays),
    g.goal.unit ? amount(m, g, g.change.total, esc, true) : null,
  );
}

/** Where the goal stands at the end: achieved that year, what remains of a target, the next milestone, or still going. */
export function outcomeText(m: Messages, g: GoalYear, esc: Escape): string {
  if (g.achievedOn) return m.achievedOn(m.date(g.achievedOn));
  if (g.end.status === 'ACHIEVED') return m.achievedEarlier;
  const kind = g.goal.kind;
  if (kind === 'TARGET' && g.end.remaining !== null) {
    const left = amount(m, g, g.end.remaining, esc);
    return g.goal.targetType === 'AT_LEAST' ? m.amountToGo(left) : m.allowanceLeft(left);
  }
  if (kind === 'MILESTONES' && g.openMilestones.length > 0) {
    const all = g.end.progress.target ?? g.openMilestones.length;
    return m.nextMilestone(esc(g.openMilestones[0].title), g.openMilestones.length, all);
  }
  return m.keepGoing;
}

/** Progress at the end of the year for targets and milestones; null for habits (their score says more). */
export function progressText(m: Messages, g: GoalYear): string | null {
  if (g.goal.kind === 'HABIT') return null;
  const p = g.end.progress;
  const percent = p.percent === null ? null : formatPercent(m, p.percent, true);
  return m.progressAtEnd(formatNumber(m, p.current), p.target === null ? null : formatNumber(m, p.target), percent);
}

/** Habit strength at the end of the year as a percentage; null for other kinds. */
export function scoreText(m: Messages, g: GoalYear): string | null {
  return g.scoreAtEnd === null ? null : m.scoreLine(formatPercent(m, g.scoreAtEnd));
}
