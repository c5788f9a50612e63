import type { EntityManager } from 'typeorm';
import type { GoalEntity } from '../goal/goal.entity';
import type { GoalService } from '../goal/goal.service';
import { ProgressLogEntity } from '../log/progress-log.entity';
import type { UserEntity } from '../user/user.entity';

/** The log a workout or a Kaggle result should own, or null when it should own none. */
export interface LinkedLogSpec {
  goal: GoalEntity;
  value: number;
  date: string;
  occurredAt: Date;
  note: string | null;
}

/**
 * Keeps the one progress log that a record (a workout, a Kaggle result) owns in step with it, inside the
 * caller's transaction: creates it, moves and rewrites it, or deletes it when `spec` is null. The goals it
 * leaves and joins get their TARGET status synced. Returns the log's id (null when there is none).
 * A log the user deleted on their own (`existingLogId` pointing nowhere) is written again.
 */
export async function syncLinkedLog(
  em: EntityManager,
  goals: GoalService,
  user: UserEntity,
  now: Date,
  existingLogId: number | null,
  spec: LinkedLogSpec | null,
): Promise<number | null> {
  const existing = existingLogId === null ? null : await em.findOneBy(ProgressLogEntity, { id: existingLogId, userId: user.id });
  const today = goals.today(user);
  const leftGoalId = existing && (spec === null || existing.goalId !== spec.goal.id) ? existing.goalId : null;
  let logId: number | null = null;
  if (spec === null) {
    if (existing) await em.delete(ProgressLogEntity, { id: existing.id });
  } else if (existing) {
    Object.assign(existing, {
      goalId: spec.goal.id,
      value: spec.value,
      date: spec.date,
      occurredAt: spec.occurredAt,
      note: spec.note,
      updatedAt: now,
    });
    logId = (await em.save(existing)).id;
  } else {
    const log = em.create(ProgressLogEntity, {
      userId: user.id,
      goalId: spec.goal.id,
      value: spec.value,
      note: spec.note,
      rating: null,
      occurredAt: spec.occurredAt,
      date: spec.date,
      requestId: null,
      requestHash: null,
      createdAt: now,
      updatedAt: now,
    });
    logId = (await em.save(log)).id;
  }
  if (leftGoalId !== null) await goals.syncTargetStatus(em, await goals.lockIn(em, user.id, leftGoalId), today);
  if (spec) await goals.syncTargetStatus(em, spec.goal, today);
  return logId;
}
