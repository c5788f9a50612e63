import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { parseIdOf } from '../../graphql/relay';
import { toGoalObject } from '../goal/goal.type';
import {
  DeletePauseInput,
  DeletePausePayload,
  PauseAllInput,
  PauseAllPayload,
  PauseGoalInput,
  PauseGoalPayload,
  toPauseObject,
} from './pause.type';

@Resolver()
export class PauseResolver {
  @Authorized('write')
  @Mutation(() => PauseGoalPayload, {
    description: 'Pauses one goal for a range of days: they neither break its streak nor move its score.',
  })
  async pauseGoal(
    @Arg('input', () => PauseGoalInput, { description: "The mutation's input." }) input: PauseGoalInput,
    @Ctx() ctx: RequestContext,
  ): Promise<PauseGoalPayload> {
    const goalId = parseIdOf('Goal', input.goalId, 'goalId');
    const { pause, goal } = await ctx.services.pauses.pauseGoal(ctx.viewer.user, { ...input, goalId });
    return { pause: toPauseObject(pause), goal: toGoalObject(goal) };
  }

  @Authorized('write')
  @Mutation(() => PauseAllPayload, { description: 'Pauses every active goal for a range of days (a holiday, an illness, a rest week).' })
  async pauseAll(
    @Arg('input', () => PauseAllInput, { description: "The mutation's input." }) input: PauseAllInput,
    @Ctx() ctx: RequestContext,
  ): Promise<PauseAllPayload> {
    return { pauses: (await ctx.services.pauses.pauseAll(ctx.viewer.user, input)).map(toPauseObject) };
  }

  @Authorized('write')
  @Mutation(() => DeletePausePayload, { description: 'Deletes a pause; its days count as ordinary days again.' })
  async deletePause(
    @Arg('input', () => DeletePauseInput, { description: "The mutation's input." }) input: DeletePauseInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeletePausePayload> {
    await ctx.services.pauses.delete(ctx.viewer.user, parseIdOf('Pause', input.id, 'id'));
    return { deletedId: input.id };
  }
}
