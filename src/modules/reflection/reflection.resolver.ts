import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { parseIdOf } from '../../graphql/relay';
import { GoalObject, toGoalObject } from '../goal/goal.type';
import { ProgressLogObject, toLogObject } from '../log/log.type';
import {
  LogReflectionInput,
  LogReflectionPayload,
  RateProgressLogInput,
  RateProgressLogPayload,
  ReflectionProgressObject,
  ratingFields,
} from './reflection.type';

/** Goal.reflection and the rating mutations. */
@Resolver(() => GoalObject)
export class ReflectionResolver {
  @FieldResolver(() => ReflectionProgressObject, {
    nullable: true,
    description:
      'For reflection goals (REFLECTION, REST_DAYS, or any goal with rated logs): monthly average rating and its trend. Null otherwise.',
  })
  async reflection(
    @Root() goal: GoalObject,
    @Arg('months', () => Int, { nullable: true, description: 'Months to read, ending with this month: 2–36, default 6.' })
    months: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ReflectionProgressObject | null> {
    const view = await ctx.services.reflections.progress(ctx.viewer.user, goal.entity, ctx.loaders, months ?? 6);
    return view && Object.assign(new ReflectionProgressObject(), ratingFields(view));
  }

  @Authorized('write')
  @Mutation(() => LogReflectionPayload, {
    description: "Logs a rated reflection (a retrospective, a practice, a rest day) toward one of the viewer's goals.",
  })
  async logReflection(
    @Arg('input', () => LogReflectionInput, { description: "The mutation's input." }) input: LogReflectionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<LogReflectionPayload> {
    const { rating, note, occurredAt, date, requestId } = input;
    const goalId = parseIdOf('Goal', input.goalId, 'goalId');
    const { log, goal } = await ctx.services.reflections.log(ctx.viewer.user, { goalId, rating, note, occurredAt, date, requestId });
    return { log: toLogObject(log), goal: toGoalObject(goal) };
  }

  @Authorized('write')
  @Mutation(() => RateProgressLogPayload, { description: "Sets or clears the 1–5 rating of one of the viewer's logs." })
  async rateProgressLog(
    @Arg('input', () => RateProgressLogInput, { description: "The mutation's input." }) input: RateProgressLogInput,
    @Ctx() ctx: RequestContext,
  ): Promise<RateProgressLogPayload> {
    const id = parseIdOf('ProgressLog', input.id, 'id');
    const log = await ctx.services.reflections.rate(ctx.viewer.user, id, input.rating ?? null);
    return { log: toLogObject(log), goal: toGoalObject(await ctx.services.goals.get(ctx.viewer.user.id, log.goalId)) };
  }
}

/** ProgressLog.rating. */
@Resolver(() => ProgressLogObject)
export class LogRatingResolver {
  @FieldResolver(() => Int, { nullable: true, description: 'A 1–5 rating of how it went (reflection goals); null when unrated.' })
  rating(@Root() log: ProgressLogObject): number | null {
    return log.entity.rating ?? null;
  }
}
