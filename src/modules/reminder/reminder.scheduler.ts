import type { FastifyBaseLogger as Logger } from 'fastify';
import { LessThanOrEqual, In, IsNull, Not, type EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { planFire, type FirePlan } from '../../domain/reminder';
import { toGlobalId } from '../../ids';
import { Loaders } from '../../loaders';
import type { AnalyticsService } from '../analytics/analytics.service';
import type { EventDraft, Outbox } from '../event/outbox';
import { goalSnapshot } from '../event/outbox';
import { GoalEntity } from '../goal/goal.entity';
import { UserEntity } from '../user/user.entity';
import { ReminderEntity } from './reminder.entity';
import type { ReminderSchedule } from './reminder.schedule';

/** Fires one pass takes at most; a full batch runs another pass at once. */
const BATCH = 200;

/** The key of the PostgreSQL advisory lock that one scheduler pass at a time holds per database. */
const LOCK_KEY = 1_796_240_000;

/** The longest a scheduler sleeps without looking (a timer cannot wait longer than about 24 days anyway). */
const MAX_SLEEP_MS = 6 * 60 * 60 * 1000;

/** What the scheduler has done since it started. */
export interface SchedulerCounts {
  /** REMINDER events written. */
  reminders: number;
  /** STREAK_AT_RISK and HABIT_DUE events written. */
  dailyEvents: number;
  /** Fires due more than an hour before the scheduler saw them, skipped. */
  skipped: number;
  /** Passes that found another server's pass holding the lock. */
  yielded: number;
}

interface Planned<T> {
  row: T;
  plan: FirePlan;
  drafts: EventDraft[];
}

/**
 * Fires reminders and runs the daily checks. Each reminder and each user with a daily check keeps the next
 * instant it is due (UTC, indexed); the scheduler sleeps until the earliest, then, for what is due, decides the
 * events (a reminder's condition and the daily check read the goals' state as `today` does) and writes them to
 * the outbox in the same transaction that moves each next instant on, with an UPDATE that only takes effect if the
 * instant is still the one planned: a fire is never lost (the instant moves only with its event) and never doubled
 * (a second pass or server finds it moved). On PostgreSQL a pass also takes a transaction-level advisory lock, so
 * one scheduler works per database at a time whatever the number of servers; the others find it held and wait for
 * the next wake-up. Fires missed while no server ran are sent once, late, when at most an hour old; older ones
 * are skipped, counted and logged.
 */
export class ReminderScheduler {
  private timer: NodeJS.Timeout | null = null;
  private passing: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  readonly counts: SchedulerCounts = { reminders: 0, dailyEvents: 0, skipped: 0, yielded: 0 };

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly schedule: ReminderSchedule,
    private readonly analytics: AnalyticsService,
    private readonly outbox: Outbox,
    private readonly log: Logger,
    /**
     * Whether passes also run by themselves: when the next instant comes and when the schedule changes. Off for a
     * clock that does not run on its own (tests and demos move it, then call `runOnce`).
     */
    private readonly wakeOnTimer = true,
  ) {}

  /** Works out the daily checks not yet scheduled and runs a first pass (catching up what was missed). */
  async start(): Promise<void> {
    await this.runOnce();
  }

  /** The schedule changed (here or on another server): look again. */
  changed(): void {
    this.wake(0);
  }

  /** Stops and waits for a pass in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.passing;
  }

  /** Runs a pass now and waits for it (for tests, tools and start). */
  async runOnce(): Promise<void> {
    await this.pass();
  }

  private wake(delayMs: number): void {
    if (this.stopped || !this.wakeOnTimer) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.pass();
      },
      Math.max(0, Math.min(delayMs, MAX_SLEEP_MS)),
    );
    this.timer.unref();
  }

  private pass(): Promise<void> {
    if (this.passing) {
      this.again = true;
      return this.passing;
    }
    this.passing = (async () => {
      try {
        do {
          this.again = false;
          const full = await this.step();
          if (full) this.again = true;
        } while (this.again && !this.stopped);
        await this.sleepUntilNext();
      } catch (error) {
        this.log.error({ err: error }, 'reminder pass failed');
        this.wake(5_000);
        if (!this.wakeOnTimer) throw error;
      } finally {
        this.passing = null;
      }
    })();
    return this.passing;
  }

  /** One batch: plans what is due, then fires and moves it on in one transaction. True when the batch was full. */
  private async step(): Promise<boolean> {
    const now = this.clock.now().getTime();
    await this.scheduleNewDailyChecks();
    const [reminders, users] = await this.db.read((em) =>
      Promise.all([
        em.find(ReminderEntity, { where: { nextFireAt: LessThanOrEqual(now) }, order: { nextFireAt: 'ASC' }, take: BATCH }),
        em.find(UserEntity, { where: { nextDailyCheckAt: LessThanOrEqual(now) }, order: { nextDailyCheckAt: 'ASC' }, take: BATCH }),
      ]),
    );
    if (reminders.length === 0 && users.length === 0) return false;
    const reminderPlans = await this.planReminders(reminders, now);
    const checkPlans = await this.planDailyChecks(users, now);
    const written = await this.db.write(async (em) => {
      if (!(await this.lock(em))) return null;
      let reminderEvents = 0;
      let dailyEvents = 0;
      for (const { row, plan, drafts } of reminderPlans) {
        const moved = await em
          .createQueryBuilder()
          .update(ReminderEntity)
          .set({ nextFireAt: plan.nextAt })
          .where('id = :id AND next_fire_at = :due', { id: row.id, due: row.nextFireAt })
          .execute();
        if (moved.affected !== 1) continue;
        this.outbox.add(em, row.userId, drafts);
        reminderEvents += drafts.length;
      }
      for (const { row, plan, drafts } of checkPlans) {
        const moved = await em
          .createQueryBuilder()
          .update(UserEntity)
          .set({ nextDailyCheckAt: plan.nextAt })
          .where('id = :id AND next_daily_check_at = :due', { id: row.id, due: row.nextDailyCheckAt })
          .execute();
        if (moved.affected !== 1) continue;
        this.outbox.add(em, row.id, drafts);
        dailyEvents += drafts.length;
      }
      return { reminderEvents, dailyEvents };
    });
    if (written === null) {
      this.counts.yielded++;
      return false;
    }
    this.counts.reminders += written.reminderEvents;
    this.counts.dailyEvents += written.dailyEvents;
    const skipped = [...reminderPlans, ...checkPlans].reduce((sum, p) => sum + p.plan.skipped, 0);
    if (skipped > 0) {
      this.counts.skipped += skipped;
      this.log.warn({ skipped }, `skipped ${skipped} reminder or daily-check fire(s) missed more than an hour ago`);
    }
    return reminders.length === BATCH || users.length === BATCH;
  }

  /** On PostgreSQL, the advisory lock of this pass's transaction; false when another server's pass holds it. */
  private async lock(em: EntityManager): Promise<boolean> {
    if (this.db.dialect !== 'postgres') return true;
    const rows: Array<{ locked: boolean }> = await em.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [LOCK_KEY]);
    return rows[0]?.locked === true;
  }

  private async planReminders(reminders: ReminderEntity[], now: number): Promise<Array<Planned<ReminderEntity>>> {
    if (reminders.length === 0) return [];
    const userIds = [...new Set(reminders.map((r) => r.userId))];
    const goalIds = [...new Set(reminders.map((r) => r.goalId))];
    const [users, goals] = await this.db.read((em) =>
      Promise.all([em.findBy(UserEntity, { id: In(userIds) }), em.findBy(GoalEntity, { id: In(goalIds) })]),
    );
    const userById = new Map(users.map((u) => [u.id, u]));
    const goalById = new Map(goals.map((g) => [g.id, g]));
    const loaders = new Map<number, Loaders>();
    const planned: Array<Planned<ReminderEntity>> = [];
    for (const reminder of reminders) {
      const user = userById.get(reminder.userId);
      const goal = goalById.get(reminder.goalId);
      if (!user || !goal) continue;
      const plan = planFire(reminder.nextFireAt, now, {
        at: reminder.at,
        weekdays: reminder.weekdays,
        timeZone: user.timeZone,
        dayStartsAt: user.dayStartsAt,
      });
      const drafts: EventDraft[] = [];
      // Reminders of goals that are not active (achieved, archived) stay silent.
      if (plan.firesFor !== null && goal.status === 'ACTIVE') {
        let userLoaders = loaders.get(user.id);
        if (!userLoaders) loaders.set(user.id, (userLoaders = new Loaders(this.db, user.id)));
        const reasons = await this.analytics.attention(user, goal, userLoaders);
        const speaks =
          reminder.when === 'ALWAYS' ||
          (reminder.when === 'IF_DUE' && reasons.length > 0) ||
          (reminder.when === 'IF_STREAK_AT_RISK' && reasons.includes('STREAK_AT_RISK'));
        if (speaks)
          drafts.push({
            type: 'REMINDER',
            goalId: goal.id,
            data: { reminder: reminderSnapshot(reminder), dueAt: new Date(plan.firesFor).toISOString(), late: plan.late, reasons },
          });
      }
      planned.push({ row: reminder, plan, drafts });
    }
    return planned;
  }

  private async planDailyChecks(users: UserEntity[], now: number): Promise<Array<Planned<UserEntity>>> {
    const planned: Array<Planned<UserEntity>> = [];
    for (const user of users) {
      if (user.dailyCheckAt === null || user.nextDailyCheckAt === null) continue;
      const plan = planFire(user.nextDailyCheckAt, now, {
        at: user.dailyCheckAt,
        weekdays: null,
        timeZone: user.timeZone,
        dayStartsAt: user.dayStartsAt,
      });
      const drafts: EventDraft[] = [];
      if (plan.firesFor !== null) {
        const { date, items } = await this.analytics.today(user, new Loaders(this.db, user.id));
        const dueAt = new Date(plan.firesFor).toISOString();
        for (const item of items) {
          // The reasons of `today`: a streak at risk, or (no streak at risk) a habit whose rule still needs today.
          const type = item.reasons.includes('STREAK_AT_RISK') ? 'STREAK_AT_RISK' : item.reasons.includes('DUE') ? 'HABIT_DUE' : null;
          if (type === null) continue;
          drafts.push({
            type,
            goalId: item.goal.id,
            data: { goal: goalSnapshot(item.goal), date, dueAt, late: plan.late, remainingToday: item.remainingToday },
          });
        }
      }
      planned.push({ row: user, plan, drafts });
    }
    return planned;
  }

  /** Users whose daily check is on but has no next instant yet (new users, or users from before reminders). */
  private async scheduleNewDailyChecks(): Promise<void> {
    const fresh = await this.db.read((em) =>
      em.find(UserEntity, { where: { nextDailyCheckAt: IsNull(), dailyCheckAt: Not(IsNull()) }, take: BATCH }),
    );
    if (fresh.length === 0) return;
    await this.db.write(async (em) => {
      for (const user of fresh) {
        await em
          .createQueryBuilder()
          .update(UserEntity)
          .set({ nextDailyCheckAt: this.schedule.nextDailyCheckOf(user) })
          .where('id = :id AND next_daily_check_at IS NULL', { id: user.id })
          .execute();
      }
    });
    if (fresh.length === BATCH) this.again = true;
  }

  private async sleepUntilNext(): Promise<void> {
    if (this.stopped || !this.wakeOnTimer) return;
    const [reminder, user] = await this.db.read((em) =>
      Promise.all([
        em.findOne(ReminderEntity, { where: {}, order: { nextFireAt: 'ASC' } }),
        em.findOne(UserEntity, { where: { nextDailyCheckAt: Not(IsNull()) }, order: { nextDailyCheckAt: 'ASC' } }),
      ]),
    );
    const next = Math.min(reminder?.nextFireAt ?? Infinity, user?.nextDailyCheckAt ?? Infinity);
    if (next === Infinity) return;
    // A fire still due after this pass (another server's pass held the lock) is looked at again a second later.
    this.wake(Math.max(1_000, next - this.clock.now().getTime()));
  }
}

function reminderSnapshot(reminder: ReminderEntity): Record<string, unknown> {
  return {
    id: toGlobalId('Reminder', reminder.id),
    goalId: toGlobalId('Goal', reminder.goalId),
    at: reminder.at,
    weekdays: reminder.weekdays,
    when: reminder.when,
  };
}
