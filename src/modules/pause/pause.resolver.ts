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
  UpdatePauseInput,
  UpdatePausePayload,
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
    const pauses = await ctx.services.pauses.pauseAll(ctx.viewer.user, input);
    const goals = await Promise.all(pauses.map((p) => ctx.loaders.goal.load(p.goalId)));
    return {
      pauses: pauses.map(toPauseObject),
      goals: goals.flatMap((g) => (g ? [toGoalObject(g)] : [])),
    };
  }

  @Authorized('write')
  @Mutation(() => DeletePausePayload, { description: 'Deletes a pause; its days count as ordinary days again.' })
  async deletePause(
    @Arg('input', () => DeletePauseInput, { description: "The mutation's input." }) input: DeletePauseInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeletePausePayload> {
    const goal = await ctx.services.pauses.delete(ctx.viewer.user, parseIdOf('Pause', input.id, 'id'));
    return { deletedId: input.id, goal: toGoalObject(goal) };
  }

  @Authorized('write')
  @Mutation(() => UpdatePausePayload, { description: "Changes the days or the reason of one of the viewer's pauses." })
  async updatePause(
    @Arg('input', () => UpdatePauseInput, { description: "The mutation's input." }) input: UpdatePauseInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdatePausePayload> {
    const { id, ...changes } = input;
    const { pause, goal } = await ctx.services.pauses.update(ctx.viewer.user, parseIdOf('Pause', id, 'id'), changes);
    return { pause: toPauseObject(pause), goal: toGoalObject(goal) };
  }
}
