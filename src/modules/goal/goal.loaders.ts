import { In } from 'typeorm';
import type { Database } from '../../db/database';
import { GoalEntity } from './goal.entity';

/** The user's goals by id, in key order; null where the id is not theirs. */
export async function goalsById(db: Database, userId: number, ids: readonly number[]): Promise<Array<GoalEntity | null>> {
  const goals = await db.read((em) => em.findBy(GoalEntity, { userId, id: In([...ids]) }));
  const byId = new Map(goals.map((g) => [g.id, g]));
  return ids.map((id) => byId.get(id) ?? null);
}
