import { In } from 'typeorm';
import type { Database } from '../../db/database';
import { MilestoneEntity } from './milestone.entity';

/** Milestones of each goal in position order, in key order. */
export async function milestonesByGoal(db: Database, userId: number, goalIds: readonly number[]): Promise<MilestoneEntity[][]> {
  const rows = await db.read((em) =>
    em.find(MilestoneEntity, { where: { userId, goalId: In([...goalIds]) }, order: { goalId: 'ASC', position: 'ASC', id: 'ASC' } }),
  );
  const byGoal = new Map<number, MilestoneEntity[]>();
  for (const m of rows) byGoal.set(m.goalId, [...(byGoal.get(m.goalId) ?? []), m]);
  return goalIds.map((id) => byGoal.get(id) ?? []);
}
