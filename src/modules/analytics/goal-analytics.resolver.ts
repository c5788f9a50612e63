import { Arg, Ctx, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { LIST_SIZE_DESCRIPTION, listSize } from '../../graphql/relay';
import { LocalDateScalar } from '../../graphql/scalars';
import { GoalObject } from '../goal/goal.type';
import { PauseObject, toPauseObject } from '../pause/pause.type';
import { AttentionReasonEnum, DailyScoreObject, PaceObject, StreakObject } from './analytics.type';

/** The analytics fields of Goal: streak, score, pace, pauses and attention. */
@Resolver(() => GoalObject)
export class GoalAnalyticsResolver {
  @FieldResolver(() => StreakObject, { nullable: true, description: 'Current and longest streak; null for goals that are not habits.' })
  async streak(@Root() goal: GoalObject, @Ctx() ctx: RequestContext): Promise<StreakObject | null> {
    return ctx.services.analytics.streak(ctx.viewer.user, goal.entity, ctx.loaders);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Habit strength today in [0, 1]; null for goals that are not habits.' })
  async score(@Root() goal: GoalObject, @Ctx() ctx: RequestContext): Promise<number | null> {
    return ctx.services.analytics.score(ctx.viewer.user, goal.entity, ctx.loaders);
  }

  @FieldResolver(() => [DailyScoreObject], {
    description: 'Habit strength for each day from..to (at most 3660 days); empty for goals that are not habits.',
  })
  async scoreHistory(
    @Root() goal: GoalObject,
    @Arg('from', () => LocalDateScalar, { description: 'First day.' }) from: string,
    @Arg('to', () => LocalDateScalar, { description: 'Last day, on or after from.' }) to: string,
    @Ctx() ctx: RequestContext,
  ): Promise<DailyScoreObject[]> {
    return ctx.services.analytics.scoreHistory(ctx.viewer.user, goal.entity, ctx.loaders, from, to);
  }

  @FieldResolver(() => PaceObject, {
    nullable: true,
    description: 'Pace against the straight line to the target; null for goals without a target and due date.',
  })
  async pace(@Root() goal: GoalObject, @Ctx() ctx: RequestContext): Promise<PaceObject | null> {
    return ctx.services.analytics.pace(ctx.viewer.user, goal.entity, ctx.loaders);
  }

  @FieldResolver(() => [PauseObject], { description: 'Pauses of this goal, oldest first: the first `first` of them.' })
  async pauses(
    @Root() goal: GoalObject,
    @Arg('first', () => Int, { nullable: true, description: LIST_SIZE_DESCRIPTION }) first: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PauseObject[]> {
    const size = listSize(first);
    return (await ctx.loaders.pauses.load(goal.entity.id)).slice(0, size).map(toPauseObject);
  }

  @FieldResolver(() => [AttentionReasonEnum], { description: 'Why the goal needs attention today; empty when it does not.' })
  async attention(@Root() goal: GoalObject, @Ctx() ctx: RequestContext): Promise<AttentionReasonEnum[]> {
    return (await ctx.services.analytics.attention(ctx.viewer.user, goal.entity, ctx.loaders)) as AttentionReasonEnum[];
  }
}
