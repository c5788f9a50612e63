import type { EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { paginate, type SortKey } from '../../db/paginate';
import { localDateOf } from '../../domain/calendar';
import { type PersonalRecord, type WeekVolume, isoWeekOf, personalRecords, weeklyVolume } from '../../domain/ladder';
import { badInput, notFound, requireSomeChange } from '../../errors';
import type { Page, PageRequest } from '../../db/paginate';
import { toGlobalId } from '../../ids';
import type { GoalEntity } from '../goal/goal.entity';
import type { GoalService } from '../goal/goal.service';
import type { OwnedLogSpec, ProgressLogWriter } from '../log/log.writer';
import { createdThenDeleted, writeOnce, type Created } from '../request/request-keys';
import type { UserEntity } from '../user/user.entity';
import { WorkoutEntity, WorkoutSetEntity } from './workout.entity';
import { loadSessions } from './workout.loaders';
import type { Outbox } from '../event/outbox';
import { ladderStanding, recordLevelsReached } from './ladder-events';
import { checkSets, checkWorkoutFields, type SetInput } from './workout.rules';

const WORKOUT_ORDER: SortKey<WorkoutEntity>[] = [
  { expr: 'w.date', dir: 'DESC', of: (w) => w.date },
  { expr: 'w.id', dir: 'DESC', of: (w) => w.id },
];

/** Goal units that make a linked workout log its minutes instead of 1. */
const MINUTE_UNITS = new Set(['min', 'mins', 'minute', 'minutes', '분']);

/** A year of training, for the year in review. */
export interface WorkoutYear {
  sessions: number;
  minutes: number;
  sets: number;
  reps: number;
  holdSeconds: number;
  /** Volume per ISO week whose Monday falls in the year, oldest first. */
  weeks: WeekVolume[];
  /** Records per exercise as of the year's end; a record's date tells whether it was set that year. */
  personalRecords: PersonalRecord[];
}

/** A training session to log; with a goal, it also writes that goal's log for the day. */
export interface NewWorkout {
  goalId?: number | null;
  /** Default now. */
  occurredAt?: Date | null;
  /** Default the local day of occurredAt. */
  date?: string | null;
  durationMinutes?: number | null;
  feeling?: number | null;
  note?: string | null;
  sets?: SetInput[] | null;
  requestId?: string | null;
}

/** Changes to a workout; omitted fields stay as they are, a null goalId detaches it, new sets replace the old. */
export type WorkoutChanges = Omit<NewWorkout, 'requestId'>;

/** Workouts: sessions with sets, and the one progress log a session writes for the goal it counts toward. */
export class WorkoutService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly goals: GoalService,
    private readonly writer: ProgressLogWriter,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Saves a workout; with a HABIT or TARGET goal it also writes that day's progress log, in the same transaction,
   * and LADDER_LEVEL_REACHED for each of the user's ladders whose sets it takes to a higher level.
   */
  async log(user: UserEntity, input: NewWorkout): Promise<{ workout: WorkoutEntity; goal: GoalEntity | null }> {
    const fields = checkWorkoutFields(input);
    const sets = checkSets(input.sets ?? []);
    const goalId = input.goalId ?? null;
    const now = this.clock.now();
    const occurredAt = input.occurredAt ?? now;
    const date = this.dayOf(user, occurredAt, input.date ?? null);
    const key = { userId: user.id, operation: 'logWorkout' as const, requestId: input.requestId, input };
    const create = async (em: EntityManager): Promise<Created<{ workout: WorkoutEntity; goal: GoalEntity | null }>> => {
      const goal = goalId === null ? null : await this.goals.lockIn(em, user.id, goalId);
      const ladders = await ladderStanding(
        em,
        user.id,
        sets.map((s) => s.exercise),
      );
      const workout = await em.save(
        em.create(WorkoutEntity, { userId: user.id, goalId, logId: null, date, occurredAt, ...fields, createdAt: now, updatedAt: now }),
      );
      await this.saveSets(em, user.id, workout.id, sets);
      await recordLevelsReached(em, this.outbox, user.id, workout.id, ladders);
      workout.logId = await this.writer.syncOwned(em, user, null, this.logSpec(workout, goal));
      await em.save(workout);
      return { value: { workout, goal: goal && (await this.goals.getIn(em, user.id, goal.id)) }, ids: [workout.id] };
    };
    return writeOnce(this.db, key, create, async (em, [id]) => {
      const workout = await em.findOneBy(WorkoutEntity, { id, userId: user.id });
      if (!workout) throw createdThenDeleted('workout', input.requestId);
      return { workout, goal: workout.goalId === null ? null : await this.goals.getIn(em, user.id, workout.goalId) };
    });
  }

  /**
   * Changes a workout; its progress log follows (moved, rewritten, or removed when the goal is detached). New sets
   * that take a ladder to a higher level record LADDER_LEVEL_REACHED; sets that drop one record nothing.
   */
  async update(user: UserEntity, id: number, input: WorkoutChanges): Promise<WorkoutEntity> {
    requireSomeChange(input);
    const fields = checkWorkoutFields(input);
    const sets = input.sets == null ? null : checkSets(input.sets);
    const { goalId } = input;
    return this.db.write(async (em) => {
      const workout = await this.getIn(em, user.id, id);
      if (input.durationMinutes !== undefined) workout.durationMinutes = fields.durationMinutes;
      if (input.feeling !== undefined) workout.feeling = fields.feeling;
      if (input.note !== undefined) workout.note = fields.note;
      if (input.occurredAt != null) workout.occurredAt = input.occurredAt;
      if (input.occurredAt != null || input.date != null) workout.date = this.dayOf(user, workout.occurredAt, input.date ?? null);
      if (goalId !== undefined) workout.goalId = goalId;
      const goal = workout.goalId === null ? null : await this.goals.lockIn(em, user.id, workout.goalId);
      if (sets !== null) {
        const old = await em.find(WorkoutSetEntity, { where: { workoutId: workout.id }, select: { exercise: true } });
        const ladders = await ladderStanding(
          em,
          user.id,
          [...old, ...sets].map((s) => s.exercise),
        );
        await em.delete(WorkoutSetEntity, { workoutId: workout.id });
        await this.saveSets(em, user.id, workout.id, sets);
        await recordLevelsReached(em, this.outbox, user.id, workout.id, ladders);
      }
      const now = this.clock.now();
      workout.logId = await this.writer.syncOwned(em, user, workout.logId, this.logSpec(workout, goal));
      workout.updatedAt = now;
      return em.save(workout);
    });
  }

  /** Deletes a workout, its sets and its progress log; returns the id of the goal it counted toward, if any. */
  async delete(user: UserEntity, id: number): Promise<number | null> {
    return this.db.write(async (em) => {
      const workout = await this.getIn(em, user.id, id);
      await em.delete(WorkoutEntity, { id: workout.id });
      await this.writer.syncOwned(em, user, workout.logId, null);
      return workout.goalId;
    });
  }

  /** The user's workout with this id, or null. */
  async find(userId: number, id: number): Promise<WorkoutEntity | null> {
    return this.db.read((em) => em.findOneBy(WorkoutEntity, { id, userId }));
  }

  /** A page of the user's workouts, newest day first, optionally within from..to. */
  async list(userId: number, filter: { from?: string | null; to?: string | null }, page: PageRequest): Promise<Page<WorkoutEntity>> {
    if (filter.from && filter.to && filter.to < filter.from)
      throw badInput('to', `must be on or after from (${filter.from}), got ${filter.to}`);
    return this.db.read((em) => {
      const qb = em.createQueryBuilder(WorkoutEntity, 'w').where('w.user_id = :userId', { userId });
      if (filter.from) qb.andWhere('w.date >= :from', { from: filter.from });
      if (filter.to) qb.andWhere('w.date <= :to', { to: filter.to });
      return paginate(qb, WORKOUT_ORDER, page);
    });
  }

  /**
   * For the year in review: sessions, minutes and volume of the workouts dated in `year`, volume per ISO week
   * (weeks whose Monday is in the year) and personal records as of the year's end.
   */
  async yearInReview(userId: number, year: number): Promise<WorkoutYear> {
    const [from, to] = [`${year}-01-01`, `${year}-12-31`];
    const { workouts, history } = await this.db.read(async (em) => {
      const totals: { sessions: number | string; minutes: number | string | null } | undefined = await em
        .createQueryBuilder(WorkoutEntity, 'w')
        .select('COUNT(*)', 'sessions')
        .addSelect('SUM(w.duration_minutes)', 'minutes')
        .where('w.user_id = :userId AND w.date >= :from AND w.date <= :to', { userId, from, to })
        .getRawOne();
      return { workouts: totals, history: await loadSessions(em, userId, { to }) };
    });
    // The year's sessions are the tail of the history (oldest first): one statement instead of two.
    const sessions = history.filter((s) => s.date >= from);
    const lastMonday = isoWeekOf(to).start;
    const weekCount = Math.floor((Date.parse(lastMonday) - Date.parse(isoWeekOf(from).start)) / (7 * 86_400_000)) + 1;
    const weeks = weeklyVolume(sessions, { today: to, weeks: weekCount }).filter((w) => w.weekStart >= from);
    const sets = sessions.flatMap((s) => s.sets);
    return {
      sessions: Number(workouts?.sessions ?? 0),
      minutes: Number(workouts?.minutes ?? 0),
      sets: sets.length,
      reps: sets.reduce((n, s) => n + (s.reps ?? 0), 0),
      holdSeconds: sets.reduce((n, s) => n + (s.holdSeconds ?? 0), 0),
      weeks,
      personalRecords: personalRecords(history),
    };
  }

  /** The progress log a workout should own: one per session on HABIT and TARGET goals, none on others. */
  private logSpec(workout: WorkoutEntity, goal: GoalEntity | null): OwnedLogSpec | null {
    if (goal === null || goal.kind === 'MILESTONES') return null;
    let value = 1;
    if (goal.unit !== null && MINUTE_UNITS.has(goal.unit.trim().toLowerCase())) {
      if (workout.durationMinutes === null)
        throw badInput('durationMinutes', `is required when the goal counts minutes (unit "${goal.unit}")`);
      value = workout.durationMinutes;
    }
    return { goal, value, date: workout.date, occurredAt: workout.occurredAt, note: workout.note };
  }

  private dayOf(user: UserEntity, occurredAt: Date, date: string | null): string {
    const day = date ?? localDateOf(occurredAt, user.timeZone, user.dayStartsAt);
    const today = this.goals.today(user);
    if (day > today)
      throw badInput(
        date !== null ? 'date' : 'occurredAt',
        `the workout would count for ${day}, which is after today (${today}) in ${user.timeZone}`,
      );
    return day;
  }

  private async saveSets(em: EntityManager, userId: number, workoutId: number, sets: ReturnType<typeof checkSets>): Promise<void> {
    if (sets.length === 0) return;
    await em.insert(
      WorkoutSetEntity,
      sets.map((s, i) => ({ ...s, userId, workoutId, position: i + 1 })),
    );
  }

  private async getIn(em: EntityManager, userId: number, id: number): Promise<WorkoutEntity> {
    const workout = await em.findOneBy(WorkoutEntity, { id, userId });
    if (!workout) throw notFound('workout', toGlobalId('Workout', id));
    return workout;
  }
}
