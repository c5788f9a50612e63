import type { GoalYear, WorkoutsOfYear } from '../review.model';
import { formatNumber, type Messages } from '../templates';
import type { Escape } from './view';

/**
 * The lines the typed goals (Kaggle, skill ladders, pipelines, ratings) and the year's training add to the
 * Markdown and HTML reports. User text (exercise, stage and venue names) is escaped with `esc` before it enters a
 * template; everything else comes from the locale's words.
 */

/** Kaggle: the tier at the end of the year, the goal's medals, what the next tier needs, and the tiers reached. */
function kaggleLines(m: Messages, g: GoalYear): string[] {
  const k = g.kaggle;
  if (!k) return [];
  const needs = k.nextTier && k.missing ? m.kaggleMissing(k.missing, k.nextTier) : null;
  const out = [m.kaggleLine(m.kaggleTier(k.tierAtEnd), m.kaggleMedals(k.medals), needs)];
  if (k.tiersReached.length > 0)
    out.push(m.kaggleTiersReached(k.tiersReached.map((t) => ({ tier: t.tier, date: m.shortDate(t.reachedOn) }))));
  return out;
}

/** Skill ladder: levels reached in the year, the next one, and the year's training of the ladder's exercises. */
function skillLines(m: Messages, g: GoalYear, esc: Escape): string[] {
  const s = g.skill;
  if (!s) return [];
  const n = (x: number) => formatNumber(m, x);
  const name = (l: { entity: { exercise: string } } | null) => (l ? esc(l.entity.exercise) : null);
  const reached = s.levelsReached.map((l) => ({ exercise: esc(l.entity.exercise), date: m.shortDate(l.reachedOn!) }));
  const out = [m.ladderLine(reached, name(s.levelAtEnd), name(s.nextLevel))];
  const v = s.volume;
  if (v.sessions > 0)
    out.push(m.ladderVolume(n(v.sessions), n(v.sets), v.reps > 0 ? n(v.reps) : null, v.holdSeconds > 0 ? n(v.holdSeconds) : null));
  return out;
}

/** Pipeline: its venue or deadline, the stages done in the year against their plan, and the next stage. */
function pipelineLines(m: Messages, g: GoalYear, esc: Escape): string[] {
  const p = g.pipeline;
  if (!p) return [];
  const n = (x: number) => formatNumber(m, x);
  const out: string[] = [];
  if (p.deadline) out.push(m.pipelineTarget(p.venue ? esc(p.venue.name) : null, m.date(p.deadline)));
  const done = p.stagesCompleted.map((s) =>
    m.stageDone(esc(s.milestone.title), m.shortDate(s.milestone.achievedOn!), s.plannedDate === null ? null : n(s.daysLate)),
  );
  out.push(m.stagesLine(done));
  const next = p.nextStage;
  out.push(
    next
      ? m.nextStage(esc(next.milestone.title), next.plannedDate && m.date(next.plannedDate), next.late ? n(next.daysLate) : null)
      : m.allStagesDone,
  );
  return out;
}

/** Ratings: the year's average and trend, and the monthly averages of the months that have any. */
function reflectionLines(m: Messages, g: GoalYear): string[] {
  const r = g.reflection;
  if (!r) return [];
  const average = r.averageRating === null ? null : formatNumber(m, r.averageRating, { decimals: 1 });
  // Cut, not rounded, to two decimals: a slope of 0.097 is STEADY and must not read as +0.1.
  const slope = r.slope === null ? null : formatNumber(m, Math.trunc(r.slope * 100) / 100, { signed: true, decimals: 2 });
  const out = [m.ratingLine(formatNumber(m, r.ratedLogs), average, r.direction && m.trendWord(r.direction), slope)];
  const rated = r.months.filter((x) => x.average !== null);
  if (rated.length > 1) {
    const month = (ym: string) => m.monthShort[Number(ym.slice(5, 7)) - 1];
    out.push(`${m.monthlyRatings}: ${rated.map((x) => `${month(x.month)} ${formatNumber(m, x.average!, { decimals: 1 })}`).join(' · ')}`);
  }
  return out;
}

/** Every line a goal's type adds, in a fixed order. */
export function typedLines(m: Messages, g: GoalYear, esc: Escape): string[] {
  return [...kaggleLines(m, g), ...skillLines(m, g, esc), ...pipelineLines(m, g, esc), ...reflectionLines(m, g)];
}

/** The year's training in one line; null without a workout. */
export function trainingText(m: Messages, w: WorkoutsOfYear): string | null {
  if (w.sessions === 0) return null;
  const n = (x: number) => formatNumber(m, x);
  return m.trainingLine(
    n(w.sessions),
    w.minutes > 0 ? n(w.minutes) : null,
    n(w.sets),
    w.reps > 0 ? n(w.reps) : null,
    w.holdSeconds > 0 ? n(w.holdSeconds) : null,
  );
}

/** The ISO week with the most sessions (then sets; the earlier on ties); null without a workout. */
export function busiestWeekOf(w: WorkoutsOfYear): WorkoutsOfYear['weeks'][number] | null {
  let best: WorkoutsOfYear['weeks'][number] | null = null;
  for (const week of w.weeks) {
    if (week.sessions > 0 && (!best || week.sessions > best.sessions || (week.sessions === best.sessions && week.sets > best.sets)))
      best = week;
  }
  return best;
}

/** The busiest training week in words; null without a workout. */
export function busiestWeekText(m: Messages, w: WorkoutsOfYear): string | null {
  const best = busiestWeekOf(w);
  return best && m.busiestWeek(m.shortDate(best.weekStart), formatNumber(m, best.sessions), formatNumber(m, best.sets));
}

/** One line per exercise with a record set in the year: 'tuck planche: 25 s hold (12 Jun), 8 reps (3 Sep)'. */
export function recordTexts(m: Messages, w: WorkoutsOfYear, esc: Escape): string[] {
  const n = (x: number) => formatNumber(m, x);
  return w.personalRecords.map((r) => {
    const parts: string[] = [];
    if (r.maxHoldOn && r.maxHoldSeconds !== null) parts.push(m.recordHold(n(r.maxHoldSeconds), m.shortDate(r.maxHoldOn)));
    if (r.maxRepsOn && r.maxReps !== null) parts.push(m.recordReps(n(r.maxReps), m.shortDate(r.maxRepsOn)));
    if (r.maxWeightOn && r.maxWeightKg !== null)
      parts.push(m.recordWeight(formatNumber(m, r.maxWeightKg, { signed: true }), m.shortDate(r.maxWeightOn)));
    return `${esc(r.exercise)}: ${parts.join(', ')}`;
  });
}
