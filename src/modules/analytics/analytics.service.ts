import DataLoader from 'dataloader';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/database';
import { attentionReasons, rankByUrgency, type AttentionFacts, type AttentionReason } from '../../domain/attention';
import { daysBetween, fromDayNumber, toDayNumber, weekdayOf } from '../../domain/calendar';
import type { HabitSpec, StreakResult } from '../../domain/habit';
import { scoreOn, scoreSeries, scoresBetween, toDaySeries } from '../../domain/habit';
import { computePace, type Pace } from '../../domain/pace';
import { computeProgress, type Progress } from '../../domain/progress';
import { habitVerdict, orderToday, type IsoWeekday } from '../../domain/today';
import { badInput } from '../../errors';
import type { Loaders as RequestLoaders } from '../../loaders';
import { GoalEntity } from '../goal/goal.entity';
import type { ProgressLogEntity } from '../log/progress-log.entity';
import type { GoalService } from '../goal/goal.service';
import type { UserEntity } from '../user/user.entity';
import { SummaryCache } from './summary-cache';
import { habitSpecOf, summariesByGoal, type SummarizedGoal } from './summary.loaders';

/** The request loaders the analytics read through. */
type Loaders = Pick<RequestLoaders, 'goal' | 'revisions' | 'milestones' | 'dailyTotals' | 'pauses' | 'deadline'>;

/** One goal of the user's day. */
export interface TodayItem {
  goal: GoalEntity;
  /** Something needs doing today: any attention reason (a habit's rule needing today, a due date, pace). */
  due: boolean;
  /** Today's part is done (see today.ts for habits; other goals: logged today and not behind pace). */
  done: boolean;
  /** Sum of today's log values. */
  loggedToday: number;
  /** What is left to log today, when that can be said (see today.ts; a target behind pace: its shortfall). */
  remainingToday: number | null;
  reasons: AttentionReason[];
}

/** Longest span scoreHistory answers in one request. */
export const MAX_SCORE_HISTORY_DAYS = 3660;

/** Default bound of the summary cache: about 1,000 habits with ten years of scores each. */
export const DEFAULT_SUMMARY_CACHE_MB = 32;

/**
 * Habit and target analytics: streaks, habit strength, progress, pace and what needs attention.
 * The maths is in src/domain. Each goal's history is summarised once per revision of the goal and local day of
 * its owner, kept in a bounded in-process cache, and read through a per-request batch, so a list of goals costs
 * one statement (the revisions; none when the goals page brought them) when every summary is current and four
 * when some are not, whatever the number of goals.
 */
export class AnalyticsService {
  /** Summaries and first log pages kept between requests; the request loaders keep their log pages here too. */
  readonly cache: SummaryCache<GoalEntity, ProgressLogEntity>;
  private readonly batches = new WeakMap<Loaders, DataLoader<number, SummarizedGoal | null>>();
  private log: FastifyBaseLogger | null = null;

  constructor(
    private readonly db: Database,
    private readonly goals: GoalService,
    cacheBytes = DEFAULT_SUMMARY_CACHE_MB * 1024 * 1024,
  ) {
    this.cache = new SummaryCache<GoalEntity, ProgressLogEntity>(cacheBytes);
  }

  /** Where the cache's hit and miss counts go, at debug level. */
  logTo(log: FastifyBaseLogger): void {
    this.log = log;
  }

  /** Hits, misses and size of the summary cache since the process started. */
  cacheStats() {
    return this.cache.stats();
  }

  /** The habit rule of a HABIT goal; null for other kinds. */
  habitSpec(goal: GoalEntity): HabitSpec | null {
    return habitSpecOf(goal);
  }

  /** Streak of a habit; null for other kinds. */
  async streak(user: UserEntity, goal: GoalEntity, loaders: Loaders): Promise<StreakResult | null> {
    const streak = (await this.summary(user, goal, loaders))?.summary.streak;
    if (!streak) return null;
    return {
      current: streak.current,
      longest: streak.longest,
      longestStart: streak.longestStart < 0 ? null : fromDayNumber(streak.longestStart),
      longestEnd: streak.longestEnd < 0 ? null : fromDayNumber(streak.longestEnd),
    };
  }

  /** Habit strength today, in [0, 1]; null for goals that are not habits. */
  async score(user: UserEntity, goal: GoalEntity, loaders: Loaders): Promise<number | null> {
    return (await this.summary(user, goal, loaders))?.summary.score ?? null;
  }

  /** Habit strength for each day from..to (empty for goals that are not habits). */
  async scoreHistory(user: UserEntity, goal: GoalEntity, loaders: Loaders, from: string, to: string) {
    if (to < from) throw badInput('to', `must be on or after from (${from}), got ${to}`);
    const span = daysBetween(from, to) + 1;
    if (span > MAX_SCORE_HISTORY_DAYS) throw badInput('to', `at most ${MAX_SCORE_HISTORY_DAYS} days per request, got ${span}`);
    const scores = (await this.summary(user, goal, loaders))?.summary.scores;
    if (!scores) return [];
    const last = toDayNumber(to);
    // The series ends at the later of today and the last log; beyond it nothing changes but decay, which it
    // does not hold, so such a range is answered from the history instead.
    if (scoreOn(scores, last) === undefined) return this.scoreHistoryBeyond(user, goal, loaders, from, to);
    return scoresBetween(scores, toDayNumber(from), last);
  }

  /** Pace of a TARGET goal with a due date; null otherwise. */
  async pace(user: UserEntity, goal: GoalEntity, loaders: Loaders): Promise<Pace | null> {
    const found = await this.summary(user, goal, loaders);
    if (!found) return null;
    const g = found.goal;
    if (g.kind !== 'TARGET' || g.target === null || g.dueDate === null) return null;
    return computePace({
      startDate: g.startDate,
      dueDate: g.dueDate,
      today: this.goals.today(user),
      target: g.target,
      targetType: g.targetType,
      actual: found.summary.total,
    });
  }

  /** How far a goal has come; milestones are counted by the caller's loader. */
  async progress(user: UserEntity, goal: GoalEntity, loaders: Loaders): Promise<Progress> {
    const facts = { total: 0, windowSum: 0, windowDays: 0, milestonesDone: 0, milestonesTotal: 0 };
    if (goal.kind === 'MILESTONES') {
      const milestones = await loaders.milestones.load(goal.id);
      facts.milestonesTotal = milestones.length;
      facts.milestonesDone = milestones.filter((m) => m.achievedOn !== null).length;
      return computeProgress(goal, facts);
    }
    const found = await this.summary(user, goal, loaders);
    if (!found) return computeProgress(goal, facts);
    Object.assign(facts, {
      total: found.summary.total,
      windowSum: found.summary.windowSum,
      windowDays: found.summary.windowLogDays,
    });
    return computeProgress(found.goal, facts);
  }

  /** Why this goal needs attention today (empty when it does not). */
  async attention(user: UserEntity, goal: GoalEntity, loaders: Loaders): Promise<AttentionReason[]> {
    return (await this.attentionFacts(user, goal, loaders)).reasons;
  }

  /** The user's active goals that need attention today, most urgent first: the goals of the due items of `today`. */
  async needsAttention(user: UserEntity, loaders: Loaders): Promise<GoalEntity[]> {
    return (await this.today(user, loaders)).items.filter((item) => item.due).map((item) => item.goal);
  }

  /**
   * The user's day: one item per active goal with something to do or show today (a habit on an active day, a
   * goal that needs attention, a goal logged today), the due ones first, most urgent first.
   */
  async today(user: UserEntity, loaders: Loaders): Promise<{ date: string; items: TodayItem[] }> {
    const date = this.goals.today(user);
    const goals = await this.db.read((em) => em.find(GoalEntity, { where: { userId: user.id, status: 'ACTIVE' }, order: { id: 'ASC' } }));
    for (const goal of goals) loaders.goal.prime(goal.id, goal);
    const found = await Promise.all(goals.map((goal) => this.attentionFacts(user, goal, loaders)));
    const items = new Map<number, TodayItem>();
    for (const f of found) {
      const shown = f.item.due || f.item.loggedToday !== 0 || f.todayCount > 0 || f.activeHabitDay;
      if (shown) items.set(f.item.goal.id, f.item);
    }
    const listed = found.filter((f) => items.has(f.id));
    const order = orderToday(
      listed.map((f) => ({ id: f.id, due: f.item.due, done: f.item.done })),
      rankByUrgency(listed),
    );
    return { date, items: order.map((id) => items.get(id)!) };
  }

  private async attentionFacts(
    user: UserEntity,
    goal: GoalEntity,
    loaders: Loaders,
  ): Promise<AttentionFacts & { reasons: AttentionReason[]; item: TodayItem; todayCount: number; activeHabitDay: boolean }> {
    const today = this.goals.today(user);
    const found = await this.summary(user, goal, loaders);
    const g = found?.goal ?? goal;
    const open = g.status === 'ACTIVE';
    const s = found?.summary;
    const streak: AttentionFacts['streak'] = open && s?.streak ? { current: s.streak.current, todaySettled: s.todaySettled } : null;
    const pace = open ? await this.pace(user, goal, loaders) : null;
    const spec = habitSpecOf(g);
    const logged = { count: s?.todayCount ?? 0, sum: s?.todaySum ?? 0 };
    // The rule's fields come with the summary (`g`, current under its revision); weekdays, the title and the rest of
    // the row are the caller's, as read for this request (weekdays change only through updateGoal, which answers
    // with the row it saved).
    const verdict = spec && s?.habitToday ? habitVerdict(spec, s.habitToday, logged, weekdayOf(today) as IsoWeekday, goal.weekdays) : null;
    const facts: AttentionFacts = { id: g.id, today, dueDate: g.dueDate, open, streak, pace, habitDue: verdict?.due ?? false };
    const reasons = attentionReasons(facts);
    const item: TodayItem = {
      goal,
      due: reasons.length > 0,
      done: verdict ? verdict.done : logged.count > 0 && (pace === null || pace.onTrack),
      loggedToday: logged.sum,
      remainingToday: verdict
        ? verdict.remaining
        : pace && !pace.onTrack && g.targetType === 'AT_LEAST'
          ? pace.expectedToDate - pace.actual
          : null,
      reasons,
    };
    return { ...facts, reasons, item, todayCount: logged.count, activeHabitDay: s?.habitToday?.active ?? false };
  }

  /** The goal as read now and the summary of its history; null when it is not the user's. */
  private summary(user: UserEntity, goal: GoalEntity, loaders: Loaders): Promise<SummarizedGoal | null> {
    let batch = this.batches.get(loaders);
    if (!batch) {
      // One batch per request's loaders (a mutation gets fresh ones), so a summary read before a write in the
      // same request is never reused after it.
      const { deadline, revisions } = loaders;
      batch = new DataLoader(async (ids) => {
        await deadline.checkpoint();
        const before = this.cache.stats();
        const found = await summariesByGoal(
          this.db,
          this.cache,
          user,
          this.goals.today(user),
          ids,
          (keys) => revisions.loadMany(keys),
          () => deadline.check(),
        );
        const after = this.cache.stats();
        this.log?.debug(
          {
            summaryCache: {
              ...after,
              requestHits: after.hits - before.hits,
              requestMisses: after.misses - before.misses,
            },
          },
          'goal summaries',
        );
        return found;
      });
      this.batches.set(loaders, batch);
    }
    return batch.load(goal.id);
  }

  /** Scores of a range reaching past what the summary holds, from the whole history. */
  private async scoreHistoryBeyond(user: UserEntity, goal: GoalEntity, loaders: Loaders, from: string, to: string) {
    const found = await this.summary(user, goal, loaders);
    const spec = found ? habitSpecOf(found.goal) : null;
    if (!found || !spec) return [];
    const [days, pauses] = await Promise.all([loaders.dailyTotals.load(goal.id), loaders.pauses.load(goal.id)]);
    loaders.deadline.check();
    const scores = scoreSeries(spec, toDaySeries(days), {
      startDay: toDayNumber(found.goal.startDate),
      to: toDayNumber(to),
      paused: pauses.map((p) => [toDayNumber(p.startDate), toDayNumber(p.endDate)] as const),
    });
    return scoresBetween(scores, toDayNumber(from), toDayNumber(to));
  }
}
