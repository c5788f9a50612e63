import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { parseIdOf, parsePage, toConnection } from '../../graphql/relay';
import { GoalObject, toGoalObject } from '../goal/goal.type';
import { ProgressLogObject, toLogObject } from '../log/log.type';
import {
  DeleteWorkoutInput,
  DeleteWorkoutPayload,
  LogWorkoutInput,
  LogWorkoutPayload,
  UpdateWorkoutInput,
  UpdateWorkoutPayload,
  WorkoutsArgs,
} from './workout.inputs';
import {
  WorkoutConnection,
  WorkoutObject,
  WorkoutSetObject,
  WorkoutTotalsObject,
  toWorkoutObject,
  toWorkoutSetObject,
} from './workout.type';

/** Workouts: the list, the mutations, and a workout's sets, goal and log. */
@Resolver(() => WorkoutObject)
export class WorkoutResolver {
  @Query(() => WorkoutConnection, { description: "The viewer's workouts, newest day first." })
  async workouts(@Args(() => WorkoutsArgs) args: WorkoutsArgs, @Ctx() ctx: RequestContext) {
    const page = await ctx.services.workouts.list(ctx.viewer.user.id, { from: args.from, to: args.to }, parsePage(args, ['date', 'id']));
    return toConnection(page, toWorkoutObject);
  }

  @Authorized('write')
  @Mutation(() => LogWorkoutPayload, { description: "Logs a training session; linked to a habit, it also keeps that day's streak." })
  async logWorkout(
    @Arg('input', () => LogWorkoutInput, { description: "The mutation's input." }) input: LogWorkoutInput,
    @Ctx() ctx: RequestContext,
  ): Promise<LogWorkoutPayload> {
    const goalId = input.goalId == null ? input.goalId : parseIdOf('Goal', input.goalId, 'goalId');
    const { workout, goal } = await ctx.services.workouts.log(ctx.viewer.user, { ...input, goalId });
    return { workout: toWorkoutObject(workout), goal: goal && toGoalObject(goal) };
  }

  @Authorized('write')
  @Mutation(() => UpdateWorkoutPayload, { description: "Changes one of the viewer's workouts; its progress log follows." })
  async updateWorkout(
    @Arg('input', () => UpdateWorkoutInput, { description: "The mutation's input." }) input: UpdateWorkoutInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdateWorkoutPayload> {
    const { id, ...changes } = input;
    const goalId = changes.goalId == null ? changes.goalId : parseIdOf('Goal', changes.goalId, 'goalId');
    const workout = await ctx.services.workouts.update(ctx.viewer.user, parseIdOf('Workout', id, 'id'), { ...changes, goalId });
    const goal = workout.goalId === null ? null : await ctx.services.goals.get(ctx.viewer.user.id, workout.goalId);
    return { workout: toWorkoutObject(workout), goal: goal && toGoalObject(goal) };
  }

  @Authorized('write')
  @Mutation(() => DeleteWorkoutPayload, { description: "Deletes one of the viewer's workouts with its sets and its progress log." })
  async deleteWorkout(
    @Arg('input', () => DeleteWorkoutInput, { description: "The mutation's input." }) input: DeleteWorkoutInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteWorkoutPayload> {
    const goalId = await ctx.services.workouts.delete(ctx.viewer.user, parseIdOf('Workout', input.id, 'id'));
    const goal = goalId === null ? null : await ctx.services.goals.get(ctx.viewer.user.id, goalId);
    return { deletedId: input.id, goal: goal && toGoalObject(goal) };
  }

  @FieldResolver(() => [WorkoutSetObject], { description: 'The sets, in order.' })
  async sets(@Root() workout: WorkoutObject, @Ctx() ctx: RequestContext): Promise<WorkoutSetObject[]> {
    return (await ctx.loaders.features.workoutSets.load(workout.entity.id)).map(toWorkoutSetObject);
  }

  @FieldResolver(() => WorkoutTotalsObject, { description: 'Sets, reps and seconds held in all.' })
  async totals(@Root() workout: WorkoutObject, @Ctx() ctx: RequestContext): Promise<WorkoutTotalsObject> {
    const sets = await ctx.loaders.features.workoutSets.load(workout.entity.id);
    return Object.assign(new WorkoutTotalsObject(), {
      sets: sets.length,
      reps: sets.reduce((n, s) => n + (s.reps ?? 0), 0),
      holdSeconds: sets.reduce((n, s) => n + (s.holdSeconds ?? 0), 0),
    });
  }

  @FieldResolver(() => GoalObject, { nullable: true, description: 'The goal the session counts toward, if any.' })
  async goal(@Root() workout: WorkoutObject, @Ctx() ctx: RequestContext): Promise<GoalObject | null> {
    if (workout.entity.goalId === null) return null;
    const goal = await ctx.loaders.goal.load(workout.entity.goalId);
    return goal && toGoalObject(goal);
  }

  @FieldResolver(() => ProgressLogObject, {
    nullable: true,
    description: 'The progress log the session wrote for its goal; null when it has none.',
  })
  async log(@Root() workout: WorkoutObject, @Ctx() ctx: RequestContext): Promise<ProgressLogObject | null> {
    if (workout.entity.logId === null) return null;
    const log = await ctx.loaders.features.logs.load(workout.entity.logId);
    return log && toLogObject(log);
  }
}
