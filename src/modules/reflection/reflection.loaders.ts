import { In, IsNull, Not } from 'typeorm';
import type { Database } from '../../db/database';
import type { RatedEntry } from '../../domain/rating';
import { ProgressLogEntity } from '../log/progress-log.entity';

/** Rated logs of each goal (date and rating), oldest first, in key order. */
export async function ratingsByGoal(db: Database, userId: number, goalIds: readonly number[]): Promise<RatedEntry[][]> {
  const rows = await db.read((em) =>
    em.find(ProgressLogEntity, {
      where: { userId, goalId: In([...goalIds]), rating: Not(IsNull()) },
      select: { goalId: true, date: true, rating: true },
      order: { date: 'ASC' },
    }),
  );
  const byGoal = new Map<number, RatedEntry[]>();
  for (const r of rows) byGoal.set(r.goalId, [...(byGoal.get(r.goalId) ?? []), { date: r.date, rating: Number(r.rating) }]);
  return goalIds.map((id) => byGoal.get(id) ?? []);
}
