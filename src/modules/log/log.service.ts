import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { isUniqueViolation } from '../../db/errors';
import { localDateOf } from '../../domain/calendar';
import { AppError, ErrorCode, badInput, notFound } from '../../errors';
import { parseIdOf, toGlobalId } from '../../graphql/relay';
import type { GoalEntity } from '../goal/goal.entity';
import type { GoalService } from '../goal/goal.service';
import type { UserEntity } from '../user/user.entity';
import type { LogProgressInput, UpdateProgressLogInput } from './log.inputs';
import { KaggleResultEntity } from '../kaggle/kaggle-result.entity';
import { WorkoutEntity } from '../workout/workout.entity';
import { ProgressLogEntity } from './progress-log.entity';

const MAX_ABS_VALUE = 1e12;

/** Progress logs: writing them (safely retried), editing and deleting. */
export class LogService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly goals: GoalService,
  ) {}

  /**
   * Saves a log toward one of the user's goals and updates the goal's status when a target is reached.
   * With a `requestId`, a retry of the same input returns the log saved the first time and creates nothing.
   */
  async log(user: UserEntity, input: LogProgressInput): Promise<{ log: ProgressLogEntity; goal: GoalEntity }> {
    const goalId = parseIdOf('Goal', input.goalId, 'goalId');
    const value = checkValue(input.value ?? 1);
    const note = checkNote(input.note ?? null);
    const requestId = input.requestId ?? null;
    if (requestId !== null && (requestId.length === 0 || requestId.length > 100)) throw badInput('requestId', 'must be 1–100 characters');
    const requestHash = requestId === null ? null : fingerprint(input, goalId);
    const now = this.clock.now();
    const occurredAt = input.occurredAt ?? now;
    const date = input.date ?? localDateOf(occurredAt, user.timeZone, user.dayStartsAt);
    this.checkNotFuture(user, date, input.date != null ? 'date' : 'occurredAt');

    const attempt = () =>
      this.db.write(async (em) => {
        if (requestId !== null) {
          const earlier = await this.findRetry(em, user.id, requestId, requestHash!);
          if (earlier) return earlier;
        }
        const goal = await this.goals.lockIn(em, user.id, goalId);
        const log = await em.save(
          em.create(ProgressLogEntity, {
            userId: user.id,
            goalId: goal.id,
            value,
            note,
            occurredAt,
            date,
            requestId,
            requestHash,
            createdAt: now,
            updatedAt: now,
          }),
        );
        await this.goals.syncTargetStatus(em, goal, this.goals.today(user), { allowRevert: false });
        return { log, goal };
      });
    try {
      return await attempt();
    } catch (error) {
      // Another server saved the same requestId between our check and our insert: the database's unique
      // index refused ours, so answer as for any retry.
      if (requestId !== null && isUniqueViolation(error)) {
        const earlier = await this.db.write((em) => this.findRetry(em, user.id, requestId, requestHash!));
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  /** Edits one of the user's logs. A new occurredAt without a date moves the log to that instant's day. */
  async update(user: UserEntity, input: UpdateProgressLogInput): Promise<ProgressLogEntity> {
    const id = parseIdOf('ProgressLog', input.id, 'id');
    return this.db.write(async (em) => {
      const log = await this.getIn(em, user.id, id);
      await this.refuseOwned(em, log);
      if (input.value != null) log.value = checkValue(input.value);
      if (input.note !== undefined) log.note = checkNote(input.note);
      if (input.occurredAt != null) {
        log.occurredAt = input.occurredAt;
        if (input.date == null) log.date = localDateOf(input.occurredAt, user.timeZone, user.dayStartsAt);
      }
      if (input.date != null) log.date = input.date;
      this.checkNotFuture(user, log.date, input.date != null ? 'date' : 'occurredAt');
      log.updatedAt = this.clock.now();
      const goal = await this.goals.lockIn(em, user.id, log.goalId);
      const saved = await em.save(log);
      await this.goals.syncTargetStatus(em, goal, this.goals.today(user));
      return saved;
    });
  }

  /** Deletes one of the user's logs and returns its global ID. */
  async delete(user: UserEntity, globalId: string): Promise<string> {
    const id = parseIdOf('ProgressLog', globalId, 'id');
    return this.db.write(async (em) => {
      const log = await this.getIn(em, user.id, id);
      await this.refuseOwned(em, log);
      const goal = await this.goals.lockIn(em, user.id, log.goalId);
      await em.delete(ProgressLogEntity, { id: log.id });
      await this.goals.syncTargetStatus(em, goal, this.goals.today(user));
      return globalId;
    });
  }

  /** The user's log with this id, or null. */
  async find(userId: number, id: number): Promise<ProgressLogEntity | null> {
    return this.db.read((em) => em.findOneBy(ProgressLogEntity, { id, userId }));
  }

  private async getIn(em: EntityManager, userId: number, id: number): Promise<ProgressLogEntity> {
    const log = await em.findOneBy(ProgressLogEntity, { id, userId });
    if (!log) throw notFound('progress log', toGlobalId('ProgressLog', id));
    return log;
  }

  /**
   * A log written for a workout or a Kaggle result follows its owner, which rewrites it on every change: edited
   * or deleted on its own, the two would drift apart. Such logs are changed through their owner.
   */
  private async refuseOwned(em: EntityManager, log: ProgressLogEntity): Promise<void> {
    const owners: Array<[typeof WorkoutEntity | typeof KaggleResultEntity, string]> = [
      [WorkoutEntity, 'workout: use updateWorkout or deleteWorkout'],
      [KaggleResultEntity, 'Kaggle result: use deleteKaggleResult'],
    ];
    for (const [entity, how] of owners) {
      if (await em.existsBy(entity, { logId: log.id, userId: log.userId })) {
        throw new AppError(ErrorCode.CONFLICT, `This log belongs to a ${how}`, { field: 'id' });
      }
    }
  }

  private async findRetry(em: EntityManager, userId: number, requestId: string, requestHash: string) {
    const log = await em.findOneBy(ProgressLogEntity, { userId, requestId });
    if (!log) return null;
    if (log.requestHash !== requestHash) {
      throw new AppError(ErrorCode.CONFLICT, `requestId ${JSON.stringify(requestId)} was already used with different input`, {
        field: 'requestId',
        logId: toGlobalId('ProgressLog', log.id),
      });
    }
    const goal = await this.goals.getIn(em, userId, log.goalId);
    return { log, goal };
  }

  private checkNotFuture(user: UserEntity, date: string, field: string): void {
    const today = this.goals.today(user);
    if (date > today) throw badInput(field, `the log would count for ${date}, which is after today (${today}) in ${user.timeZone}`);
  }
}

function checkValue(value: number): number {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_ABS_VALUE)
    throw badInput('value', `must be a finite number within ±${MAX_ABS_VALUE}, got ${value}`);
  return value;
}

function checkNote(note: string | null): string | null {
  if (note !== null && note.length > 10_000) throw badInput('note', `must be at most 10000 characters, got ${note.length}`);
  return note;
}

/** A stable digest of the input as the client sent it (defaults such as "now" are left out on purpose). */
function fingerprint(input: LogProgressInput, goalId: number): string {
  const canonical = JSON.stringify([
    goalId,
    input.value ?? null,
    input.occurredAt ? input.occurredAt.toISOString() : null,
    input.date ?? null,
    input.note ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
