import { Between, In, IsNull, Not } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { localDateOf } from '../../domain/calendar';
import { type RatedEntry, type RatingTrend, isValidRating, ratingTrend } from '../../domain/rating';
import { badInput, notFound } from '../../errors';
import type { Loaders } from '../../graphql/context';
import { parseIdOf, toGlobalId } from '../../graphql/relay';
import { GoalEntity } from '../goal/goal.entity';
import type { GoalService } from '../goal/goal.service';
import { ProgressLogEntity } from '../log/progress-log.entity';
import { REFLECTION_TEMPLATES } from '../template/templates';
import type { UserEntity } from '../user/user.entity';
import type { LogReflectionInput, RateProgressLogInput } from './reflection.type';

/** A reflection goal's ratings: the trend over recent months, and all-time figures. */
export interface ReflectionView extends RatingTrend {
  ratedLogs: number;
  averageRating: number | null;
}

/** One goal's ratings over a year, for the year in review. */
export interface ReflectionYear extends RatingTrend {
  goalId: number;
  goalTitle: string;
  ratedLogs: number;
  averageRating: number | null;
}

/** Reflection goals: rated logs (1–5) and the trend of their monthly averages. */
export class ReflectionService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly goals: GoalService,
  ) {}

  /** Writes a rated log toward one of the user's goals. */
  async log(user: UserEntity, input: LogReflectionInput): Promise<{ log: ProgressLogEntity; goal: GoalEntity }> {
    const goalId = parseIdOf('Goal', input.goalId, 'goalId');
    const rating = checkRating(input.rating);
    const note = input.note ?? null;
    if (note !== null && note.length > 10_000) throw badInput('note', `must be at most 10000 characters, got ${note.length}`);
    const now = this.clock.now();
    const occurredAt = input.occurredAt ?? now;
    const date = input.date ?? localDateOf(occurredAt, user.timeZone, user.dayStartsAt);
    const today = this.goals.today(user);
    if (date > today)
      throw badInput(input.date != null ? 'date' : 'occurredAt', `the log would count for ${date}, which is after today (${today})`);
    return this.db.write(async (em) => {
      const goal = await this.goals.lockIn(em, user.id, goalId);
      const log = await em.save(
        em.create(ProgressLogEntity, {
          userId: user.id,
          goalId: goal.id,
          value: 1,
          note,
          rating,
          occurredAt,
          date,
          requestId: null,
          requestHash: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.goals.syncTargetStatus(em, goal, today);
      return { log, goal };
    });
  }

  /** Sets (1–5) or clears (null) the rating of one of the user's logs. */
  async rate(user: UserEntity, input: RateProgressLogInput): Promise<ProgressLogEntity> {
    const id = parseIdOf('ProgressLog', input.id, 'id');
    const rating = input.rating == null ? null : checkRating(input.rating);
    return this.db.write(async (em) => {
      const log = await em.findOneBy(ProgressLogEntity, { id, userId: user.id });
      if (!log) throw notFound('progress log', toGlobalId('ProgressLog', id));
      log.rating = rating;
      log.updatedAt = this.clock.now();
      return em.save(log);
    });
  }

  /**
   * Ratings of a goal over the `months` months ending this month; null for a goal that is neither a reflection
   * goal (template REFLECTION or REST_DAYS) nor has any rated log.
   */
  async progress(user: UserEntity, goal: GoalEntity, loaders: Loaders, months: number): Promise<ReflectionView | null> {
    if (!Number.isInteger(months) || months < 2 || months > 36)
      throw badInput('months', `must be a whole number from 2 to 36, got ${months}`);
    const entries = await loaders.features.ratings.load(goal.id);
    if (entries.length === 0 && (goal.template === null || !REFLECTION_TEMPLATES.has(goal.template))) return null;
    return { ...ratingTrend(entries, { today: this.goals.today(user), months }), ...totals(entries) };
  }

  /**
   * For the year in review: per goal with ratings dated in `year`, the twelve monthly averages, their
   * least-squares slope and its word, and the year's count and average.
   */
  async yearInReview(userId: number, year: number): Promise<ReflectionYear[]> {
    const rows = await this.db.read((em) =>
      em.find(ProgressLogEntity, {
        where: { userId, rating: Not(IsNull()), date: Between(`${year}-01-01`, `${year}-12-31`) },
        select: { goalId: true, date: true, rating: true },
        order: { goalId: 'ASC', date: 'ASC' },
      }),
    );
    const goalIds = [...new Set(rows.map((r) => r.goalId))];
    const goals =
      goalIds.length === 0
        ? []
        : await this.db.read((em) => em.find(GoalEntity, { where: { userId, id: In(goalIds) }, order: { id: 'ASC' } }));
    return goals.map((goal) => {
      const entries = rows.filter((r) => r.goalId === goal.id).map((r) => ({ date: r.date, rating: Number(r.rating) }));
      return {
        goalId: goal.id,
        goalTitle: goal.title,
        ...ratingTrend(entries, { today: `${year}-12-31`, months: 12 }),
        ...totals(entries),
      };
    });
  }
}

/** Rated logs of each goal (date and rating), oldest first, in key order. */
export async function ratingsByGoal(db: Database, userId: number, goalIds: readonly number[]): Promise<RatedEntry[][]> {
  const rows = await db.read((em) =>
    em.find(ProgressLogEntity, {
      where: { userId, goalId: In([...goalIds]), rating: Not(IsNull()) },
      select: { goalId: true, date: true, rating: true },
      order: { date: 'ASC' },
    }),
  );
  const byGoal = new Map<number, RatedEntry[]>();
  for (const r of rows) byGoal.set(r.goalId, [...(byGoal.get(r.goalId) ?? []), { date: r.date, rating: Number(r.rating) }]);
  return goalIds.map((id) => byGoal.get(id) ?? []);
}

function totals(entries: RatedEntry[]): { ratedLogs: number; averageRating: number | null } {
  return {
    ratedLogs: entries.length,
    averageRating: entries.length === 0 ? null : entries.reduce((s, e) => s + e.rating, 0) / entries.length,
  };
}

function checkRating(rating: number): number {
  if (!isValidRating(rating)) throw badInput('rating', `must be a whole number from 1 to 5, got ${rating}`);
  return rating;
}
