import type { EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { UserLock, lockForUser } from '../../db/advisory-lock';
import {
  type CompetitionKind,
  type KaggleStanding,
  type KaggleTier,
  type Medal,
  type MedalCounts,
  type MissingMedals,
  TIERS,
  awardsMedals,
  countMedals,
  kaggleStanding,
  medalFor,
  tierDates,
  tierOf,
} from '../../domain/kaggle';
import { badInput, notFound } from '../../errors';
import type { FeatureLoaders } from '../../loaders';
import { allKaggleResults, allKaggleResultsIn } from './kaggle.loaders';
import { toGlobalId } from '../../ids';
import { type GoalEntity } from '../goal/goal.entity';
import type { GoalService } from '../goal/goal.service';
import type { ProgressLogWriter } from '../log/log.writer';
import type { Outbox } from '../event/outbox';
import { KAGGLE_TEMPLATES } from '../template/templates';
import { createdThenDeleted, writeOnce, type Created } from '../request/request-keys';
import type { UserEntity } from '../user/user.entity';
import { KaggleResultEntity, type MedalSource } from './kaggle-result.entity';

/** What a year of competing amounted to, for the year in review. */
export interface KaggleYear {
  results: number;
  medals: MedalCounts;
  tierAtStart: KaggleTier;
  tierAtEnd: KaggleTier;
  /** Tiers first reached during the year, with the day. */
  tiersReached: Array<{ tier: KaggleTier; reachedOn: string }>;
  /** The tier after tierAtEnd; null at Grandmaster. */
  nextTier: KaggleTier | null;
  /** What nextTier still needed at the end of the year; null at Grandmaster. */
  missing: MissingMedals | null;
  /** The year's results and medals of each Kaggle goal, in goal order; goals without a result that year are absent. */
  goals: Array<{ goalId: number; results: number; medals: MedalCounts }>;
}

/** A competition result to log: with the leaderboard's size and the rank, or with the medal itself. */
export interface NewKaggleResult {
  goalId: number;
  competition: string;
  kind: CompetitionKind;
  teams?: number | null;
  rank?: number | null;
  /** Default 1. */
  teamSize?: number | null;
  /** Default today. */
  date?: string | null;
  medal?: Medal | null;
  url?: string | null;
  requestId?: string | null;
}

/** Kaggle goals: competition results, the medals they earn and the tier they add up to. */
export class KaggleService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly goals: GoalService,
    private readonly writer: ProgressLogWriter,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Records a result on one of the user's Kaggle goals. The medal comes from teams and rank (Kaggle's table)
   * unless given outright. The result also writes a progress log (value 1: one competition) on its date, so
   * streaks, totals and the year in review count it; results dated before the goal started are history and
   * write none (they still count toward the tier). A result that lifts the user's tier records KAGGLE_TIER_REACHED
   * in the same transaction: once per crossing (a deletion that drops the tier records nothing, and reaching it again
   * later records it again).
   */
  async log(user: UserEntity, input: NewKaggleResult): Promise<{ result: KaggleResultEntity; goal: GoalEntity }> {
    const { goalId } = input;
    const competition = input.competition.trim();
    if (competition.length === 0 || competition.length > 200)
      throw badInput('competition', `must be 1–200 characters, got ${input.competition.length}`);
    const teamSize = input.teamSize ?? 1;
    if (!Number.isInteger(teamSize) || teamSize < 1 || teamSize > 50)
      throw badInput('teamSize', `must be a whole number from 1 to 50, got ${teamSize}`);
    const { medal, source } = resolveMedal(input);
    const today = this.goals.today(user);
    const date = input.date ?? today;
    if (date > today) throw badInput('date', `must not be after today (${today}), got ${date}`);
    const url = checkUrl(input.url ?? null);
    const key = { userId: user.id, operation: 'logKaggleResult' as const, requestId: input.requestId, input };
    const create = async (em: EntityManager): Promise<Created<{ result: KaggleResultEntity; goal: GoalEntity }>> => {
      const goal = await this.kaggleGoalIn(em, user.id, goalId);
      // Two results of one user on two goals must not both miss (or both record) the tier they reach together.
      await lockForUser(em, UserLock.KAGGLE_TIER, user.id);
      const before = await allKaggleResultsIn(em, user.id);
      const now = this.clock.now();
      const result = await em.save(
        em.create(KaggleResultEntity, {
          userId: user.id,
          goalId: goal.id,
          logId: null,
          competition,
          kind: input.kind,
          teams: input.teams ?? null,
          rank: input.rank ?? null,
          teamSize,
          date,
          medal,
          medalSource: source,
          url,
          createdAt: now,
        }),
      );
      if (date >= goal.startDate) {
        const note = `${competition}: ${medal === 'NONE' ? 'no medal' : `${medal.toLowerCase()} medal`}`;
        // The log's instant is noon UTC of its day: a result has a day, not a time.
        const occurredAt = new Date(`${date}T12:00:00Z`);
        result.logId = await this.writer.syncOwned(em, user, null, { goal, value: 1, date, occurredAt, note });
        await em.save(result);
      }
      this.recordTier(em, user.id, goal.id, before, result);
      return { value: { result, goal }, ids: [result.id] };
    };
    return writeOnce(this.db, key, create, async (em, [id]) => {
      const result = await em.findOneBy(KaggleResultEntity, { id, userId: user.id });
      if (!result) throw createdThenDeleted('Kaggle result', input.requestId);
      return { result, goal: await this.goals.getIn(em, user.id, result.goalId) };
    });
  }

  /** Deletes one of the user's results and the progress log it wrote. */
  async delete(user: UserEntity, id: number): Promise<{ goal: GoalEntity }> {
    return this.db.write(async (em) => {
      const result = await em.findOneBy(KaggleResultEntity, { id, userId: user.id });
      if (!result) throw notFound('Kaggle result', toGlobalId('KaggleResult', id));
      await em.delete(KaggleResultEntity, { id });
      await this.writer.syncOwned(em, user, result.logId, null);
      return { goal: await this.goals.getIn(em, user.id, result.goalId) };
    });
  }

  /** The user's result with this id, or null. */
  async find(userId: number, id: number): Promise<KaggleResultEntity | null> {
    return this.db.read((em) => em.findOneBy(KaggleResultEntity, { id, userId }));
  }

  /** Standing and results of a Kaggle goal (null for other goals), through the request's loaders. */
  async progress(
    goal: GoalEntity,
    loaders: { features: Pick<FeatureLoaders, 'kaggleResults' | 'allKaggleResults'> },
  ): Promise<{ standing: KaggleStanding; results: KaggleResultEntity[] } | null> {
    if (goal.template === null || !KAGGLE_TEMPLATES.has(goal.template)) return null;
    // A tier is the person's: every Kaggle goal's results count toward it (a goal per year must not restart at Novice).
    const [results, all] = await Promise.all([loaders.features.kaggleResults.load(goal.id), loaders.features.allKaggleResults.load(0)]);
    return { standing: kaggleStanding(all), results };
  }

  /**
   * For the year in review: results and medals dated in `year` across all the user's Kaggle goals and per goal,
   * the tier before and after it (a tier is the person's, so every Kaggle goal's results count), the tiers first
   * reached during it, and what the next tier still needed at its end. Two statements whatever the number of goals.
   */
  async yearInReview(userId: number, year: number): Promise<KaggleYear> {
    const all = await allKaggleResults(this.db, userId);
    const [first, last] = [`${year}-01-01`, `${year}-12-31`];
    const before = all.filter((r) => r.date < first);
    const upToEnd = all.filter((r) => r.date <= last);
    const during = upToEnd.filter((r) => r.date >= first);
    const reached = tierDates(upToEnd);
    const atEnd = kaggleStanding(upToEnd);
    const goalIds = [...new Set(during.map((r) => r.goalId))].sort((a, b) => a - b);
    return {
      results: during.length,
      medals: countMedals(during),
      tierAtStart: tierOf(countMedals(before), before.length),
      tierAtEnd: atEnd.tier,
      tiersReached: Object.entries(reached)
        .filter(([, day]) => day >= first)
        .map(([tier, reachedOn]) => ({ tier: tier as KaggleTier, reachedOn })),
      nextTier: atEnd.nextTier,
      missing: atEnd.missing,
      goals: goalIds.map((goalId) => {
        const mine = during.filter((r) => r.goalId === goalId);
        return { goalId, results: mine.length, medals: countMedals(mine) };
      }),
    };
  }

  /** Records KAGGLE_TIER_REACHED when `added` lifts the tier that the results `before` it earned. */
  private recordTier(
    em: EntityManager,
    userId: number,
    goalId: number,
    before: readonly KaggleResultEntity[],
    added: KaggleResultEntity,
  ): void {
    const previous = kaggleStanding(before).tier;
    const tier = kaggleStanding([...before, added]).tier;
    if (TIERS.indexOf(tier) <= TIERS.indexOf(previous)) return;
    this.outbox.add(em, userId, [
      {
        type: 'KAGGLE_TIER_REACHED',
        goalId,
        data: { kaggle: { tier, previousTier: previous, resultId: toGlobalId('KaggleResult', added.id) } },
      },
    ]);
  }

  private async kaggleGoalIn(em: EntityManager, userId: number, goalId: number): Promise<GoalEntity> {
    // Locked: the result's log and the goal's status change together, one writer at a time.
    const goal = await this.goals.lockIn(em, userId, goalId);
    if (goal.template === null || !KAGGLE_TEMPLATES.has(goal.template)) {
      throw badInput('goalId', 'is not a Kaggle goal; create one with createGoalFromTemplate(template: KAGGLE_COMPETITIONS)');
    }
    return goal;
  }
}

/** The medal of a result input: derived from teams and rank, or given; throws naming the offending field. */
function resolveMedal(input: NewKaggleResult): { medal: Medal; source: MedalSource } {
  const { teams, rank, medal, kind } = input;
  if ((teams == null) !== (rank == null))
    throw badInput(teams == null ? 'teams' : 'rank', 'teams and rank go together: give both or neither');
  if (teams != null && rank != null) {
    if (!Number.isInteger(teams) || teams < 1 || teams > 1_000_000)
      throw badInput('teams', `must be a whole number from 1 to 1000000, got ${teams}`);
    if (!Number.isInteger(rank) || rank < 1 || rank > teams) throw badInput('rank', `must be from 1 to teams (${teams}), got ${rank}`);
  }
  if (medal != null) {
    const given: Medal = medal;
    if (given !== 'NONE' && !awardsMedals(kind)) throw badInput('medal', `${kind} competitions award no medals, got ${given}`);
    return { medal: given, source: 'GIVEN' };
  }
  if (teams == null || rank == null) throw badInput('medal', 'give teams and rank to derive the medal, or the medal itself');
  return { medal: medalFor(kind, teams, rank), source: 'RANK' };
}

function checkUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && url.length <= 2000) return url;
  } catch {
    // fall through
  }
  throw badInput('url', `must be an http or https URL of at most 2000 characters, got ${JSON.stringify(url)}`);
}
