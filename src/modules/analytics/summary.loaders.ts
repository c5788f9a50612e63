import { In } from 'typeorm';
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
 * Summaries of the user's goals, in key order (null where the id is not theirs). Only the goals' revisions are read
 * first: a cached summary under the current revision comes with the goal row it was computed from, and every field
 * of that row a summary's reader uses raises the revision when it changes (a mutation's payload may hold the row
 * from before its write, so the caller's row is not used). The revisions are read before anything else, so a write
 * committed in between makes a stored summary newer than its key, never older; the next request sees the new
 * revision and recomputes. Only goals missing from the cache cost a goal read and the three history statements.
 */
export async function summariesByGoal(
  db: Database,
  cache: SummaryCache<GoalEntity, ProgressLogEntity>,
  user: { id: number; timeZone: string; dayStartsAt: string },
  today: string,
  ids: readonly number[],
  /** The goals' current revisions in key order (null where not the user's), e.g. the request's `revisions` loader. */
  revisionsOf: (ids: readonly number[]) => Promise<ReadonlyArray<number | null | Error>>,
  /** Called before each goal is summarised: throws to stop when the request's time is up. */
  check: () => void = () => undefined,
): Promise<Array<SummarizedGoal | null>> {
  const revisions = new Map<number, number>();
  (await revisionsOf(ids)).forEach((revision, i) => {
    if (revision instanceof Error) throw revision;
    if (revision !== null) revisions.set(ids[i], revision);
  });
  const todayDay = toDayNumber(today);
  const keyOf = (goalId: number): SummaryKey => ({
    revision: revisions.get(goalId)!,
    timeZone: user.timeZone,
    dayStartsAt: user.dayStartsAt,
    today: todayDay,
  });
  const found = new Map<number, SummarizedGoal>();
  const missingIds: number[] = [];
  for (const id of revisions.keys()) {
    const entry = cache.entry(id, keyOf(id));
    if (entry?.goal) found.set(id, { goal: entry.goal, summary: entry.summary });
    else missingIds.push(id);
  }
  if (missingIds.length > 0) {
    const [missing, days, pauses, totals] = await Promise.all([
      db.read((em) => em.find(GoalEntity, { where: { userId: user.id, id: In(missingIds) } })),
      daySeriesByGoal(db, user.id, missingIds),
      pausesByGoal(db, user.id, missingIds),
      logTotalsByGoal(db, user.id, missingIds),
    ]);
    const byId = new Map(missing.map((goal) => [goal.id, goal]));
    missingIds.forEach((id, i) => {
      check();
      // Deleted since its revision was read: as if it had not been there.
      const goal = byId.get(id);
      if (!goal) return;
      const spec = habitSpecOf(goal);
      const summary = summarizeGoal(
        { spec, startDay: toDayNumber(goal.startDate), windowDays: spec ? spec.perDays : 1 },
        days[i],
        pauses[i].map((p) => [toDayNumber(p.startDate), toDayNumber(p.endDate)] as const),
        todayDay,
        { count: totals[i].count, total: totals[i].sum },
      );
      cache.set(id, keyOf(id), summary, goal);
      found.set(id, { goal, summary });
    });
  }
  return ids.map((id) => found.get(id) ?? null);
}

/**
 * The per-day totals of each goal as typed arrays, in key order. The rows arrive sorted by goal and day and go
 * straight into the arrays, so years of days cost one row object each on their way to a summary and no more.
 */
export async function daySeriesByGoal(db: Database, userId: number, goalIds: readonly number[]): Promise<DaySeries[]> {
  if (db.dialect === 'sqlite') return daySeriesStreamed(db, userId, goalIds);

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

/** The native statement of better-sqlite3 that `daySeriesStreamed` needs. */
interface NativeSqlite {
  prepare(sql: string): { raw(on: boolean): { iterate(...params: unknown[]): IterableIterator<[number, string, number, number | null]> } };
}

/**
 * `daySeriesByGoal` on SQLite: the rows are read one at a time from the driver into growing columns, so years of
 * days never stand in memory as an array of row objects (TypeORM's raw results hold all of them at once).
 */
async function daySeriesStreamed(db: Database, userId: number, goalIds: readonly number[]): Promise<DaySeries[]> {
  const unique = [...new Set(goalIds)];
  const columns = new Map<number, { days: number[]; counts: number[]; sums: number[] }>(
    unique.map((id) => [id, { days: [], counts: [], sums: [] }]),
  );
  const sql =
    'SELECT goal_id, date, COUNT(*), SUM(value) FROM progress_logs ' +
    `WHERE user_id = ? AND goal_id IN (${unique.map(() => '?').join(', ')}) GROUP BY goal_id, date ORDER BY goal_id, date`;
  await db.read(async () => {
    db.statements?.logQuery();
    const native = (db.dataSource.driver as unknown as { databaseConnection: NativeSqlite }).databaseConnection;
    for (const [goalId, date, count, sum] of native
      .prepare(sql)
      .raw(true)
      .iterate(userId, ...unique)) {
      const c = columns.get(goalId)!;
      c.days.push(toDayNumber(date));
      c.counts.push(count);
      c.sums.push(sum ?? 0);
    }
  });
  return goalIds.map((id) => {
    const c = columns.get(id)!;
    return { days: Int32Array.from(c.days), counts: Int32Array.from(c.counts), sums: Float64Array.from(c.sums) };
  });
}
