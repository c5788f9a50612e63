import { Between, In, IsNull, Not } from 'typeorm';
import type { Database } from '../../db/database';
import { type RatedEntry, type RatingTrend, ratingTrend } from '../../domain/rating';
import { badInput } from '../../errors';
import type { FeatureLoaders } from '../../loaders';
import { GoalEntity } from '../goal/goal.entity';
import type { GoalService } from '../goal/goal.service';
import type { LogDraft, ProgressLogWriter } from '../log/log.writer';
import { ProgressLogEntity } from '../log/progress-log.entity';
import { REFLECTION_TEMPLATES } from '../template/templates';
import type { UserEntity } from '../user/user.entity';

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
    private readonly goals: GoalService,
    private readonly writer: ProgressLogWriter,
  ) {}

  /** Writes a rated log toward one of the user's goals; safe to retry with a requestId, like any log. */
  log(user: UserEntity, draft: LogDraft & { rating: number }): Promise<{ log: ProgressLogEntity; goal: GoalEntity }> {
    return this.writer.create(user, draft);
  }

  /** Sets (1–5) or clears (null) the rating of one of the user's logs. */
  rate(user: UserEntity, id: number, rating: number | null): Promise<ProgressLogEntity> {
    return this.writer.rate(user, id, rating);
  }

  /**
   * Ratings of a goal over the `months` months ending this month; null for a goal that is neither a reflection
   * goal (template REFLECTION or REST_DAYS) nor has any rated log.
   */
  async progress(
    user: UserEntity,
    goal: GoalEntity,
    loaders: { features: Pick<FeatureLoaders, 'ratings'> },
    months: number,
  ): Promise<ReflectionView | null> {
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

function totals(entries: RatedEntry[]): { ratedLogs: number; averageRating: number | null } {
  return {
    ratedLogs: entries.length,
    averageRating: entries.length === 0 ? null : entries.reduce((s, e) => s + e.rating, 0) / entries.length,
  };
}
