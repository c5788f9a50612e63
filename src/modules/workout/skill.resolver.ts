import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { parseIdOf } from '../../graphql/relay';
import { GoalObject, toGoalObject } from '../goal/goal.type';
import {
  LadderGapObject,
  PersonalRecordObject,
  SetLadderCriterionInput,
  SetLadderCriterionPayload,
  SetSkillLadderInput,
  SetSkillLadderPayload,
  SkillProgressObject,
  WeeklyVolumeObject,
  toLadderLevelObject,
} from './skill.type';

/** Goal.skill and the ladder mutations. */
@Resolver(() => GoalObject)
export class SkillResolver {
  @FieldResolver(() => SkillProgressObject, {
    nullable: true,
    description:
      'For goals with a skill ladder (e.g. from SKILL_LADDER_PLANCHE): current level, next level and the gap to it, the best recent hold, records and weekly volume. Null otherwise.',
  })
  async skill(
    @Root() goal: GoalObject,
    @Arg('weeks', () => Int, { nullable: true, description: 'ISO weeks of weeklyVolume, up to this week: 1–53, default 8.' })
    weeks: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<SkillProgressObject | null> {
    const view = await ctx.services.skills.progress(ctx.viewer.user, goal.entity, ctx.loaders, weeks ?? 8);
    if (!view) return null;
    const level = (v: (typeof view.levels)[number] | null) => v && toLadderLevelObject(v.entity, v.reachedOn);
    return Object.assign(new SkillProgressObject(), {
      levels: view.levels.map((v) => level(v)!),
      currentLevel: level(view.current),
      nextLevel: level(view.next),
      gap: view.gap && Object.assign(new LadderGapObject(), view.gap),
      bestHoldSeconds: view.bestHoldSeconds,
      personalRecords: view.records.map((r) => Object.assign(new PersonalRecordObject(), r)),
      weeklyVolume: view.weeks.map((w) => Object.assign(new WeeklyVolumeObject(), w)),
    });
  }

  @Authorized('write')
  @Mutation(() => SetLadderCriterionPayload, { description: 'Changes what advances one ladder level, e.g. 3 × 10 s holds.' })
  async setLadderCriterion(
    @Arg('input', () => SetLadderCriterionInput, { description: "The mutation's input." }) input: SetLadderCriterionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetLadderCriterionPayload> {
    const id = parseIdOf('LadderLevel', input.levelId, 'levelId');
    const { level, goal } = await ctx.services.skills.setCriterion(ctx.viewer.user, id, input.criterion);
    const view = await ctx.services.skills.findLevel(ctx.viewer.user, level.id);
    return { level: toLadderLevelObject(level, view?.reachedOn ?? null), goal: toGoalObject(goal) };
  }

  @Authorized('write')
  @Mutation(() => SetSkillLadderPayload, {
    description: "Gives one of the viewer's goals a skill ladder of exercises, replacing any it had.",
  })
  async setSkillLadder(
    @Arg('input', () => SetSkillLadderInput, { description: "The mutation's input." }) input: SetSkillLadderInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetSkillLadderPayload> {
    const goalId = parseIdOf('Goal', input.goalId, 'goalId');
    return { goal: toGoalObject(await ctx.services.skills.setLadder(ctx.viewer.user, goalId, input.levels)) };
  }
}
