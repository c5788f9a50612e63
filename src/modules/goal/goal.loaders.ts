import { In } from 'typeorm';
import type { Database } from '../../db/database';
import { GoalEntity } from './goal.entity';

/** The user's goals by id, in key order; null where the id is not theirs. */
export async function goalsById(db: Database, userId: number, ids: readonly number[]): Promise<Array<GoalEntity | null>> {
  const goals = await db.read((em) => em.findBy(GoalEntity, { userId, id: In([...ids]) }));
  const byId = new Map(goals.map((g) => [g.id, g]));
  return ids.map((id) => byId.get(id) ?? null);
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
