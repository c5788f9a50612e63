import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { isValidTimeZone, parseDayStart } from '../../domain/calendar';
import { AppError, ErrorCode, badInput, requireSomeChange } from '../../errors';
import type { ReminderSchedule } from '../reminder/reminder.schedule';
import { UserEntity } from './user.entity';

export interface CreateUserInput {
  handle: string;
  timeZone: string;
  dayStartsAt?: string;
  displayName?: string;
}

export interface UpdateUserInput {
  displayName?: string;
  timeZone?: string;
  dayStartsAt?: string;
  /** "HH:MM" of the daily check; "" switches it off. */
  dailyCheckAt?: string;
}

const HANDLE = /^[a-z0-9][a-z0-9_-]{1,39}$/;

/** Accounts: creation, look-up and profile changes. */
export class UserService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    /** Reminders and daily checks to work out again when the zone, day start or check time change. */
    private readonly schedule: ReminderSchedule | null = null,
  ) {}

  /** Creates a user; the handle is stored lower-case and must be unused. */
  async create(input: CreateUserInput): Promise<UserEntity> {
    const handle = input.handle.trim().toLowerCase();
    if (!HANDLE.test(handle)) {
      throw badInput(
        'handle',
        `must be 2–40 characters of a–z, 0–9, "_" or "-", starting with a letter or digit; got ${JSON.stringify(input.handle)}`,
      );
    }
    const timeZone = checkTimeZone(input.timeZone);
    const dayStartsAt = checkDayStart(input.dayStartsAt ?? '00:00');
    const displayName = (input.displayName ?? handle).trim();
    if (displayName.length === 0 || displayName.length > 100) throw badInput('displayName', 'must be 1–100 characters');
    return this.db
      .write(async (em) => {
        if (await em.existsBy(UserEntity, { handle })) {
          throw new AppError(ErrorCode.CONFLICT, `The handle "${handle}" is taken`, { field: 'handle' });
        }
        const user = em.create(UserEntity, {
          handle,
          displayName,
          timeZone,
          dayStartsAt,
          dailyCheckAt: '20:00',
          createdAt: this.clock.now(),
        });
        user.nextDailyCheckAt = this.schedule?.nextDailyCheckOf(user) ?? null;
        const saved = await em.save(user);
        if (this.schedule) await this.schedule.announce(em);
        return saved;
      })
      .then((user) => {
        this.schedule?.changed();
        return user;
      });
  }

  /** Changes the profile. Existing logs keep the dates they were given: a new time zone applies to new logs only. */
  async update(userId: number, input: UpdateUserInput): Promise<UserEntity> {
    requireSomeChange({
      displayName: input.displayName,
      timeZone: input.timeZone,
      dayStartsAt: input.dayStartsAt,
      dailyCheckAt: input.dailyCheckAt,
    });
    const changes: Partial<UserEntity> = {};
    if (input.dailyCheckAt !== undefined) changes.dailyCheckAt = checkDailyCheck(input.dailyCheckAt);
    if (input.timeZone !== undefined) changes.timeZone = checkTimeZone(input.timeZone);
    if (input.dayStartsAt !== undefined) changes.dayStartsAt = checkDayStart(input.dayStartsAt);
    if (input.displayName !== undefined) {
      const name = input.displayName.trim();
      if (name.length === 0 || name.length > 100) throw badInput('displayName', 'must be 1–100 characters');
      changes.displayName = name;
    }
    const rescheduled = changes.timeZone !== undefined || changes.dayStartsAt !== undefined || changes.dailyCheckAt !== undefined;
    const user = await this.db.write(async (em) => {
      await em.update(UserEntity, { id: userId }, changes);
      const updated = await em.findOneByOrFail(UserEntity, { id: userId });
      if (rescheduled && this.schedule) {
        await this.schedule.recomputeUser(em, updated);
        return em.findOneByOrFail(UserEntity, { id: userId });
      }
      return updated;
    });
    if (rescheduled) this.schedule?.changed();
    return user;
  }

  async findByHandle(handle: string): Promise<UserEntity | null> {
    return this.db.read((em) => em.findOneBy(UserEntity, { handle: handle.trim().toLowerCase() }));
  }

  async findById(id: number): Promise<UserEntity | null> {
    return this.db.read((em) => em.findOneBy(UserEntity, { id }));
  }

  async list(): Promise<UserEntity[]> {
    return this.db.read((em) => em.find(UserEntity, { order: { id: 'ASC' } }));
  }
}

function checkTimeZone(timeZone: string): string {
  if (!isValidTimeZone(timeZone))
    throw badInput('timeZone', `must be an IANA time zone such as Asia/Seoul, got ${JSON.stringify(timeZone)}`);
  return timeZone;
}

function checkDayStart(dayStartsAt: string): string {
  if (!parseDayStart(dayStartsAt))
    throw badInput('dayStartsAt', `must be a time "HH:MM" from 00:00 to 23:59, got ${JSON.stringify(dayStartsAt)}`);
  return dayStartsAt;
}

function checkDailyCheck(hhmm: string): string | null {
  if (hhmm === '') return null;
  if (!parseDayStart(hhmm))
    throw badInput('dailyCheckAt', `must be a time of day "HH:MM" from 00:00 to 23:59, or "" for none; got ${JSON.stringify(hhmm)}`);
  return hhmm;
}
