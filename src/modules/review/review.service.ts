import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { localDateOf } from '../../domain/calendar';
import { shiftDate, yearRange } from '../../domain/year-review';
import type { AnalyticsService } from '../analytics/analytics.service';
import type { UserEntity } from '../user/user.entity';
import { renderHtml } from './render/html';
import { renderMarkdown } from './render/markdown';
import { SCORE_LOOKBACK_MAX_DAYS } from './goal-year.assemble';
import { assembleReview } from './review.assemble';
import type { YearReview } from './review.model';
import { loadReviewRows } from './review.queries';
import { checkYear } from './review.rules';
import type { ReportLocale } from './templates';


/**
 * The year in review: one user's year, bucketed by each log's local date, with the goals' standing at both
 * ends, streaks, milestones and the comparison with the previous year; and its Markdown and HTML reports.
 * The aggregation is in the database (review.queries.ts); the maths is in src/domain.
 */
export class ReviewService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly analytics: AnalyticsService,
  ) {}

  /** The user's review of `year` (1970–9999). A year still under way is covered up to today; a future one is empty. */
  async yearInReview(user: UserEntity, year: number): Promise<YearReview> {
    checkYear(year);
    const { from, to } = yearRange(year);
    const previous = yearRange(year - 1);
    const today = localDateOf(this.clock.now(), user.timeZone, user.dayStartsAt);
    // Habits' days are read from a year before 1 January: their frequency windows (at most 365 days) at the start of
    // the year and their score's look-back need them.
    const bounds = { from, to, prevFrom: previous.from, prevTo: previous.to, warmFrom: shiftDate(from, -SCORE_LOOKBACK_MAX_DAYS) };
    const rows = await this.db.read((em) => loadReviewRows(em, user.id, bounds));
    return assembleReview(year, rows, {
      bounds,
      through: today < to ? today : to,
      timeZone: user.timeZone,
      dayStartsAt: user.dayStartsAt,
      habitSpec: (goal) => this.analytics.habitSpec(goal),
    });
  }

  /** The review as a Markdown draft retrospective. */
  markdown(review: YearReview, locale: ReportLocale): string {
    return renderMarkdown(review, locale);
  }

  /** The review as a self-contained HTML page. */
  html(review: YearReview, locale: ReportLocale): string {
    return renderHtml(review, locale);
  }
}
