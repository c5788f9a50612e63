import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { parseIdOf } from '../../graphql/relay';
import { GoalObject, toGoalObject } from '../goal/goal.type';
import {
  AddMilestoneInput,
  AddMilestonePayload,
  CompleteMilestoneInput,
  CompleteMilestonePayload,
  MilestoneObject,
  toMilestoneObject,
} from './milestone.type';

@Resolver(() => MilestoneObject)
export class MilestoneResolver {
  @Authorized('write')
  @Mutation(() => AddMilestonePayload, {
    description:
      "Appends a milestone to one of the viewer's goals. A MILESTONES goal that was ACHIEVED becomes ACTIVE again, as it has an open stage.",
  })
  async addMilestone(
    @Arg('input', () => AddMilestoneInput, { description: "The mutation's input." }) input: AddMilestoneInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AddMilestonePayload> {
    const goalId = parseIdOf('Goal', input.goalId, 'goalId');
    return { milestone: toMilestoneObject(await ctx.services.milestones.add(ctx.viewer.user, { ...input, goalId })) };
  }

  @Authorized('write')
  @Mutation(() => CompleteMilestonePayload, {
    description: 'Marks a milestone reached; completing the last open milestone of a MILESTONES goal achieves the goal.',
  })
  async completeMilestone(
    @Arg('input', () => CompleteMilestoneInput, { description: "The mutation's input." }) input: CompleteMilestoneInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CompleteMilestonePayload> {
    const id = parseIdOf('Milestone', input.id, 'id');
    const { milestone, goal } = await ctx.services.milestones.complete(ctx.viewer.user, id, input);
    return { milestone: toMilestoneObject(milestone), goal: toGoalObject(goal) };
  }

  @FieldResolver(() => GoalObject, { description: 'The goal this milestone belongs to.' })
  async goal(@Root() milestone: MilestoneObject, @Ctx() ctx: RequestContext): Promise<GoalObject> {
    const goal = await ctx.loaders.goal.load(milestone.entity.goalId);
    if (!goal) throw new Error(`Milestone ${milestone.entity.id} has no goal of its owner`);
    return toGoalObject(goal);
  }
}
