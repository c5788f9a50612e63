import { In, type EntityManager } from 'typeorm';
import type { Database } from '../../db/database';
import { GoalEntity } from '../goal/goal.entity';
import { KAGGLE_TEMPLATES } from '../template/templates';
import { KaggleResultEntity } from './kaggle-result.entity';

/** Every Kaggle result of the user, on any of their Kaggle goals, oldest first. */
export async function allKaggleResults(db: Database, userId: number): Promise<KaggleResultEntity[]> {
  return db.read((em) => allKaggleResultsIn(em, userId));
}

/** {@link allKaggleResults}, read through `em` (a write transaction's, to see its own rows). */
export async function allKaggleResultsIn(em: EntityManager, userId: number): Promise<KaggleResultEntity[]> {
  const goals = await em.find(GoalEntity, { where: { userId, template: In([...KAGGLE_TEMPLATES]) }, select: { id: true } });
  if (goals.length === 0) return [];
  return em.find(KaggleResultEntity, { where: { userId, goalId: In(goals.map((g) => g.id)) }, order: { date: 'ASC', id: 'ASC' } });
}

/** Kaggle results of each goal, newest first, in key order. */
export async function kaggleResultsByGoal(db: Database, userId: number, goalIds: readonly number[]): Promise<KaggleResultEntity[][]> {
  const rows = await db.read((em) =>
    em.find(KaggleResultEntity, { where: { userId, goalId: In([...goalIds]) }, order: { date: 'DESC', id: 'DESC' } }),
  );
  const byGoal = new Map<number, KaggleResultEntity[]>();
  for (const r of rows) byGoal.set(r.goalId, [...(byGoal.get(r.goalId) ?? []), r]);
  return goalIds.map((id) => byGoal.get(id) ?? []);
}
