import type { EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { nextFireAfter } from '../../domain/reminder';
import { UserEntity } from '../user/user.entity';
import { ReminderEntity } from './reminder.entity';

/** The PostgreSQL channel on which a change of the schedule wakes every server's scheduler. */
export const REMINDERS_CHANNEL = 'hoego_reminders';

/**
 * The stored next instants of reminders and daily checks, and who hears that they changed. Whatever changes what
 * an instant depends on (a reminder, the owner's zone, day start or daily check time) works it out again here, in
 * its own transaction, and the scheduler is told after the commit (on PostgreSQL every server's, by NOTIFY).
 */
export class ReminderSchedule {
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Calls `listener` after a change of the schedule is committed through this process. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Tells the listeners (call after the commit). */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** The next instant of `reminder` from now, for its owner `user`. */
  nextFireOf(reminder: Pick<ReminderEntity, 'at' | 'weekdays'>, user: Pick<UserEntity, 'timeZone' | 'dayStartsAt'>): number {
    return nextFireAfter(this.clock.now().getTime(), {
      at: reminder.at,
      weekdays: reminder.weekdays,
      timeZone: user.timeZone,
      dayStartsAt: user.dayStartsAt,
    });
  }

  /** The next daily check of `user` from now; null when it is off. */
  nextDailyCheckOf(user: Pick<UserEntity, 'timeZone' | 'dayStartsAt' | 'dailyCheckAt'>): number | null {
    if (user.dailyCheckAt === null) return null;
    return nextFireAfter(this.clock.now().getTime(), {
      at: user.dailyCheckAt,
      weekdays: null,
      timeZone: user.timeZone,
      dayStartsAt: user.dayStartsAt,
    });
  }

  /** Works out again, in the transaction of `em`, every next instant of `user` (after a change of zone, day start or check time). */
  async recomputeUser(em: EntityManager, user: UserEntity): Promise<void> {
    await em.update(UserEntity, { id: user.id }, { nextDailyCheckAt: this.nextDailyCheckOf(user) });
    const reminders = await em.findBy(ReminderEntity, { userId: user.id });
    for (const reminder of reminders) {
      await em.update(ReminderEntity, { id: reminder.id }, { nextFireAt: this.nextFireOf(reminder, user) });
    }
    await this.announce(em);
  }

  /** On PostgreSQL, wakes the other servers' schedulers when the transaction of `em` commits. */
  async announce(em: EntityManager): Promise<void> {
    if (this.db.dialect === 'postgres') await em.query(`SELECT pg_notify('${REMINDERS_CHANNEL}', '')`);
  }
}
