import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { ConnectionArgs, connectionTypes, fromGlobalId, pageOfList, parseIdOf, parsePage, toConnection } from '../../graphql/relay';
import { LocalDateScalar } from '../../graphql/scalars';
import { selectsField } from '../../graphql/selection';
import { badInput } from '../../errors';
import { ProgressLogConnection, toLogObject } from '../log/log.type';
import { MilestoneObject, toMilestoneObject } from '../milestone/milestone.type';
import {
  CreateGoalInput,
  CreateGoalPayload,
  DeleteGoalInput,
  DeleteGoalPayload,
  GoalOrderInput,
  UpdateGoalInput,
  UpdateGoalPayload,
} from './goal.inputs';
import { GoalKind, GoalObject, GoalStatus, ProgressObject, isoWeekdays, toGoalObject } from './goal.type';

export const { Connection: GoalConnection, Edge: GoalEdge } = connectionTypes('Goal', GoalObject, 'goal');

@ArgsType()
class GoalsArgs extends ConnectionArgs {
  @Field(() => GoalStatus, { nullable: true, description: 'Only goals with this status.' })
  status?: GoalStatus | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'When true, only the goals of the due items of `today`, in the same order: active goals that need doing today (a habit whose rule still needs today, overdue or due today, a streak that ends tonight, a target behind pace), most urgent first.',
  })
  needsAttention?: boolean | null;

  @Field(() => GoalKind, { nullable: true, description: 'Only goals of this kind.' })
  kind?: GoalKind | null;

  @Field(() => String, { nullable: true, description: 'Only goals carrying exactly this tag (1–40 characters).' })
  tag?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only goals whose title or description contains this text, ignoring case (1–200 characters).',
  })
  search?: string | null;

  @Field(() => GoalOrderInput, {
    nullable: true,
    description:
      'The order of the list; by default oldest first (by id). Cursors hold the order they were made under and work only with it. Not with needsAttention, which has its own order.',
  })
  orderBy?: GoalOrderInput | null;
}

@ArgsType()
class ChildrenArgs extends ConnectionArgs {
  @Field(() => GoalStatus, { nullable: true, description: 'Only children with this status.' })
  status?: GoalStatus | null;

  @Field(() => GoalOrderInput, {
    nullable: true,
    description: 'The order of the children; by default oldest first (by id). Cursors work only with the order they were made under.',
  })
  orderBy?: GoalOrderInput | null;
}

@ArgsType()
class GoalLogsArgs extends ConnectionArgs {
  @Field(() => LocalDateScalar, { nullable: true, description: 'Only logs on or after this day.' })
  from?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Only logs on or before this day.' })
  to?: string | null;
}

@Resolver(() => GoalObject)
export class GoalResolver {
  @Query(() => GoalObject, { nullable: true, description: "One of the viewer's goals; null when no goal of theirs has this ID." })
  async goal(
    @Arg('id', () => ID, { description: 'Global ID of the goal.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<GoalObject | null> {
    const parsed = fromGlobalId(id);
    if (!parsed || parsed.type !== 'Goal') return null;
    const goal = await ctx.loaders.goal.load(parsed.id);
    return goal ? toGoalObject(goal) : null;
  }

  @Query(() => GoalConnection, {
    description: "The viewer's goals, oldest first unless orderBy says otherwise (most urgent first with needsAttention).",
  })
  async goals(@Args(() => GoalsArgs) args: GoalsArgs, @Ctx() ctx: RequestContext) {
    const filter = { status: args.status, kind: args.kind, tag: args.tag, search: args.search };
    if (args.needsAttention) {
      if (args.orderBy)
        throw badInput('orderBy', 'cannot be combined with needsAttention, which lists goals most urgent first; leave one out');
      const request = parsePage(args, ['id']);
      const ranked = await ctx.services.analytics.needsAttention(ctx.viewer.user, ctx.loaders);
      const filtered = ranked.filter((g) => ctx.services.goals.matches(g, filter));
      return toConnection(
        pageOfList(filtered, request, (g) => g.id),
        toGoalObject,
      );
    }
    const page = await ctx.services.goals.list(
      ctx.viewer.user.id,
      filter,
      parsePage(args, null),
      args.orderBy ?? null,
      ctx.loaders.goalPages(),
    );
    ctx.loaders.primeGoals(page.items);
    return toConnection(page, toGoalObject);
  }

  @Authorized('write')
  @Mutation(() => CreateGoalPayload, { description: 'Creates a goal for the viewer.' })
  async createGoal(
    @Arg('input', () => CreateGoalInput, { description: "The mutation's input." }) input: CreateGoalInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CreateGoalPayload> {
    const parentId = input.parentId == null ? input.parentId : parseIdOf('Goal', input.parentId, 'parentId');
    const frequency = input.frequency && { ...input.frequency, weekdays: isoWeekdays(input.frequency.weekdays) };
    return { goal: toGoalObject(await ctx.services.goals.create(ctx.viewer.user, { ...input, frequency, parentId })) };
  }

  @Authorized('write')
  @Mutation(() => UpdateGoalPayload, { description: "Changes one of the viewer's goals." })
  async updateGoal(
    @Arg('input', () => UpdateGoalInput, { description: "The mutation's input." }) input: UpdateGoalInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdateGoalPayload> {
    const { id: globalId, ...changes } = input;
    const id = parseIdOf('Goal', globalId, 'id');
    const parentId = changes.parentId == null ? changes.parentId : parseIdOf('Goal', changes.parentId, 'parentId');
    const frequency = changes.frequency && { ...changes.frequency, weekdays: isoWeekdays(changes.frequency.weekdays) };
    return { goal: toGoalObject(await ctx.services.goals.update(ctx.viewer.user, id, { ...changes, frequency, parentId })) };
  }

  @Authorized('write')
  @Mutation(() => DeleteGoalPayload, {
    description:
      "Deletes one of the viewer's goals with its logs, milestones, pauses, Kaggle results, pipeline and ladder. Its workouts stay, no longer counting toward it; its child goals stay, without a parent.",
  })
  async deleteGoal(
    @Arg('input', () => DeleteGoalInput, { description: "The mutation's input." }) input: DeleteGoalInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteGoalPayload> {
    await ctx.services.goalDeletion.delete(ctx.viewer.user.id, parseIdOf('Goal', input.id, 'id'));
    return { deletedId: input.id };
  }

  @FieldResolver(() => GoalObject, { nullable: true, description: 'The goal this one serves, if any.' })
  async parent(@Root() goal: GoalObject, @Ctx() ctx: RequestContext): Promise<GoalObject | null> {
    if (goal.entity.parentId === null) return null;
    const parent = await ctx.loaders.goal.load(goal.entity.parentId);
    return parent ? toGoalObject(parent) : null;
  }

  @FieldResolver(() => GoalConnection, {
    description: 'The goals that serve this one (whose parent it is), oldest first unless orderBy says otherwise.',
  })
  async children(@Root() goal: GoalObject, @Args(() => ChildrenArgs) args: ChildrenArgs, @Ctx() ctx: RequestContext) {
    const page = await ctx.loaders.childPage(goal.entity.id, args.status ?? null, args.orderBy ?? null, parsePage(args, null));
    return toConnection(page, toGoalObject);
  }

  @FieldResolver(() => ProgressLogConnection, { description: 'Logs of this goal, newest day first.' })
  async logs(
    @Root() goal: GoalObject,
    @Args(() => GoalLogsArgs) args: GoalLogsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (args.from && args.to && args.to < args.from) throw badInput('to', `must be on or after from (${args.from}), got ${args.to}`);
    const filter = { from: args.from, to: args.to, counted: selectsField(info, 'totalCount') };
    const page = await ctx.loaders.logPage(goal.entity.id, filter, parsePage(args, ['date', 'id']));
    return toConnection(page, toLogObject);
  }

  @FieldResolver(() => [MilestoneObject], { description: 'Milestones in order.' })
  async milestones(@Root() goal: GoalObject, @Ctx() ctx: RequestContext): Promise<MilestoneObject[]> {
    return (await ctx.loaders.milestones.load(goal.entity.id)).map(toMilestoneObject);
  }

  @FieldResolver(() => ProgressObject, { description: 'How far the goal has come.' })
  async progress(@Root() goal: GoalObject, @Ctx() ctx: RequestContext): Promise<ProgressObject> {
    return Object.assign(new ProgressObject(), await ctx.services.analytics.progress(ctx.viewer.user, goal.entity, ctx.loaders));
  }
}
