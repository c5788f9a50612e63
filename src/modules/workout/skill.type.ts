import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { describeCriterion, type Criterion } from '../../domain/ladder';
import { Node } from '../../graphql/node';
import { toGlobalId } from '../../graphql/relay';
import { LocalDateScalar } from '../../graphql/scalars';
import { GoalObject } from '../goal/goal.type';
import { criterionOf, type LadderLevelEntity } from './ladder-level.entity';

@ObjectType('LadderCriterion', {
  description: 'What advances a level: at least `sets` sets in one session, each meeting every minimum given.',
})
export class LadderCriterionObject {
  @Field(() => Int, { description: 'Qualifying sets needed in one session.' })
  sets!: number;

  @Field(() => Int, { nullable: true, description: 'Minimum reps per set; null when reps do not matter.' })
  reps!: number | null;

  @Field(() => Float, { nullable: true, description: 'Minimum seconds held per set; null when holds do not matter.' })
  holdSeconds!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Minimum added weight per set in kg; negative for band assistance (at most that much help); null when weight does not matter.',
  })
  addedWeightKg!: number | null;

  @Field(() => String, { description: 'The criterion in words, e.g. "3 × 10 s holds" (the same text as LadderLevel.criterion).' })
  summary!: string;
}

/** The GraphQL shape of a criterion. */
export function toCriterionObject(c: Criterion): LadderCriterionObject {
  return Object.assign(new LadderCriterionObject(), {
    sets: c.sets,
    reps: c.reps,
    holdSeconds: c.holdSeconds,
    addedWeightKg: c.weightKg,
    summary: describeCriterion(c),
  });
}

@ObjectType('LadderLevel', { implements: Node, description: 'One rung of a skill ladder, e.g. "tuck planche".' })
export class LadderLevelObject implements Node {
  readonly __typename = 'LadderLevel';
  entity!: LadderLevelEntity;

  @Field(() => ID, { description: 'Global ID of the level.' })
  id!: string;

  @Field(() => Int, { description: 'Order in the ladder, easiest first, from 1.' })
  position!: number;

  @Field(() => String, {
    description:
      'The level\'s exercise (normalised name, e.g. "tuck planche"): a workout set whose exercise is this name, compared without case or extra spaces, counts toward the level.',
  })
  name!: string;

  @Field(() => String, { description: 'What advances past this level, in words, e.g. "3 × 10 s holds".' })
  criterion!: string;

  @Field(() => LadderCriterionObject, { description: 'What advances past this level, field by field; the viewer can change it.' })
  criterionDetail!: LadderCriterionObject;

  @Field(() => LocalDateScalar, { nullable: true, description: 'First day a workout met the criterion; null if none has.' })
  reachedOn!: string | null;
}

/** A level's criterion as LadderLevel and LadderLevelPreset show it: in words, and field by field. */
export function criterionFields(c: Criterion): { criterion: string; criterionDetail: LadderCriterionObject } {
  const criterionDetail = toCriterionObject(c);
  return { criterion: criterionDetail.summary, criterionDetail };
}

/** The GraphQL shape of a level and the day it was reached. */
export function toLadderLevelObject(l: LadderLevelEntity, reachedOn: string | null): LadderLevelObject {
  return Object.assign(new LadderLevelObject(), {
    entity: l,
    id: toGlobalId('LadderLevel', l.id),
    position: l.position,
    name: l.exercise,
    ...criterionFields(criterionOf(l)),
    reachedOn,
  });
}

@ObjectType('LadderGap', { description: "How far the best sets of recent workouts are from the next level's criterion." })
export class LadderGapObject {
  @Field(() => LocalDateScalar, { description: 'First day of the recent window (the last 28 days).' })
  since!: string;

  @Field(() => Int, { description: 'Most qualifying sets in one recent session.' })
  bestSessionSets!: number;

  @Field(() => Int, { nullable: true, description: 'Best reps in one recent set of the exercise.' })
  bestReps!: number | null;

  @Field(() => Float, { nullable: true, description: 'Longest recent hold of the exercise, in seconds.' })
  bestHoldSeconds!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Most added weight in kg in one recent set of the exercise (0 for bodyweight; negative for band assistance).',
  })
  bestWeightKg!: number | null;

  @Field(() => Int, { description: 'Qualifying sets still missing from the best session.' })
  missingSets!: number;

  @Field(() => Int, { nullable: true, description: 'Reps the best set lacks; null when the criterion sets no reps.' })
  missingReps!: number | null;

  @Field(() => Float, { nullable: true, description: 'Seconds the best hold lacks; null when the criterion sets no hold.' })
  missingHoldSeconds!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Kilograms of added weight the heaviest set lacks of the criterion's addedWeightKg; null when the criterion sets no weight.",
  })
  missingWeightKg!: number | null;

  @Field(() => Float, { description: "The best recent session's share of the criterion, 0–1 (1 = met)." })
  progress!: number;
}

@ObjectType('PersonalRecord', { description: 'Best sets of one exercise, each with the first day it was set.' })
export class PersonalRecordObject {
  @Field(() => String, { description: 'The exercise (normalised name).' })
  exercise!: string;

  @Field(() => Float, { nullable: true, description: 'Longest hold in seconds.' })
  maxHoldSeconds!: number | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day of the longest hold.' })
  maxHoldOn!: string | null;

  @Field(() => Int, { nullable: true, description: 'Most reps in one set.' })
  maxReps!: number | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day of the most reps.' })
  maxRepsOn!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Most added weight in one set in kg (least band assistance, when negative).',
  })
  maxWeightKg!: number | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day of the most weight.' })
  maxWeightOn!: string | null;

  @Field(() => Int, { description: 'Sets of the exercise logged in all.' })
  totalSets!: number;
}

/**
 * The fields WeeklyVolume and WorkoutYear share word for word: the sets of a span of time and what they held. Not a
 * schema type of its own.
 */
@ObjectType()
export abstract class TrainingVolumeFields {
  @Field(() => Int, { description: 'Sets.' })
  sets!: number;

  @Field(() => Int, { description: 'Repetitions.' })
  reps!: number;

  @Field(() => Float, { description: 'Seconds held.' })
  holdSeconds!: number;
}

@ObjectType('WeeklyVolume', { description: 'Training volume of one ISO week.' })
export class WeeklyVolumeObject extends TrainingVolumeFields {
  @Field(() => String, { description: 'ISO week, e.g. "2021-W23".' })
  week!: string;

  @Field(() => LocalDateScalar, { description: 'Monday of the week.' })
  weekStart!: string;

  @Field(() => Int, { description: 'Sessions with at least one counted set.' })
  sessions!: number;
}

@ObjectType('SkillProgress', {
  description: "Where a skill goal stands on its ladder, from the viewer's workouts of the ladder's exercises.",
})
export class SkillProgressObject {
  @Field(() => [LadderLevelObject], { description: 'The ladder, easiest level first.' })
  levels!: LadderLevelObject[];

  @Field(() => LadderLevelObject, { nullable: true, description: 'The highest level whose criterion has been met; null before the first.' })
  currentLevel!: LadderLevelObject | null;

  @Field(() => LadderLevelObject, { nullable: true, description: 'The level to work on next; null at the top.' })
  nextLevel!: LadderLevelObject | null;

  @Field(() => LadderGapObject, { nullable: true, description: "How far recent workouts are from nextLevel's criterion; null at the top." })
  gap!: LadderGapObject | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "The longest hold in seconds among the sets of the last 28 days (since gap.since, up to today) whose exercise is nextLevel's name, or currentLevel's at the top of the ladder; null when none of them is a hold.",
  })
  bestHoldSeconds!: number | null;

  @Field(() => [PersonalRecordObject], { description: 'Records per exercise of the ladder, in ladder order.' })
  personalRecords!: PersonalRecordObject[];

  @Field(() => [WeeklyVolumeObject], { description: "Volume of the ladder's exercises per ISO week, oldest first, up to this week." })
  weeklyVolume!: WeeklyVolumeObject[];
}

@InputType({ description: "A level's criterion. Give reps, holdSeconds or both." })
export class LadderCriterionInput {
  @Field(() => Int, { description: 'Qualifying sets needed in one session, 1–20.' })
  sets!: number;

  @Field(() => Int, { nullable: true, description: 'Minimum reps per set, 1–1000.' })
  reps?: number | null;

  @Field(() => Float, { nullable: true, description: 'Minimum seconds held per set, above 0 and at most 3600.' })
  holdSeconds?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Minimum added weight per set in kg, −500 to 1000; negative for band assistance (at most that much help).',
  })
  addedWeightKg?: number | null;
}

@InputType({ description: 'Changes the criterion of one ladder level.' })
export class SetLadderCriterionInput {
  @Field(() => ID, { description: 'The level.' })
  levelId!: string;

  @Field(() => LadderCriterionInput, { description: 'The new criterion, replacing the old one.' })
  criterion!: LadderCriterionInput;
}

@InputType({ description: 'One level of a new ladder.' })
export class LadderLevelInput {
  @Field(() => String, { description: "Exercise name, 1–100 characters; it becomes the level's name (normalised)." })
  exercise!: string;

  @Field(() => LadderCriterionInput, { description: 'What advances past it.' })
  criterion!: LadderCriterionInput;
}

@InputType({ description: 'Gives a goal a skill ladder, replacing any it had.' })
export class SetSkillLadderInput {
  @Field(() => ID, { description: 'The goal.' })
  goalId!: string;

  @Field(() => [LadderLevelInput], {
    description: 'The levels, easiest first; 1–30, each exercise once. Empty is not allowed: use a plain goal.',
  })
  levels!: LadderLevelInput[];
}

@ObjectType({ description: 'The result of setLadderCriterion.' })
export class SetLadderCriterionPayload {
  @Field(() => LadderLevelObject, { description: 'The level with its new criterion.' })
  level!: LadderLevelObject;

  @Field(() => GoalObject, { description: 'The skill goal.' })
  goal!: GoalObject;
}

@ObjectType({ description: 'The result of setSkillLadder.' })
export class SetSkillLadderPayload {
  @Field(() => GoalObject, { description: 'The skill goal with its new ladder.' })
  goal!: GoalObject;
}
