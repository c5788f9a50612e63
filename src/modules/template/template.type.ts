import { Field, Float, ID, InputType, ObjectType, Int, registerEnumType } from 'type-graphql';
import { LocalDateScalar } from '../../graphql/scalars';
import { FrequencyInput } from '../goal/goal.inputs';
import { FrequencyObject, GoalKind, GoalObject, TargetType } from '../goal/goal.type';
import { LadderCriterionObject } from '../workout/skill.type';
import { REQUEST_ID_DESCRIPTION } from '../../graphql/request-id';

export enum GoalTemplateKey {
  KAGGLE_COMPETITIONS = 'KAGGLE_COMPETITIONS',
  SKILL_LADDER_PLANCHE = 'SKILL_LADDER_PLANCHE',
  PAPER_PIPELINE = 'PAPER_PIPELINE',
  DAILY_HABIT = 'DAILY_HABIT',
  WEEKLY_HABIT = 'WEEKLY_HABIT',
  REFLECTION = 'REFLECTION',
  REST_DAYS = 'REST_DAYS',
}
registerEnumType(GoalTemplateKey, {
  name: 'GoalTemplateKey',
  description: 'A ready-made goal. Templates with a typed view mark their goals: Goal.template tells which one a goal came from.',
  valuesConfig: {
    KAGGLE_COMPETITIONS: { description: 'A TARGET of competitions entered, with Goal.kaggle: tier, medals, what the next tier needs.' },
    SKILL_LADDER_PLANCHE: { description: 'A daily training habit with the planche ladder (Goal.skill).' },
    PAPER_PIPELINE: { description: 'A MILESTONES goal idea → camera-ready, planned toward a venue (Goal.pipeline).' },
    DAILY_HABIT: { description: 'A habit done every day.' },
    WEEKLY_HABIT: { description: 'A habit done once a week.' },
    REFLECTION: { description: 'A weekly retrospective or practice, rated 1–5 (Goal.reflection).' },
    REST_DAYS: { description: 'A weekly real rest day, rated 1–5 (Goal.reflection).' },
  },
});

@ObjectType('LadderLevelPreset', { description: "One level of a template's skill ladder, shaped like LadderLevel." })
export class LadderLevelPresetObject {
  @Field(() => String, { description: 'The level\'s exercise, e.g. "tuck planche".' })
  name!: string;

  @Field(() => String, { description: 'What advances past it by default, in words, e.g. "3 × 10 s holds".' })
  criterion!: string;

  @Field(() => LadderCriterionObject, { description: 'What advances past it by default, field by field.' })
  criterionDetail!: LadderCriterionObject;
}

@ObjectType('GoalTemplate', { description: 'A ready-made goal and its defaults; createGoalFromTemplate makes one.' })
export class GoalTemplateObject {
  @Field(() => GoalTemplateKey, { description: 'The template.' })
  key!: GoalTemplateKey;

  @Field(() => String, { description: 'Default title.' })
  title!: string;

  @Field(() => String, { description: 'What the goal is for.' })
  description!: string;

  @Field(() => GoalKind, { description: 'Kind of goal it makes (not overridable).' })
  kind!: GoalKind;

  @Field(() => String, { nullable: true, description: 'Default unit.' })
  unit!: string | null;

  @Field(() => Float, { nullable: true, description: 'Default target.' })
  target!: number | null;

  @Field(() => TargetType, { description: 'Default target type.' })
  targetType!: TargetType;

  @Field(() => FrequencyObject, { nullable: true, description: 'Default frequency (habits).' })
  frequency!: FrequencyObject | null;

  @Field(() => [String], { description: 'Default tags.' })
  tags!: string[];

  @Field(() => Boolean, { description: "True when the goal is due by default at the end of its start date's year." })
  dueEndOfYear!: boolean;

  @Field(() => [String], { description: 'Milestones it comes with, in order (pipelines).' })
  stages!: string[];

  @Field(() => Int, { nullable: true, description: "Position of the stage due on the venue's submission deadline (pipelines)." })
  submissionStage!: number | null;

  @Field(() => [LadderLevelPresetObject], { description: 'Skill ladder it comes with, easiest level first.' })
  ladder!: LadderLevelPresetObject[];
}

@InputType({
  description: "Changes to a template's defaults; omitted fields keep the default, null clears an optional one. Checked like createGoal.",
})
export class GoalTemplateOverridesInput {
  @Field(() => String, { nullable: true, description: 'Title, 1–200 characters.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Description.' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Unit of log values.' })
  unit?: string | null;

  @Field(() => Float, { nullable: true, description: 'Target (TARGET goals; numeric habits).' })
  target?: number | null;

  @Field(() => TargetType, { nullable: true, description: 'AT_LEAST or AT_MOST.' })
  targetType?: TargetType | null;

  @Field(() => FrequencyInput, { nullable: true, description: 'Frequency (habits).' })
  frequency?: FrequencyInput | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'First day; default today.' })
  startDate?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Due date; null for none.' })
  dueDate?: string | null;

  @Field(() => [String], { nullable: true, description: 'Tags, replacing the defaults.' })
  tags?: string[] | null;

  @Field(() => ID, { nullable: true, description: "A goal of the viewer's that this one serves." })
  parentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'PAPER_PIPELINE only: the venue to aim at.' })
  venueId?: string | null;
}

@InputType({
  description:
    'A goal made from a template. title, startDate and dueDate may be given here or in overrides; given in both places, they must agree.',
})
export class CreateGoalFromTemplateInput {
  @Field(() => GoalTemplateKey, { description: 'The template.' })
  template!: GoalTemplateKey;

  @Field(() => String, { nullable: true, description: "Title, 1–200 characters; default the template's title." })
  title?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "First day; default today in the viewer's calendar." })
  startDate?: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: "Due date, on or after startDate; null for none; omitted, the template's default (e.g. 31 December of startDate's year).",
  })
  dueDate?: string | null;

  @Field(() => GoalTemplateOverridesInput, {
    nullable: true,
    description: "Changes to the template's other defaults (title, startDate and dueDate may be given here too).",
  })
  overrides?: GoalTemplateOverridesInput | null;

  @Field(() => String, { nullable: true, description: REQUEST_ID_DESCRIPTION })
  requestId?: string | null;
}

@ObjectType({ description: 'The result of createGoalFromTemplate.' })
export class CreateGoalFromTemplatePayload {
  @Field(() => GoalObject, { description: 'The new goal, with its milestones or ladder.' })
  goal!: GoalObject;
}
