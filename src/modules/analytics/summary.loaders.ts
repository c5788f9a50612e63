import type { Database } from '../../db/database';
import { summarizeGoal, type GoalSummary } from '../../domain/goal-summary';
import { toDayNumber } from '../../domain/calendar';
import type { DaySeries, HabitSpec } from '../../domain/habit';
import { GoalEntity } from '../goal/goal.entity';
import { ProgressLogEntity } from '../log/progress-log.entity';
import { logTotalsByGoal } from '../log/log.loaders';
import { pausesByGoal } from '../pause/pause.loaders';
import type { SummaryCache, SummaryKey } from './summary-cache';

/** A goal as read in this request, with the summary of its history on the owner's today. */
export interface SummarizedGoal {
  goal: GoalEntity;
  summary: GoalSummary;
}

/** The habit rule of a HABIT goal; null for other kinds. */
export function habitSpecOf(goal: GoalEntity): HabitSpec | null {
  if (goal.kind !== 'HABIT' || goal.frequencyTimes === null || goal.frequencyPerDays === null) return null;
  return {
    times: goal.frequencyTimes,
    perDays: goal.frequencyPerDays,
    numeric: goal.target !== null,
    target: goal.target,
    targetType: goal.targetType,
  };
}

/**
 * Summaries of the user's goals, in key order (null where the id is not theirs). The goal rows are read here,
 * with their revisions, rather than taken from the caller: a mutation's payload holds the row from before its
 * write, and only a row read now says which summary is current. The revisions are read before the history, so
 * a write committed in between makes the stored summary newer than its key, never older; the next request sees
 * the new revision and recomputes. Only goals missing from the cache cost the three history statements.
 */
export async function summariesByGoal(
  db: Database,
  cache: SummaryCache,
  user: { id: number; timeZone: string; dayStartsAt: string },
  today: string,
  ids: readonly number[],
  /** Called before each goal is summarised: throws to stop when the request's time is up. */
  check: () => void = () => undefined,
): Promise<Array<SummarizedGoal | null>> {
  const { entities, raw } = await db.read((em) =>
    em
      .createQueryBuilder(GoalEntity, 'goal')
      .addSelect('goal.revision', 'goal_revision')
      .where('goal.user_id = :userId AND goal.id IN (:...ids)', { userId: user.id, ids: [...ids] })
      .getRawAndEntities<{ goal_id: number | string; goal_revision: number | string }>(),
  );
  const revisionOf = new Map(raw.map((r) => [Number(r.goal_id), Number(r.goal_revision)]));
  const todayDay = toDayNumber(today);
  const keyOf = (goal: GoalEntity): SummaryKey => ({
    revision: revisionOf.get(goal.id) ?? -1,
    timeZone: user.timeZone,
    dayStartsAt: user.dayStartsAt,
    today: todayDay,
  });
  const found = new Map<number, SummarizedGoal>();
  const missing: GoalEntity[] = [];
  for (const goal of entities) {
    const summary = cache.get(goal.id, keyOf(goal));
    if (summary) found.set(goal.id, { goal, summary });
    else missing.push(goal);
  }
  if (missing.length > 0) {
    const missingIds = missing.map((g) => g.id);
    const [days, pauses, totals] = await Promise.all([
      daySeriesByGoal(db, user.id, missingIds),
      pausesByGoal(db, user.id, missingIds),
      logTotalsByGoal(db, user.id, missingIds),
    ]);
    missing.forEach((goal, i) => {
      check();
      const spec = habitSpecOf(goal);
      const summary = summarizeGoal(
        { spec, startDay: toDayNumber(goal.startDate), windowDays: spec ? spec.perDays : 1 },
        days[i],
        pauses[i].map((p) => [toDayNumber(p.startDate), toDayNumber(p.endDate)] as const),
        todayDay,
        { count: totals[i].count, total: totals[i].sum },
      );
      cache.set(goal.id, keyOf(goal), summary);
      found.set(goal.id, { goal, summary });
    });
  }
  return ids.map((id) => found.get(id) ?? null);
}

/**
 * The per-day totals of each goal as typed arrays, in key order. The rows arrive sorted by goal and day and go
 * straight into the arrays, so years of days cost one row object each on their way to a summary and no more.
 */
export async function daySeriesByGoal(db: Database, userId: number, goalIds: readonly number[]): Promise<DaySeries[]> {
  const rows: Array<{ goalId: number | string; date: string; count: number | string; sum: number | string | null }> = await db.read((em) =>
    em
      .createQueryBuilder(ProgressLogEntity, 'l')
      .select('l.goal_id', 'goalId')
      .addSelect('l.date', 'date')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(l.value)', 'sum')
      .where('l.user_id = :userId AND l.goal_id IN (:...goalIds)', { userId, goalIds: [...goalIds] })
      .groupBy('l.goal_id')
      .addGroupBy('l.date')
      .orderBy('l.goal_id')
      .addOrderBy('l.date')
      .getRawMany(),
  );
  const ranges = new Map<number, { start: number; end: number }>();
  rows.forEach((r, i) => {
    const id = Number(r.goalId);
    const range = ranges.get(id);
    if (range) range.end = i + 1;
    else ranges.set(id, { start: i, end: i + 1 });
  });
  return goalIds.map((id) => {
    const { start, end } = ranges.get(id) ?? { start: 0, end: 0 };
    const series: DaySeries = {
      days: new Int32Array(end - start),
      counts: new Int32Array(end - start),
      sums: new Float64Array(end - start),
    };
    for (let i = start; i < end; i++) {
      series.days[i - start] = toDayNumber(rows[i].date);
      series.counts[i - start] = Number(rows[i].count);
      series.sums[i - start] = Number(rows[i].sum ?? 0);
    }
    return series;
  });
}
