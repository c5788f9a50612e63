import { In } from 'typeorm';
import type { Database } from '../../db/database';
import { keysetCondition, type Page } from '../../db/paginate';
import { GoalEntity, type GoalStatusValue } from './goal.entity';
import type { GoalOrdering } from './goal.order';
import type { KeptPage } from '../analytics/summary-cache';

/**
 * Pages of one user's goal list kept between requests under the user's revision as the request read it, by page
 * shape (filters, order, cursor, size). Every write to a goal raises that revision, so a kept page is current.
 */
export interface KeptGoalPages {
  get(shape: string): KeptPage<GoalEntity> | undefined;
  set(shape: string, page: KeptPage<GoalEntity>): void;
}

/** The user's goals by id, in key order; null where the id is not theirs. */
export async function goalsById(db: Database, userId: number, ids: readonly number[]): Promise<Array<GoalEntity | null>> {
  const goals = await db.read((em) => em.findBy(GoalEntity, { userId, id: In([...ids]) }));
  const byId = new Map(goals.map((g) => [g.id, g]));
  return ids.map((id) => byId.get(id) ?? null);
}

/**
 * One page of children for each of many parent goals, in two statements whatever the number of parents: the
 * children of every page at once, picked by a window over each parent's children in the list's order, and one
 * grouped count.
 */
export async function childPagesByParent(
  db: Database,
  userId: number,
  parentIds: readonly number[],
  status: GoalStatusValue | null,
  ordering: GoalOrdering,
): Promise<Array<Page<GoalEntity>>> {
  const { keys, page } = ordering;
  const params: Record<string, unknown> = { userId, parentIds: [...parentIds] };
  const where = ['g.user_id = :userId', 'g.parent_id IN (:...parentIds)'];
  if (status) {
    where.push('g.status = :status');
    params.status = status;
  }
  const countWhere = [...where];
  // The sort keys name the goal as `goal`; inside the window it is `g`.
  const inner = keys.map((k) => ({ ...k, expr: k.expr.replace(/\bgoal\./g, 'g.') }));
  for (const [cursor, reverse, prefix] of [
    [page.after, false, 'after'],
    [page.before, true, 'before'],
  ] as const) {
    if (cursor) {
      const cond = keysetCondition(inner, cursor, reverse, prefix);
      where.push(cond.sql);
      Object.assign(params, cond.params);
    }
  }
  // A backward page is read from its end, nearest the cursor first.
  const dirOf = (dir: 'ASC' | 'DESC') => (page.backward ? (dir === 'ASC' ? 'DESC' : 'ASC') : dir);
  const keep = page.limit + 1;
  if (!Number.isSafeInteger(keep) || keep < 1) throw new RangeError(`page limit must be a whole number >= 0, got ${page.limit}`);
  const window = `SELECT r.id FROM (SELECT g.id AS id, ROW_NUMBER() OVER (PARTITION BY g.parent_id ORDER BY ${inner
    .map((k) => `${k.expr} ${dirOf(k.dir)}`)
    .join(', ')}) AS n FROM goals g WHERE ${where.join(' AND ')}) r WHERE r.n <= ${keep}`;

  const [rows, counts] = await db.read(async (em) => {
    let found: GoalEntity[] = [];
    if (page.limit > 0 && parentIds.length > 0) {
      const qb = em.createQueryBuilder(GoalEntity, 'goal').where(`goal.id IN (${window})`, params).orderBy('goal.parent_id');
      for (const k of keys) qb.addOrderBy(k.expr, dirOf(k.dir));
      found = await qb.getMany();
    }
    const totals: Array<{ parentId: number | string; count: number | string }> =
      parentIds.length === 0
        ? []
        : await em
            .createQueryBuilder(GoalEntity, 'g')
            .select('g.parent_id', 'parentId')
            .addSelect('COUNT(*)', 'count')
            .where(countWhere.join(' AND '), params)
            .groupBy('g.parent_id')
            .getRawMany();
    return [found, totals] as const;
  });

  const countOf = new Map(counts.map((c) => [Number(c.parentId), Number(c.count)]));
  const rowsOf = new Map<number, GoalEntity[]>();
  for (const row of rows) rowsOf.set(row.parentId!, [...(rowsOf.get(row.parentId!) ?? []), row]);
  return parentIds.map((parentId) => {
    const list = rowsOf.get(parentId) ?? [];
    const more = list.length > page.limit;
    const items = list.slice(0, page.limit);
    if (page.backward) items.reverse();
    return {
      items,
      totalCount: countOf.get(parentId) ?? 0,
      hasNextPage: page.backward ? page.before !== null : more,
      hasPreviousPage: page.backward ? more : page.after !== null,
      cursorOf: ordering.cursorOf,
    };
  });
}

/**
 * The revisions of the user's goals with these ids, in key order (null where the id is not theirs): one plain
 * statement, no entities built. What is kept of a goal between requests is served only under the revision read here.
 */
export async function goalRevisions(db: Database, userId: number, ids: readonly number[]): Promise<Array<number | null>> {
  const postgres = db.dialect === 'postgres';
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const list = unique.map((_, i) => (postgres ? `$${i + 2}` : '?')).join(', ');
  const rows: Array<{ id: number | string; revision: number | string }> = await db.read((em) =>
    em.query(`SELECT id, revision FROM goals WHERE user_id = ${postgres ? '$1' : '?'} AND id IN (${list})`, [userId, ...unique]),
  );
  const byId = new Map(rows.map((r) => [Number(r.id), Number(r.revision)]));
  return ids.map((id) => byId.get(id) ?? null);
}
