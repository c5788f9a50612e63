import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { GoalObject, toGoalObject } from '../goal/goal.type';
import {
  DeleteProgressLogInput,
  DeleteProgressLogPayload,
  LogProgressInput,
  LogProgressPayload,
  UpdateProgressLogInput,
  UpdateProgressLogPayload,
} from './log.inputs';
import { ProgressLogObject, toLogObject } from './log.type';

@Resolver(() => ProgressLogObject)
export class LogResolver {
  @Authorized('write')
  @Mutation(() => LogProgressPayload, { description: "Logs progress toward one of the viewer's goals. Safe to retry with a requestId." })
  async logProgress(
    @Arg('input', () => LogProgressInput, { description: "The mutation's input." }) input: LogProgressInput,
    @Ctx() ctx: RequestContext,
  ): Promise<LogProgressPayload> {
    const { log, goal } = await ctx.services.logs.log(ctx.viewer.user, input);
    return { log: toLogObject(log), goal: toGoalObject(goal) };
  }

  @Authorized('write')
  @Mutation(() => UpdateProgressLogPayload, { description: "Edits one of the viewer's logs." })
  async updateProgressLog(
    @Arg('input', () => UpdateProgressLogInput, { description: "The mutation's input." }) input: UpdateProgressLogInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdateProgressLogPayload> {
    return { log: toLogObject(await ctx.services.logs.update(ctx.viewer.user, input)) };
  }

  @Authorized('write')
  @Mutation(() => DeleteProgressLogPayload, { description: "Deletes one of the viewer's logs." })
  async deleteProgressLog(
    @Arg('input', () => DeleteProgressLogInput, { description: "The mutation's input." }) input: DeleteProgressLogInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteProgressLogPayload> {
    return { deletedId: await ctx.services.logs.delete(ctx.viewer.user, input.id) };
  }

  @FieldResolver(() => GoalObject, { description: 'The goal this log counts toward.' })
  async goal(@Root() log: ProgressLogObject, @Ctx() ctx: RequestContext): Promise<GoalObject> {
    const goal = await ctx.loaders.goal.load(log.entity.goalId);
    if (!goal) throw new Error(`Log ${log.entity.id} has no goal of its owner`);
    return toGoalObject(goal);
  }
}
