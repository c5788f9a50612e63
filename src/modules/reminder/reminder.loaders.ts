import { In } from 'typeorm';
import type { Database } from '../../db/database';
import { ReminderEntity } from './reminder.entity';

/** The user's reminders of each goal in `goalIds`, in key order, each list oldest first. */
export async function remindersByGoal(db: Database, userId: number, goalIds: readonly number[]): Promise<ReminderEntity[][]> {
  const rows = await db.read((em) => em.find(ReminderEntity, { where: { userId, goalId: In([...goalIds]) }, order: { id: 'ASC' } }));
  const byGoal = new Map<number, ReminderEntity[]>(goalIds.map((id) => [id, []]));
  for (const row of rows) byGoal.get(row.goalId)?.push(row);
  return goalIds.map((id) => byGoal.get(id) ?? []);
}
