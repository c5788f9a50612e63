import type { Database } from '../../db/database';
import { attentionReasons, rankByUrgency, type AttentionFacts, type AttentionReason } from '../../domain/attention';
import { dateRange, daysBetween } from '../../domain/calendar';
import { computeStreak, scoreHistory, successHistory, type DayTotal, type HabitSpec, type StreakResult } from '../../domain/habit';
import { computePace, type Pace } from '../../domain/pace';
import { badInput } from '../../errors';
import type { Loaders as RequestLoaders } from '../../loaders';
import { GoalEntity } from '../goal/goal.entity';
import type { GoalService } from '../goal/goal.service';
import type { UserEntity } from '../user/user.entity';

/** The request loaders the analytics read through. */
type Loaders = Pick<RequestLoaders, 'goal' | 'logTotals' | 'dailyTotals' | 'pauses'>;

/** Longest span scoreHistory answers in one request. */
export const MAX_SCORE_HISTORY_DAYS = 3660;

/** Everything the analytics of one goal need, gathered once through the request's loaders. */
interface GoalFacts {
  today: string;
  days: DayTotal[];
  paused: Set<string>;
}

/**
 * Habit and target analytics: streaks, habit strength, pace and what needs attention.
 * The maths is in src/domain; this service gathers the facts (through per-request loaders, so a list of
 * goals costs a fixed number of queries) and applies the user's calendar.
 */
export class AnalyticsService {
  constructor(
    private readonly db: Database,
    private readonly goals: GoalService,
  ) {}

  /** The habit rule of a HABIT goal; null for other kinds. */
  habitSpec(goal: GoalEntity): HabitSpec | null {
    if (goal.kind !== 'HABIT' || goal.frequencyTimes === null || goal.frequencyPerDays === null) return null;
    return {
      times: goal.frequencyTimes,
      perDays: goal.frequencyPerDays,
      numeric: goal.target !== null,
      target: goal.target,
      targetType: goal.targetType,
    };
  }

  /** Streak of a habit; null for other kinds. */
  async streak(user: UserEntity, goal: GoalEntity, loaders: Loaders): Promise<StreakResult | null> {
    const spec = this.habitSpec(goal);
    if (!spec) return null;
    const f = await this.facts(user, goal, loaders);
    return computeStreak(spec, f.days, { startDate: goal.startDate, today: f.today, paused: f.paused });
  }

  /** Habit strength today, in [0, 1]; null for goals that are not habits. */
  async score(user: UserEntity, goal: GoalEntity, loaders: Loaders): Promise<number | null> {
    const spec = this.habitSpec(goal);
    if (!spec) return null;
    const f = await this.facts(user, goal, loaders);
    const [today] = scoreHistory(spec, f.days, { from: f.today, to: f.today, startDate: goal.startDate, paused: f.paused });
    return today.score;
  }

  /** Habit strength for each day from..to (empty for goals that are not habits). */
  async scoreHistory(user: UserEntity, goal: GoalEntity, loaders: Loaders, from: string, to: string) {
    if (to < from) throw badInput('to', `must be on or after from (${from}), got ${to}`);
    const span = daysBetween(from, to) + 1;
    if (span > MAX_SCORE_HISTORY_DAYS) throw badInput('to', `at most ${MAX_SCORE_HISTORY_DAYS} days per request, got ${span}`);
    const spec = this.habitSpec(goal);
    if (!spec) return [];
    const f = await this.facts(user, goal, loaders);
    return scoreHistory(spec, f.days, { from, to, startDate: goal.startDate, paused: f.paused });
  }

  /** Pace of a TARGET goal with a due date; null otherwise. */
  async pace(user: UserEntity, goal: GoalEntity, loaders: Loaders): Promise<Pace | null> {
    if (goal.kind !== 'TARGET' || goal.target === null || goal.dueDate === null) return null;
    const today = this.goals.today(user);
    const actual = (await loaders.logTotals.load(goal.id)).sum;
    return computePace({
      startDate: goal.startDate,
      dueDate: goal.dueDate,
      today,
      target: goal.target,
      targetType: goal.targetType,
      actual,
    });
  }

  /** Why this goal needs attention today (empty when it does not). */
  async attention(user: UserEntity, goal: GoalEntity, loaders: Loaders): Promise<AttentionReason[]> {
    return (await this.attentionFacts(user, goal, loaders)).reasons;
  }

  /** The user's active goals that need attention today, most urgent first. */
  async needsAttention(user: UserEntity, loaders: Loaders): Promise<GoalEntity[]> {
    const goals = await this.db.read((em) => em.find(GoalEntity, { where: { userId: user.id, status: 'ACTIVE' }, order: { id: 'ASC' } }));
    for (const goal of goals) loaders.goal.prime(goal.id, goal);
    const facts = await Promise.all(goals.map((goal) => this.attentionFacts(user, goal, loaders)));
    const byId = new Map(goals.map((g) => [g.id, g]));
    return rankByUrgency(facts).map((id) => byId.get(id)!);
  }

  private async attentionFacts(
    user: UserEntity,
    goal: GoalEntity,
    loaders: Loaders,
  ): Promise<AttentionFacts & { reasons: AttentionReason[] }> {
    const today = this.goals.today(user);
    let streak: AttentionFacts['streak'] = null;
    const spec = this.habitSpec(goal);
    if (spec && goal.status === 'ACTIVE') {
      const f = await this.facts(user, goal, loaders);
      const opts = { startDate: goal.startDate, today, paused: f.paused };
      const history = successHistory(spec, f.days, opts);
      const todayEntry = history[history.length - 1];
      // Today is settled once it counts as kept, or when it is paused (null): nothing can be lost tonight.
      streak = {
        current: computeStreak(spec, f.days, opts).current,
        todaySettled: todayEntry?.date !== today || todayEntry.success !== false,
      };
    }
    const pace = goal.status === 'ACTIVE' ? await this.pace(user, goal, loaders) : null;
    const facts: AttentionFacts = { id: goal.id, today, dueDate: goal.dueDate, open: goal.status === 'ACTIVE', streak, pace };
    return { ...facts, reasons: attentionReasons(facts) };
  }

  private async facts(user: UserEntity, goal: GoalEntity, loaders: Loaders): Promise<GoalFacts> {
    const [days, pauses] = await Promise.all([loaders.dailyTotals.load(goal.id), loaders.pauses.load(goal.id)]);
    const paused = new Set<string>();
    for (const p of pauses) for (const d of dateRange(p.startDate, p.endDate)) paused.add(d);
    return { today: this.goals.today(user), days, paused };
  }
}
