import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Database } from '../../db/database';
import { AppError, ErrorCode, badInput } from '../../errors';
import { GoalEntity } from '../goal/goal.entity';
import { KaggleResultEntity } from '../kaggle/kaggle-result.entity';
import { ProgressLogEntity } from '../log/progress-log.entity';
import { MilestoneEntity } from '../milestone/milestone.entity';
import { PauseEntity } from '../pause/pause.entity';
import { PipelineEntity } from '../pipeline/pipeline.entity';
import { VenueEntity } from '../pipeline/venue.entity';
import { RequestKeyEntity } from '../request/request-key.entity';
import { LadderLevelEntity } from '../workout/ladder-level.entity';
import { WorkoutEntity, WorkoutSetEntity } from '../workout/workout.entity';
import { ApiTokenEntity } from './api-token.entity';
import { UserEntity } from './user.entity';
import { EventEntity } from '../event/event.entity';
import { WebhookDeliveryEntity, WebhookEntity } from '../webhook/webhook.entity';
import { ReminderEntity } from '../reminder/reminder.entity';

/**
 * Every table that holds a user's rows, each before the tables it points at, so that deleting in this order never
 * breaks a foreign key. A test checks that every table with a user_id column is listed.
 */
export const OWNED_TABLES: ReadonlyArray<EntityTarget<ObjectLiteral>> = [
  WebhookDeliveryEntity,
  WebhookEntity,
  EventEntity,
  ReminderEntity,
  WorkoutSetEntity,
  KaggleResultEntity,
  WorkoutEntity,
  PipelineEntity,
  LadderLevelEntity,
  MilestoneEntity,
  PauseEntity,
  ProgressLogEntity,
  GoalEntity,
  VenueEntity,
  RequestKeyEntity,
  ApiTokenEntity,
];

/** An account as a whole: leaving hoego. */
export class AccountService {
  constructor(private readonly db: Database) {}

  /**
   * Deletes the user and everything they own in one transaction, after `handle` is typed again as confirmation.
   * Their tokens go with it, and their report links fail from then on (a link names a user that no longer exists).
   */
  async delete(userId: number, handle: string): Promise<{ handle: string; rows: number }> {
    return this.db.write(async (em) => {
      const user = await em.findOneBy(UserEntity, { id: userId });
      if (!user) throw new AppError(ErrorCode.NOT_FOUND, `No user with id ${userId}`);
      if (handle.trim().toLowerCase() !== user.handle)
        throw badInput(
          'handle',
          `must be the account's handle typed again as confirmation (${JSON.stringify(user.handle)}), got ${JSON.stringify(handle)}`,
        );
      let rows = 0;
      for (const table of OWNED_TABLES) rows += (await em.delete(table, { userId })).affected ?? 0;
      await em.delete(UserEntity, { id: userId });
      return { handle: user.handle, rows: rows + 1 };
    });
  }
}
