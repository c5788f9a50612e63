import type { Database } from '../../db/database';
import type { AppError } from '../../errors';
import type { GoalEntity } from '../goal/goal.entity';
import type { UserEntity } from '../user/user.entity';
import type { BatchOutcome, LogChanges, LogDraft, ProgressLogWriter } from './log.writer';
import { ProgressLogEntity } from './progress-log.entity';

/** Progress logs: writing them (safely retried, one or many at a time), editing, deleting and finding them. */
export class LogService {
  constructor(
    private readonly db: Database,
    private readonly writer: ProgressLogWriter,
  ) {}

  /**
   * Saves a log toward one of the user's goals and updates the goal's status when a target is reached.
   * With a `requestId`, a retry of the same input returns the log saved the first time and creates nothing.
   */
  log(user: UserEntity, draft: LogDraft): Promise<{ log: ProgressLogEntity; goal: GoalEntity }> {
    return this.writer.create(user, draft);
  }

  /** Saves many logs in one transaction; one outcome per draft, in order (see `ProgressLogWriter.createMany`). */
  logMany(user: UserEntity, drafts: ReadonlyArray<LogDraft | AppError>): Promise<BatchOutcome[]> {
    return this.writer.createMany(user, drafts);
  }

  /** Edits one of the user's logs. A new occurredAt without a date moves the log to that instant's day. */
  update(user: UserEntity, id: number, changes: LogChanges): Promise<ProgressLogEntity> {
    return this.writer.edit(user, id, changes);
  }

  /** Deletes one of the user's logs; returns the id of the goal it counted toward. */
  async delete(user: UserEntity, id: number): Promise<number> {
    const log = await this.find(user.id, id);
    await this.writer.remove(user, id);
    // remove() fails NOT_FOUND when there is no such log of the user's, so `log` was found.
    return log!.goalId;
  }

  /** The user's log with this id, or null. */
  async find(userId: number, id: number): Promise<ProgressLogEntity | null> {
    return this.db.read((em) => em.findOneBy(ProgressLogEntity, { id, userId }));
  }
}
