import type { Database } from '../../db/database';
import { shiftDate, yearRange } from '../../domain/year-review';
import type { AnalyticsService } from '../analytics/analytics.service';
import type { GoalService } from '../goal/goal.service';
import type { KaggleService } from '../kaggle/kaggle.service';
import type { PipelineService } from '../pipeline/pipeline.service';
import type { ReflectionService } from '../reflection/reflection.service';
import type { UserEntity } from '../user/user.entity';
import type { SkillService } from '../workout/skill.service';
import type { WorkoutService } from '../workout/workout.service';
import { renderHtml } from './render/html';
import { renderMarkdown } from './render/markdown';
import type { GoalTypeRows } from './goal-types.assemble';
import { SCORE_LOOKBACK_MAX_DAYS } from './goal-year.assemble';
import { assembleReview } from './review.assemble';
import { ReviewCache, type ReviewCacheStats, type ReviewKey } from './review.cache';
import type { YearReview } from './review.model';
import { loadReviewRows } from './review.loaders';
import { Deadline } from '../../deadline';
import { checkYear } from './review.rules';
import type { ReportLocale } from './templates';

/** Default bound of the reviews a process keeps (REVIEW_CACHE_MB). */
export const DEFAULT_REVIEW_CACHE_MB = 16;

/** The goal-type services the review asks about the year, each once per review for all goals. */
export interface GoalTypeServices {
  kaggle: Pick<KaggleService, 'yearInReview'>;
  workouts: Pick<WorkoutService, 'yearInReview'>;
  skills: Pick<SkillService, 'yearInReview'>;
  pipelines: Pick<PipelineService, 'yearInReview'>;
  reflections: Pick<ReflectionService, 'yearInReview'>;
}

/**
 * The year in review: one user's year, bucketed by each log's local date, with the goals' standing at both
 * ends, streaks, milestones, the comparison with the previous year, and what the typed goals add (Kaggle tiers
 * and medals, ladder levels, training, pipeline stages, rating trends); and its Markdown and HTML reports.
 * The aggregation is in the database (review.loaders.ts and the goal-type services); the maths is in src/domain.
 */
export class ReviewService {
  private readonly cache: ReviewCache;

  constructor(
    private readonly db: Database,
    private readonly goals: GoalService,
    private readonly analytics: AnalyticsService,
    private readonly typed: GoalTypeServices,
    cacheBytes = DEFAULT_REVIEW_CACHE_MB * 1024 * 1024,
  ) {
    this.cache = new ReviewCache(cacheBytes);
  }

  /** Hits, misses and size of the reviews kept in this process. */
  cacheStats(): ReviewCacheStats {
    return this.cache.stats();
  }

  /**
   * The user's review of `year` (1970–9999). A year still under way is covered up to today; a future one is empty.
   * `revision` is the user's revision when the caller read it already (with the request's token), else it is read.
   */
  async yearInReview(
    user: UserEntity,
    year: number,
    deadline: Deadline = Deadline.none(),
    revision: number | null = null,
  ): Promise<YearReview> {
    checkYear(year);
    await deadline.checkpoint();
    const today = this.goals.today(user);
    // The revision first: a write committed while the review is assembled makes the kept review newer than its
    // key, never older, and the next request sees the newer revision.
    const key: ReviewKey = {
      revision: revision ?? (await this.userRevision(user.id)),
      timeZone: user.timeZone,
      dayStartsAt: user.dayStartsAt,
      today,
    };
    const kept = this.cache.get(user.id, year, key);
    if (kept) return kept;
    return this.cache.set(user.id, year, key, await this.assemble(user, year, today, deadline));
  }

  /** The owner's revision, raised by the database with every write to what a review is made of. */
  private async userRevision(userId: number): Promise<number> {
    const sql = `SELECT revision FROM users WHERE id = ${this.db.dialect === 'postgres' ? '$1' : '?'}`;
    const [row]: Array<{ revision: number | string }> = await this.db.read((em) => em.query(sql, [userId]));
    return Number(row?.revision ?? -1);
  }

  private async assemble(user: UserEntity, year: number, today: string, deadline: Deadline): Promise<YearReview> {
    const { from, to } = yearRange(year);
    const previous = yearRange(year - 1);
    // Habits' days are read from a year before 1 January: their frequency windows (at most 365 days) at the start of
    // the year and their score's look-back need them.
    const bounds = { from, to, prevFrom: previous.from, prevTo: previous.to, warmFrom: shiftDate(from, -SCORE_LOOKBACK_MAX_DAYS) };
    const through = today < to ? today : to;
    const [rows, typed] = await Promise.all([
      this.db.read((em) => loadReviewRows(em, user.id, bounds), deadline),
      this.goalTypeRows(user.id, year, through),
    ]);
    await deadline.checkpoint();
    return assembleReview(year, rows, typed, {
      deadline,
      bounds,
      through,
      timeZone: user.timeZone,
      dayStartsAt: user.dayStartsAt,
      habitSpec: (goal) => this.analytics.habitSpec(goal),
    });
  }

  /** The goal-type services' answers for the year: one call each, whatever the number of goals. */
  private async goalTypeRows(userId: number, year: number, through: string): Promise<GoalTypeRows> {
    const { kaggle, workouts, skills, pipelines, reflections } = this.typed;
    const [k, w, s, p, r] = await Promise.all([
      kaggle.yearInReview(userId, year),
      workouts.yearInReview(userId, year),
      skills.yearInReview(userId, year),
      pipelines.yearInReview(userId, year, through),
      reflections.yearInReview(userId, year),
    ]);
    return { kaggle: k, workouts: w, skills: s, pipelines: p, reflections: r };
  }

  /** The review as a Markdown draft retrospective. */
  markdown(review: YearReview, locale: ReportLocale): string {
    return this.cache.render(review, `md:${locale}`, () => renderMarkdown(review, locale));
  }

  /** A report of the review as the UTF-8 bytes of a response: the HTML page or the Markdown draft. */
  reportBytes(review: YearReview, format: 'html' | 'md', locale: ReportLocale): Buffer {
    return this.cache.encoded(review, `${format}:${locale}`, () =>
      format === 'html' ? renderHtml(review, locale) : renderMarkdown(review, locale),
    );
  }
}
