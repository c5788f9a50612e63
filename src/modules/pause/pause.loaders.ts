import { In } from 'typeorm';
import type { Database } from '../../db/database';
import { PauseEntity } from './pause.entity';

/** Pauses of each goal, oldest first, in key order. */
export async function pausesByGoal(db: Database, userId: number, goalIds: readonly number[]): Promise<PauseEntity[][]> {
  const rows = await db.read((em) =>
    em.find(PauseEntity, { where: { userId, goalId: In([...goalIds]) }, order: { startDate: 'ASC', id: 'ASC' } }),
  );
  const byGoal = new Map<number, PauseEntity[]>();
  for (const p of rows) byGoal.set(p.goalId, [...(byGoal.get(p.goalId) ?? []), p]);
  return goalIds.map((id) => byGoal.get(id) ?? []);
}

/** The user's pauses, of any goal, that cover at least one day of from..to. */
export async function pausesOverlapping(db: Database, userId: number, from: string, to: string): Promise<PauseEntity[]> {
  return db.read((em) =>
    em
      .createQueryBuilder(PauseEntity, 'p')
      .where('p.user_id = :userId AND p.start_date <= :to AND p.end_date >= :from', { userId, from, to })
      .getMany(),
  );
}
