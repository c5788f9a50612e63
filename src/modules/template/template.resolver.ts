import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { parseIdOf } from '../../graphql/relay';
import { FrequencyObject, GoalKind, GoalObject, TargetType, isoWeekdays, toGoalObject } from '../goal/goal.type';
import { criterionFields } from '../workout/skill.type';
import {
  CreateGoalFromTemplateInput,
  CreateGoalFromTemplatePayload,
  GoalTemplateKey,
  GoalTemplateObject,
  LadderLevelPresetObject,
} from './template.type';

/** The template catalogue, createGoalFromTemplate and Goal.template. */
@Resolver(() => GoalObject)
export class TemplateResolver {
  @Query(() => [GoalTemplateObject], { description: 'Ready-made goals with their defaults.' })
  goalTemplates(@Ctx() ctx: RequestContext): GoalTemplateObject[] {
    return ctx.services.templates.list().map((t) =>
      Object.assign(new GoalTemplateObject(), {
        ...t,
        key: t.key as GoalTemplateKey,
        kind: t.kind as GoalKind,
        targetType: t.targetType as TargetType,
        frequency: t.frequency && Object.assign(new FrequencyObject(), t.frequency),
        ladder: t.ladder.map((l) => Object.assign(new LadderLevelPresetObject(), { name: l.exercise, ...criterionFields(l.criterion) })),
      }),
    );
  }

  @Authorized('write')
  @Mutation(() => CreateGoalFromTemplatePayload, {
    description: 'Creates a goal from a template, with its milestones or ladder; title, dates and overrides are checked like createGoal.',
  })
  async createGoalFromTemplate(
    @Arg('input', () => CreateGoalFromTemplateInput, { description: "The mutation's input." }) input: CreateGoalFromTemplateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CreateGoalFromTemplatePayload> {
    const o = input.overrides;
    const overrides = o && {
      ...o,
      parentId: o.parentId == null ? o.parentId : parseIdOf('Goal', o.parentId, 'parentId'),
      venueId: o.venueId == null ? o.venueId : parseIdOf('Venue', o.venueId, 'venueId'),
      frequency: o.frequency && { ...o.frequency, weekdays: isoWeekdays(o.frequency.weekdays) },
    };
    return { goal: toGoalObject(await ctx.services.templates.create(ctx.viewer.user, { ...input, overrides })) };
  }

  @FieldResolver(() => GoalTemplateKey, {
    nullable: true,
    description: 'The template the goal was made from; null for goals made with createGoal.',
  })
  template(@Root() goal: GoalObject): GoalTemplateKey | null {
    return (goal.entity.template as GoalTemplateKey | null) ?? null;
  }
}
