import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { LIST_SIZE_DESCRIPTION, listSize, parseIdOf } from '../../graphql/relay';
import { GoalObject, toGoalObject } from '../goal/goal.type';
import { DeleteKaggleResultInput, DeleteKaggleResultPayload, LogKaggleResultInput, LogKaggleResultPayload } from './kaggle.inputs';
import { KaggleProgressObject, KaggleResultObject, toKaggleProgressObject, toKaggleResultObject } from './kaggle.type';

/** KaggleProgress.results, bounded by `first`. */
@Resolver(() => KaggleProgressObject)
export class KaggleProgressResolver {
  @FieldResolver(() => [KaggleResultObject], { description: "This goal's results, newest first: the first `first` of them." })
  results(
    @Root() progress: KaggleProgressObject,
    @Arg('first', () => Int, { nullable: true, description: LIST_SIZE_DESCRIPTION }) first: number | null,
  ): KaggleResultObject[] {
    return progress.results.slice(0, listSize(first));
  }
}

/** Goal.kaggle and the Kaggle result mutations. */
@Resolver(() => GoalObject)
export class KaggleResolver {
  @FieldResolver(() => KaggleProgressObject, {
    nullable: true,
    description:
      "For Kaggle goals (template KAGGLE_COMPETITIONS): the person's tier and medals across all their Kaggle goals, what the next tier needs, and this goal's results. Null for other goals.",
  })
  async kaggle(@Root() goal: GoalObject, @Ctx() ctx: RequestContext): Promise<KaggleProgressObject | null> {
    const progress = await ctx.services.kaggle.progress(goal.entity, ctx.loaders);
    return progress && toKaggleProgressObject(progress.standing, progress.results);
  }

  @Authorized('write')
  @Mutation(() => LogKaggleResultPayload, {
    description:
      'Records a competition result on a Kaggle goal; the medal is derived from teams and rank unless given. The result also counts as a progress log.',
  })
  async logKaggleResult(
    @Arg('input', () => LogKaggleResultInput, { description: "The mutation's input." }) input: LogKaggleResultInput,
    @Ctx() ctx: RequestContext,
  ): Promise<LogKaggleResultPayload> {
    const goalId = parseIdOf('Goal', input.goalId, 'goalId');
    const { result, goal } = await ctx.services.kaggle.log(ctx.viewer.user, { ...input, goalId });
    return { result: toKaggleResultObject(result), goal: toGoalObject(goal) };
  }

  @Authorized('write')
  @Mutation(() => DeleteKaggleResultPayload, { description: 'Deletes a Kaggle result and the progress log it wrote.' })
  async deleteKaggleResult(
    @Arg('input', () => DeleteKaggleResultInput, { description: "The mutation's input." }) input: DeleteKaggleResultInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteKaggleResultPayload> {
    const { goal } = await ctx.services.kaggle.delete(ctx.viewer.user, parseIdOf('KaggleResult', input.id, 'id'));
    return { deletedId: input.id, goal: toGoalObject(goal) };
  }
}
