import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { parseIdOf } from '../../graphql/relay';
import { GoalObject, toGoalObject } from '../goal/goal.type';
import {
  AddMilestoneInput,
  AddMilestonePayload,
  CompleteMilestoneInput,
  CompleteMilestonePayload,
  DeleteMilestoneInput,
  DeleteMilestonePayload,
  MilestoneObject,
  ReopenMilestoneInput,
  ReopenMilestonePayload,
  UpdateMilestoneInput,
  UpdateMilestonePayload,
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
    const milestone = await ctx.services.milestones.add(ctx.viewer.user, { ...input, goalId });
    return { milestone: toMilestoneObject(milestone), goal: toGoalObject(await ctx.services.goals.get(ctx.viewer.user.id, goalId)) };
  }

  @Authorized('write')
  @Mutation(() => UpdateMilestonePayload, { description: 'Changes the title, due date or evidence of a milestone.' })
  async updateMilestone(
    @Arg('input', () => UpdateMilestoneInput, { description: "The mutation's input." }) input: UpdateMilestoneInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdateMilestonePayload> {
    const { id, ...changes } = input;
    const { milestone, goal } = await ctx.services.milestones.update(ctx.viewer.user, parseIdOf('Milestone', id, 'id'), changes);
    return { milestone: toMilestoneObject(milestone), goal: toGoalObject(goal) };
  }

  @Authorized('write')
  @Mutation(() => DeleteMilestonePayload, {
    description: 'Deletes a milestone; a MILESTONES goal whose milestones left are all reached is achieved.',
  })
  async deleteMilestone(
    @Arg('input', () => DeleteMilestoneInput, { description: "The mutation's input." }) input: DeleteMilestoneInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteMilestonePayload> {
    const goal = await ctx.services.milestones.delete(ctx.viewer.user, parseIdOf('Milestone', input.id, 'id'));
    return { deletedId: input.id, goal: toGoalObject(goal) };
  }

  @Authorized('write')
  @Mutation(() => ReopenMilestonePayload, {
    description: 'Opens a reached milestone again; an ACHIEVED MILESTONES goal goes back to ACTIVE.',
  })
  async reopenMilestone(
    @Arg('input', () => ReopenMilestoneInput, { description: "The mutation's input." }) input: ReopenMilestoneInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ReopenMilestonePayload> {
    const { milestone, goal } = await ctx.services.milestones.reopen(ctx.viewer.user, parseIdOf('Milestone', input.id, 'id'));
    return { milestone: toMilestoneObject(milestone), goal: toGoalObject(goal) };
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
