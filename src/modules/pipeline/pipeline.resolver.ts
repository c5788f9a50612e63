import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { parseIdOf } from '../../graphql/relay';
import { GoalObject, toGoalObject } from '../goal/goal.type';
import {
  DeadlineKindEnum,
  NextDeadlineObject,
  PipelineProgressObject,
  SetGoalVenueInput,
  SetGoalVenuePayload,
  toPipelineStageObject,
} from './pipeline.type';
import {
  CreateVenueInput,
  CreateVenuePayload,
  DeleteVenueInput,
  DeleteVenuePayload,
  UpdateVenueInput,
  UpdateVenuePayload,
  VenueObject,
  toVenueObject,
} from './venue.type';

/** Venues, pipelines and Goal.pipeline. */
@Resolver(() => GoalObject)
export class PipelineResolver {
  @Query(() => [VenueObject], { description: "The viewer's venues, soonest deadline first." })
  async venues(@Ctx() ctx: RequestContext): Promise<VenueObject[]> {
    return (await ctx.services.venues.list(ctx.viewer.user.id)).map(toVenueObject);
  }

  @FieldResolver(() => PipelineProgressObject, {
    nullable: true,
    description:
      'For pipeline goals (PAPER_PIPELINE, or setGoalVenue): days to the next deadline, the current stage and whether it is late. Null otherwise.',
  })
  async pipeline(@Root() goal: GoalObject, @Ctx() ctx: RequestContext): Promise<PipelineProgressObject | null> {
    const view = await ctx.services.pipelines.progress(ctx.viewer.user, goal.entity, ctx.loaders);
    if (!view) return null;
    const stages = view.stages.map(toPipelineStageObject);
    const next = view.nextDeadline;
    return Object.assign(new PipelineProgressObject(), {
      venue: view.venue && toVenueObject(view.venue),
      deadline: view.deadline,
      nextDeadline:
        next && Object.assign(new NextDeadlineObject(), { kind: next.label as DeadlineKindEnum, date: next.date, daysLeft: next.daysLeft }),
      submissionStage: view.submissionStage,
      currentStage: view.current === null ? null : stages[view.current],
      stages,
    });
  }

  @Authorized('write')
  @Mutation(() => CreateVenuePayload, { description: "Adds a venue (a conference and its dates) to the viewer's list." })
  async createVenue(
    @Arg('input', () => CreateVenueInput, { description: "The mutation's input." }) input: CreateVenueInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CreateVenuePayload> {
    return { venue: toVenueObject(await ctx.services.venues.create(ctx.viewer.user, input)) };
  }

  @Authorized('write')
  @Mutation(() => UpdateVenuePayload, { description: "Changes one of the viewer's venues; pipelines aimed at it re-plan." })
  async updateVenue(
    @Arg('input', () => UpdateVenueInput, { description: "The mutation's input." }) input: UpdateVenueInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdateVenuePayload> {
    const { id, ...changes } = input;
    return { venue: toVenueObject(await ctx.services.venues.update(ctx.viewer.user, parseIdOf('Venue', id, 'id'), changes)) };
  }

  @Authorized('write')
  @Mutation(() => DeleteVenuePayload, { description: "Deletes one of the viewer's venues; pipelines aimed at it lose it." })
  async deleteVenue(
    @Arg('input', () => DeleteVenueInput, { description: "The mutation's input." }) input: DeleteVenueInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteVenuePayload> {
    await ctx.services.venues.delete(ctx.viewer.user, parseIdOf('Venue', input.id, 'id'));
    return { deletedId: input.id };
  }

  @Authorized('write')
  @Mutation(() => SetGoalVenuePayload, {
    description: 'Aims a MILESTONES goal at a venue, making it a pipeline (or changes its venue, e.g. after a rejection).',
  })
  async setGoalVenue(
    @Arg('input', () => SetGoalVenueInput, { description: "The mutation's input." }) input: SetGoalVenueInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetGoalVenuePayload> {
    const goalId = parseIdOf('Goal', input.goalId, 'goalId');
    const venueId = input.venueId == null ? input.venueId : parseIdOf('Venue', input.venueId, 'venueId');
    const goal = await ctx.services.pipelines.setVenue(ctx.viewer.user, { goalId, venueId, submissionStage: input.submissionStage });
    return { goal: toGoalObject(goal) };
  }
}
