import { Field, Float, Int, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '../../graphql/scalars';
import { KaggleMedalsObject, KaggleMissingObject, KaggleTierEnum, toKaggleMissingObject } from '../kaggle/kaggle.type';
import { PipelineAimFields, PipelineStageObject, toPipelineStageObject } from '../pipeline/pipeline.type';
import { toVenueObject } from '../pipeline/venue.type';
import { MonthlyRatingObject, RatingTrendFields, ratingFields } from '../reflection/reflection.type';
import { LadderLevelObject, TrainingVolumeFields, WeeklyVolumeObject, toLadderLevelObject } from '../workout/skill.type';
import type { LevelView } from '../workout/skill.service';
import type { KaggleGoalYear, PipelineGoalYear, ReflectionGoalYear, SkillGoalYear, WorkoutsOfYear, YearRecord } from './review.model';

/** The GraphQL shapes of what the typed goals add to the year in review. */

@ObjectType('KaggleTierReached', { description: 'A Kaggle Competitions tier and the day it was first reached.' })
export class KaggleTierReachedObject {
  @Field(() => KaggleTierEnum, { description: 'The tier.' })
  tier!: KaggleTierEnum;

  @Field(() => LocalDateScalar, { description: 'Day of the result that first made it (results on one day count together).' })
  reachedOn!: string;
}

@ObjectType('KaggleYear', {
  description:
    "A Kaggle goal's year. The tier is the person's, from the results of all their Kaggle goals (as on Kaggle); the results and medals are this goal's.",
})
export class KaggleYearObject {
  @Field(() => Int, { description: 'Competition results of this goal dated in the year.' })
  results!: number;

  @Field(() => KaggleMedalsObject, { description: 'Medals of those results.' })
  medals!: KaggleMedalsObject;

  @Field(() => KaggleTierEnum, { description: 'Tier at the start of the year, from the results dated before 1 January.' })
  tierAtStart!: KaggleTierEnum;

  @Field(() => KaggleTierEnum, { description: 'Tier at the end of the year, from the results dated up to 31 December.' })
  tierAtEnd!: KaggleTierEnum;

  @Field(() => [KaggleTierReachedObject], { description: 'Tiers first reached during the year, lowest first.' })
  tiersReached!: KaggleTierReachedObject[];

  @Field(() => KaggleTierEnum, { nullable: true, description: 'The tier after tierAtEnd; null at Grandmaster.' })
  nextTier!: KaggleTierEnum | null;

  @Field(() => KaggleMissingObject, {
    nullable: true,
    description: 'What nextTier still needed at the end of the year; null at Grandmaster.',
  })
  missing!: KaggleMissingObject | null;
}

@ObjectType('SkillYearVolume', { description: "Training of a ladder's exercises during a year." })
export class SkillYearVolumeObject {
  @Field(() => Int, { description: "Workouts of the year with at least one set of the ladder's exercises." })
  sessions!: number;

  @Field(() => Int, { description: "Sets of the ladder's exercises." })
  sets!: number;

  @Field(() => Int, { description: 'Repetitions in those sets.' })
  reps!: number;

  @Field(() => Float, { description: 'Seconds held in those sets.' })
  holdSeconds!: number;
}

@ObjectType('SkillYear', {
  description:
    "A skill goal's year on its ladder. A level's reachedOn here is the first day its criterion was met, if by the end of the year.",
})
export class SkillYearObject {
  @Field(() => LadderLevelObject, { nullable: true, description: 'The highest level reached before 1 January; null when none was.' })
  levelAtStart!: LadderLevelObject | null;

  @Field(() => LadderLevelObject, {
    nullable: true,
    description: 'The highest level reached by 31 December (or today); null when none was.',
  })
  levelAtEnd!: LadderLevelObject | null;

  @Field(() => [LadderLevelObject], { description: 'Levels first reached during the year, in the order they were reached.' })
  levelsReached!: LadderLevelObject[];

  @Field(() => LadderLevelObject, {
    nullable: true,
    description: 'The level after levelAtEnd (the first when none was reached); null at the top.',
  })
  nextLevel!: LadderLevelObject | null;

  @Field(() => SkillYearVolumeObject, { description: "The year's training of the ladder's exercises." })
  volume!: SkillYearVolumeObject;
}

@ObjectType('PipelineYear', {
  description: "A pipeline's year: the stages completed in it against their plan, and the stage that was next at its end.",
})
export class PipelineYearObject extends PipelineAimFields {
  @Field(() => [PipelineStageObject], {
    description: 'Stages completed during the year, by completion day; late and daysLate compare the completion day with the planned day.',
  })
  stagesCompleted!: PipelineStageObject[];

  @Field(() => PipelineStageObject, {
    nullable: true,
    description:
      'The first stage still open at the end of the year (or today), late or not as of that day; null when every stage was done.',
  })
  nextStage!: PipelineStageObject | null;
}

@ObjectType('ReflectionYear', { description: "A rated goal's year: average rating per month and its trend." })
export class ReflectionYearObject extends RatingTrendFields {
  @Field(() => [MonthlyRatingObject], { description: 'The twelve months of the year, January first.' })
  months!: MonthlyRatingObject[];

  @Field(() => Int, { description: 'Rated logs dated in the year.' })
  ratedLogs!: number;

  @Field(() => Float, { nullable: true, description: 'Their average rating; null without any.' })
  averageRating!: number | null;
}

@ObjectType('YearPersonalRecord', {
  description:
    'A personal record of one exercise standing at the end of the year, with only the values set during the year (the others are null).',
})
export class YearPersonalRecordObject {
  @Field(() => String, { description: 'The exercise (normalised name).' })
  exercise!: string;

  @Field(() => Float, { nullable: true, description: 'Longest hold in seconds, if set during the year.' })
  maxHoldSeconds!: number | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day of that hold.' })
  maxHoldOn!: string | null;

  @Field(() => Int, { nullable: true, description: 'Most reps in one set, if set during the year.' })
  maxReps!: number | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day of those reps.' })
  maxRepsOn!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Most added weight in one set in kg (least band assistance, when negative), if set during the year.',
  })
  maxWeightKg!: number | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day of that weight.' })
  maxWeightOn!: string | null;
}

@ObjectType('WorkoutYear', { description: "The year's training over all the viewer's workouts, whatever goal they count toward." })
export class WorkoutYearObject extends TrainingVolumeFields {
  @Field(() => Int, { description: 'Workouts dated in the year.' })
  sessions!: number;

  @Field(() => Int, { description: 'Their minutes, where given.' })
  minutes!: number;

  @Field(() => [WeeklyVolumeObject], {
    description: 'Volume per ISO week whose Monday is in the year, oldest first (empty weeks included).',
  })
  weeks!: WeeklyVolumeObject[];

  @Field(() => [YearPersonalRecordObject], {
    description: 'Personal records set during the year, per exercise in order of first appearance.',
  })
  personalRecords!: YearPersonalRecordObject[];
}

const level = (l: LevelView | null) => l && toLadderLevelObject(l.entity, l.reachedOn);

/** Shapes a Kaggle goal's year for GraphQL. */
export function toKaggleYearObject(k: KaggleGoalYear | null): KaggleYearObject | null {
  return (
    k &&
    Object.assign(new KaggleYearObject(), {
      results: k.results,
      medals: Object.assign(new KaggleMedalsObject(), k.medals),
      tierAtStart: k.tierAtStart as KaggleTierEnum,
      tierAtEnd: k.tierAtEnd as KaggleTierEnum,
      tiersReached: k.tiersReached.map((t) => Object.assign(new KaggleTierReachedObject(), t)),
      nextTier: k.nextTier as KaggleTierEnum | null,
      missing: k.missing && toKaggleMissingObject(k.missing),
    })
  );
}

/** Shapes a skill goal's year for GraphQL. */
export function toSkillYearObject(s: SkillGoalYear | null): SkillYearObject | null {
  return (
    s &&
    Object.assign(new SkillYearObject(), {
      levelAtStart: level(s.levelAtStart),
      levelAtEnd: level(s.levelAtEnd),
      levelsReached: s.levelsReached.map((l) => level(l)!),
      nextLevel: level(s.nextLevel),
      volume: Object.assign(new SkillYearVolumeObject(), s.volume),
    })
  );
}

/** Shapes a pipeline's year for GraphQL. */
export function toPipelineYearObject(p: PipelineGoalYear | null): PipelineYearObject | null {
  return (
    p &&
    Object.assign(new PipelineYearObject(), {
      venue: p.venue && toVenueObject(p.venue),
      deadline: p.deadline,
      stagesCompleted: p.stagesCompleted.map(toPipelineStageObject),
      nextStage: p.nextStage && toPipelineStageObject(p.nextStage),
    })
  );
}

/** Shapes a rated goal's year for GraphQL. */
export function toReflectionYearObject(r: ReflectionGoalYear | null): ReflectionYearObject | null {
  return r && Object.assign(new ReflectionYearObject(), ratingFields(r));
}

/** Shapes the year's training for GraphQL. */
export function toWorkoutYearObject(w: WorkoutsOfYear): WorkoutYearObject {
  return Object.assign(new WorkoutYearObject(), {
    ...w,
    weeks: w.weeks.map((x) => Object.assign(new WeeklyVolumeObject(), x)),
    personalRecords: w.personalRecords.map((r: YearRecord) => Object.assign(new YearPersonalRecordObject(), r)),
  });
}
