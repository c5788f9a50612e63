import { In } from 'typeorm';
import type { Database } from '../../db/database';
import { summarizeGoal, type GoalSummary } from '../../domain/goal-summary';
import { toDayNumber } from '../../domain/calendar';
import type { DaySeries, HabitSpec } from '../../domain/habit';
import { GoalEntity } from '../goal/goal.entity';
import type { ProgressLogEntity } from '../log/progress-log.entity';
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
 * first (or taken from the goal rows of this request's page, read with them): a cached summary under the current revision comes with the goal row it was computed from, and every field
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
 * The per-day totals of each goal as typed arrays, in key order. Years of days never stand in memory as row
 * objects: SQLite streams its rows into the arrays, and PostgreSQL sends each goal's days as one text.
 */
export async function daySeriesByGoal(db: Database, userId: number, goalIds: readonly number[]): Promise<DaySeries[]> {
  if (db.dialect === 'sqlite') return daySeriesStreamed(db, userId, goalIds);

  const unique = [...new Set(goalIds)];
  // "date,count,sum;date,count,sum;…", oldest day first; float8 prints the shortest text that reads back exactly.
  const rows: Array<{ goalId: number | string; days: string }> = await db.read((em) =>
    em.query(
      `SELECT d.goal_id AS "goalId", string_agg(d.date || ',' || d.n || ',' || d.s, ';' ORDER BY d.date) AS days
       FROM (SELECT goal_id, date, COUNT(*) AS n, COALESCE(SUM(value), 0) AS s FROM progress_logs
             WHERE user_id = $1 AND goal_id IN (${unique.map((_, i) => `$${i + 2}`).join(', ')}) GROUP BY goal_id, date) d
       GROUP BY d.goal_id`,
      [userId, ...unique],
    ),
  );
  const texts = new Map(rows.map((r) => [Number(r.goalId), r.days]));
  return goalIds.map((id) => parseDays(texts.get(id) ?? ''));
}

/** The day series of "date,count,sum;…" text. */
function parseDays(text: string): DaySeries {
  let n = text.length === 0 ? 0 : 1;
  for (let i = text.indexOf(';'); i !== -1; i = text.indexOf(';', i + 1)) n++;
  const series: DaySeries = { days: new Int32Array(n), counts: new Int32Array(n), sums: new Float64Array(n) };
  let at = 0;
  for (let i = 0; i < n; i++) {
    const end = i === n - 1 ? text.length : text.indexOf(';', at);
    const c1 = text.indexOf(',', at);
    const c2 = text.indexOf(',', c1 + 1);
    series.days[i] = toDayNumber(text.slice(at, c1));
    series.counts[i] = Number(text.slice(c1 + 1, c2));
    series.sums[i] = Number(text.slice(c2 + 1, end));
    at = end + 1;
  }
  return series;
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
