import { In } from 'typeorm';
import type { Database } from '../../db/database';
import { keysetCondition, paginate } from '../../db/paginate';
import { encodeCursor, type Page, type PageRequest } from '../../db/paginate';
import { ProgressLogEntity } from './progress-log.entity';

/** Logs of one goal are listed newest day first, then newest entry first. */
export const LOG_ORDER = [
  { expr: 'l.date', dir: 'DESC' as const, of: (l: ProgressLogEntity) => l.date },
  { expr: 'l.id', dir: 'DESC' as const, of: (l: ProgressLogEntity) => l.id },
];

export interface LogFilter {
  from?: string | null;
  to?: string | null;
  /** False when nobody reads the total: the pages then report 0 and skip counting every log of every goal. */
  counted?: boolean;
}

/** Log count and value total of each goal, in key order. */
export async function logTotalsByGoal(
  db: Database,
  userId: number,
  goalIds: readonly number[],
): Promise<Array<{ count: number; sum: number }>> {
  const rows: Array<{ goalId: number; count: string | number; sum: string | number | null }> = await db.read((em) =>
    em
      .createQueryBuilder(ProgressLogEntity, 'l')
      .select('l.goal_id', 'goalId')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(l.value)', 'sum')
      .where('l.user_id = :userId AND l.goal_id IN (:...goalIds)', { userId, goalIds })
      .groupBy('l.goal_id')
      .getRawMany(),
  );
  const byGoal = new Map(rows.map((r) => [Number(r.goalId), { count: Number(r.count), sum: Number(r.sum ?? 0) }]));
  return goalIds.map((id) => byGoal.get(id) ?? { count: 0, sum: 0 });
}

/** Per-day log count and total of each goal since `from` (all days when null), oldest first, in key order. */
export async function dailyTotalsByGoal(
  db: Database,
  userId: number,
  goalIds: readonly number[],
  from: string | null,
): Promise<Array<Array<{ date: string; count: number; sum: number }>>> {
  const rows: Array<{ goalId: number; date: string; count: string | number; sum: string | number | null }> = await db.read((em) => {
    const qb = em
      .createQueryBuilder(ProgressLogEntity, 'l')
      .select('l.goal_id', 'goalId')
      .addSelect('l.date', 'date')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(l.value)', 'sum')
      .where('l.user_id = :userId AND l.goal_id IN (:...goalIds)', { userId, goalIds });
    if (from) qb.andWhere('l.date >= :from', { from });
    return qb.groupBy('l.goal_id').addGroupBy('l.date').orderBy('l.goal_id').addOrderBy('l.date').getRawMany();
  });
  const byGoal = new Map<number, Array<{ date: string; count: number; sum: number }>>();
  for (const r of rows) {
    const list = byGoal.get(Number(r.goalId)) ?? [];
    list.push({ date: r.date, count: Number(r.count), sum: Number(r.sum ?? 0) });
    byGoal.set(Number(r.goalId), list);
  }
  return goalIds.map((id) => byGoal.get(id) ?? []);
}

/**
 * One page of logs for each of many goals, in two statements whatever the number of goals: one subquery per goal
 * walks that goal's (goal_id, date) index from the page's end and stops after `limit + 1` rows (UNION ALL of them,
 * so years of logs are never read for five), and one grouped count unless `filter.counted` is false.
 */
export async function logPagesByGoal(
  db: Database,
  userId: number,
  goalIds: readonly number[],
  filter: LogFilter,
  page: PageRequest,
): Promise<Array<Page<ProgressLogEntity>>> {
  const params: Record<string, unknown> = { userId, goalIds };
  const where = ['l.user_id = :userId'];
  if (filter.from) {
    where.push('l.date >= :from');
    params.from = filter.from;
  }
  if (filter.to) {
    where.push('l.date <= :to');
    params.to = filter.to;
  }
  const countWhere = [...where, 'l.goal_id IN (:...goalIds)'];
  for (const [cursor, reverse, prefix] of [
    [page.after, false, 'after'],
    [page.before, true, 'before'],
  ] as const) {
    if (cursor) {
      const cond = keysetCondition(LOG_ORDER, cursor, reverse, prefix);
      where.push(cond.sql);
      Object.assign(params, cond.params);
    }
  }
  // LOG_ORDER is descending on every key, so a backward page reads it ascending.
  const order = LOG_ORDER.map((k) => `${k.expr} ${page.backward ? 'ASC' : k.dir}`).join(', ');
  // The limit is written into the SQL, not bound: with a bound LIMIT, PostgreSQL's generic plan cannot know it
  // is small and sorts all of a goal's logs instead of reading the first few from the index.
  const keep = page.limit + 1;
  if (!Number.isSafeInteger(keep) || keep < 1) throw new RangeError(`page limit must be a whole number >= 0, got ${page.limit}`);
  const perGoal = goalIds.map((id, i) => {
    params[`goal${i}`] = id;
    return `SELECT id FROM (SELECT l.id AS id FROM progress_logs l WHERE l.goal_id = :goal${i} AND ${where.join(' AND ')} ORDER BY ${order} LIMIT ${keep}) p${i}`;
  });

  const [rows, counts] = await db.read(async (em) => {
    const found =
      page.limit === 0 || goalIds.length === 0
        ? []
        : await em
            .createQueryBuilder(ProgressLogEntity, 'log')
            .where(`log.id IN (${perGoal.join(' UNION ALL ')})`, params)
            .getMany();
    const totals: Array<{ goalId: number; count: string | number }> =
      filter.counted === false
        ? []
        : await em
            .createQueryBuilder(ProgressLogEntity, 'l')
            .select('l.goal_id', 'goalId')
            .addSelect('COUNT(*)', 'count')
            .where(countWhere.join(' AND '), params)
            .groupBy('l.goal_id')
            .getRawMany();
    return [found, totals] as const;
  });

  const countOf = new Map(counts.map((c) => [Number(c.goalId), Number(c.count)]));
  const rowsOf = new Map<number, ProgressLogEntity[]>();
  for (const row of rows) rowsOf.set(row.goalId, [...(rowsOf.get(row.goalId) ?? []), row]);
  return goalIds.map((goalId) => {
    const list = (rowsOf.get(goalId) ?? []).sort(compareLogs);
    if (page.backward) list.reverse(); // nearest to the cursor first, as fetched
    const more = list.length > page.limit;
    const items = list.slice(0, page.limit);
    if (page.backward) items.reverse();
    return {
      items,
      totalCount: countOf.get(goalId) ?? 0,
      hasNextPage: page.backward ? page.before !== null : more,
      hasPreviousPage: page.backward ? more : page.after !== null,
      cursorOf: logCursor,
    };
  });
}

/** The cursor of a log in LOG_ORDER. */
export function logCursor(log: ProgressLogEntity): string {
  return encodeCursor(LOG_ORDER.map((k) => k.of(log)));
}

/** Roughly what a page of these logs costs in memory. */
export function logPageBytes(logs: readonly ProgressLogEntity[]): number {
  let bytes = 200;
  for (const log of logs) bytes += 400 + 2 * ((log.note?.length ?? 0) + (log.requestId?.length ?? 0));
  return bytes;
}

/** List order: newest date first, then highest id first. */
function compareLogs(a: ProgressLogEntity, b: ProgressLogEntity): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  return b.id - a.id;
}

/** The user's logs with these ids, null for ids that are not theirs, in key order. */
export async function logsById(db: Database, userId: number, ids: readonly number[]): Promise<Array<ProgressLogEntity | null>> {
  const rows = await db.read((em) => em.findBy(ProgressLogEntity, { userId, id: In([...ids]) }));
  const byId = new Map(rows.map((log) => [log.id, log]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** The user's log count and value total of each day of from..to that has logs, across goals, oldest first. */
export async function dayTotals(
  db: Database,
  userId: number,
  from: string,
  to: string,
): Promise<Array<{ date: string; count: number; sum: number }>> {
  const rows: Array<{ date: string; count: string | number; sum: string | number | null }> = await db.read((em) =>
    em
      .createQueryBuilder(ProgressLogEntity, 'l')
      .select('l.date', 'date')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(l.value)', 'sum')
      // The (user, date, goal, value) index answers this without reading the rows.
      .where('l.user_id = :userId AND l.date >= :from AND l.date <= :to', { userId, from, to })
      .groupBy('l.date')
      .orderBy('l.date')
      .getRawMany(),
  );
  return rows.map((r) => ({ date: r.date, count: Number(r.count), sum: Number(r.sum ?? 0) }));
}

/**
 * The user's logs of from..to, at most `perDay` of each day (the newest entries), newest day first. One
 * statement: a window over each day's logs keeps its first `perDay`.
 */
export async function logsOfDays(db: Database, userId: number, from: string, to: string, perDay: number): Promise<ProgressLogEntity[]> {
  if (!Number.isSafeInteger(perDay) || perDay < 1) throw new RangeError(`perDay must be a whole number >= 1, got ${perDay}`);
  return db.read((em) =>
    em
      .createQueryBuilder(ProgressLogEntity, 'log')
      .where(
        `log.id IN (SELECT r.id FROM (SELECT l.id AS id, ROW_NUMBER() OVER (PARTITION BY l.date ORDER BY l.id DESC) AS n
           FROM progress_logs l WHERE l.user_id = :userId AND l.date >= :from AND l.date <= :to) r WHERE r.n <= ${perDay})`,
        { userId, from, to },
      )
      .orderBy('log.date', 'DESC')
      .addOrderBy('log.id', 'DESC')
      .getMany(),
  );
}

/** A page of the user's logs across goals (all, or those of `goalIds`), optionally within from..to, in LOG_ORDER. */
export async function logPageOfUser(
  db: Database,
  userId: number,
  filter: { from?: string | null; to?: string | null; goalIds?: readonly number[] | null },
  page: PageRequest,
): Promise<Page<ProgressLogEntity>> {
  return db.read((em) => {
    const qb = em.createQueryBuilder(ProgressLogEntity, 'l').where('l.user_id = :userId', { userId });
    if (filter.from) qb.andWhere('l.date >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('l.date <= :to', { to: filter.to });
    if (filter.goalIds) {
      if (filter.goalIds.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere('l.goal_id IN (:...goalIds)', { goalIds: [...filter.goalIds] });
    }
    return paginate(qb, LOG_ORDER, page);
  });
}
