import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { isUniqueViolation } from '../../db/errors';
import { parseTimeOfDay } from '../../domain/reminder';
import { AppError, ErrorCode, badInput, notFound } from '../../errors';
import { toGlobalId } from '../../ids';
import { GoalEntity } from '../goal/goal.entity';
import { normalizeWeekdays } from '../goal/goal.rules';
import { UserEntity } from '../user/user.entity';
import { ReminderEntity, type ReminderWhen } from './reminder.entity';
import type { ReminderSchedule } from './reminder.schedule';

/** Most reminders one goal may have. */
export const MAX_REMINDERS_PER_GOAL = 10;

/** A reminder to set: on a goal, at a time, on weekdays (null: every day), under a condition. */
export interface ReminderInput {
  goalId: number;
  at: string;
  weekdays?: readonly number[] | null;
  when?: ReminderWhen | null;
  /** A retry with the same requestId answers the reminder made the first time. */
  requestId?: string | null;
}

/** Reminders on the user's goals: set, delete, list. The scheduler fires them. */
export class ReminderService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly schedule: ReminderSchedule,
  ) {}

  /** Adds a reminder to one of the user's goals and answers it with its goal. */
  async set(userId: number, input: ReminderInput): Promise<{ reminder: ReminderEntity; goal: GoalEntity }> {
    const at = parseTimeOfDay(input.at);
    if (at === null) throw badInput('at', `must be a time of day "HH:MM" from 00:00 to 23:59, got ${JSON.stringify(input.at)}`);
    if (input.weekdays != null && input.weekdays.length === 0)
      throw badInput('weekdays', 'must name at least one weekday, or be left out for every day; got []');
    const weekdays = normalizeWeekdays(input.weekdays);
    const when = input.when ?? 'ALWAYS';
    const requestId = input.requestId ?? null;
    if (requestId !== null && (requestId.length === 0 || requestId.length > 100))
      throw badInput('requestId', `must be 1–100 characters, got ${requestId.length}`);
    const attempt = () =>
      this.db.write(async (em) => {
        const goal = await em.findOneBy(GoalEntity, { id: input.goalId, userId });
        if (!goal) throw notFound('goal', toGlobalId('Goal', input.goalId));
        if (requestId !== null) {
          const earlier = await em.findOneBy(ReminderEntity, { userId, requestId });
          if (earlier) {
            const same =
              earlier.goalId === goal.id && earlier.at === at && earlier.when === when && String(earlier.weekdays) === String(weekdays);
            if (!same)
              throw new AppError(ErrorCode.CONFLICT, `requestId ${JSON.stringify(requestId)} was already used for another reminder`, {
                field: 'requestId',
              });
            return { reminder: earlier, goal, created: false };
          }
        }
        const count = await em.countBy(ReminderEntity, { goalId: goal.id });
        if (count >= MAX_REMINDERS_PER_GOAL)
          throw new AppError(ErrorCode.CONFLICT, `A goal has at most ${MAX_REMINDERS_PER_GOAL} reminders; delete one first`, {
            field: 'goalId',
          });
        const user = await em.findOneByOrFail(UserEntity, { id: userId });
        const nextFireAt = this.schedule.nextFireOf({ at, weekdays }, user);
        const reminder = await em.save(
          em.create(ReminderEntity, { userId, goalId: goal.id, at, weekdays, when, nextFireAt, requestId, createdAt: this.clock.now() }),
        );
        await this.schedule.announce(em);
        return { reminder, goal, created: true };
      });
    let result;
    try {
      result = await attempt();
    } catch (error) {
      // The same requestId sent twice at once: the second transaction finds the first one's reminder on its retry.
      if (requestId === null || !isUniqueViolation(error)) throw error;
      result = await attempt();
    }
    if (result.created) this.schedule.changed();
    return { reminder: result.reminder, goal: result.goal };
  }

  /** Deletes one of the user's reminders and answers its goal. */
  async delete(userId: number, id: number): Promise<GoalEntity> {
    const goal = await this.db.write(async (em) => {
      const reminder = await em.findOneBy(ReminderEntity, { id, userId });
      if (!reminder) throw notFound('reminder', toGlobalId('Reminder', id));
      await em.delete(ReminderEntity, { id });
      await this.schedule.announce(em);
      return em.findOneByOrFail(GoalEntity, { id: reminder.goalId, userId });
    });
    this.schedule.changed();
    return goal;
  }

  /** The user's reminder with this id, or null. */
  async find(userId: number, id: number): Promise<ReminderEntity | null> {
    return this.db.read((em) => em.findOneBy(ReminderEntity, { id, userId }));
  }

  /** The user's reminders, by goal then id (for the export). */
  async list(userId: number): Promise<ReminderEntity[]> {
    return this.db.read((em) => em.find(ReminderEntity, { where: { userId }, order: { goalId: 'ASC', id: 'ASC' } }));
  }
}
