import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { DateTimeScalar, LocalDateScalar } from '../../graphql/scalars';
import { GoalObject } from '../goal/goal.type';
import { WorkoutObject } from './workout.type';
import { REQUEST_ID_DESCRIPTION } from '../../graphql/request-id';

@InputType({ description: 'One set. Give reps, holdSeconds or both.' })
export class WorkoutSetInput {
  @Field(() => String, { description: 'Exercise name, 1–100 characters; compared without case or extra spaces.' })
  exercise!: string;

  @Field(() => Int, { nullable: true, description: 'Repetitions, 0–10000.' })
  reps?: number | null;

  @Field(() => Float, { nullable: true, description: 'Seconds held (isometric holds), 0–36000.' })
  holdSeconds?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Added weight in kg, −500 to 1000; negative for band assistance, e.g. −10 with a band; omit for bodyweight.',
  })
  addedWeightKg?: number | null;

  @Field(() => Float, { nullable: true, description: 'Rate of perceived exertion, 1–10.' })
  rpe?: number | null;
}

@InputType({ description: 'A new workout.' })
export class LogWorkoutInput {
  @Field(() => ID, {
    nullable: true,
    description:
      "A goal the session counts toward. A HABIT or TARGET goal gets one progress log for the session (value 1, or the minutes when the goal's unit is minutes).",
  })
  goalId?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it happened; default now.' })
  occurredAt?: Date | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: "The calendar day it counts for; default the day of occurredAt in the viewer's zone and day start. Not after today.",
  })
  date?: string | null;

  @Field(() => Int, { nullable: true, description: 'Length in minutes, 1–1440.' })
  durationMinutes?: number | null;

  @Field(() => Int, { nullable: true, description: 'How it felt, 1 (awful) to 5 (great).' })
  feeling?: number | null;

  @Field(() => String, { nullable: true, description: 'Free note, up to 10000 characters.' })
  note?: string | null;

  @Field(() => [WorkoutSetInput], { nullable: true, description: 'The sets in order, at most 200; default none.' })
  sets?: WorkoutSetInput[] | null;

  @Field(() => String, { nullable: true, description: REQUEST_ID_DESCRIPTION })
  requestId?: string | null;
}

@InputType({ description: 'Changes to a workout. Omitted fields stay as they are; null clears an optional field.' })
export class UpdateWorkoutInput {
  @Field(() => ID, { description: 'The workout to change.' })
  id!: string;

  @Field(() => ID, { nullable: true, description: 'New goal; null detaches it (and removes its progress log).' })
  goalId?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'New instant; the day is computed again from it unless `date` is given.' })
  occurredAt?: Date | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'New calendar day; not after today.' })
  date?: string | null;

  @Field(() => Int, { nullable: true, description: 'New length in minutes; null clears it.' })
  durationMinutes?: number | null;

  @Field(() => Int, { nullable: true, description: 'New feeling, 1–5; null clears it.' })
  feeling?: number | null;

  @Field(() => String, { nullable: true, description: 'New note; null clears it.' })
  note?: string | null;

  @Field(() => [WorkoutSetInput], { nullable: true, description: 'New sets, replacing all the old ones.' })
  sets?: WorkoutSetInput[] | null;
}

@InputType({ description: 'The workout to delete.' })
export class DeleteWorkoutInput {
  @Field(() => ID, { description: 'Global ID of the workout.' })
  id!: string;
}

@ObjectType({ description: 'The result of logWorkout.' })
export class LogWorkoutPayload {
  @Field(() => WorkoutObject, { description: 'The saved workout.' })
  workout!: WorkoutObject;

  @Field(() => GoalObject, { nullable: true, description: 'The goal it counts toward, as it is now (streak included); null without one.' })
  goal!: GoalObject | null;
}

@ObjectType({ description: 'The result of updateWorkout.' })
export class UpdateWorkoutPayload {
  @Field(() => WorkoutObject, { description: 'The workout as it is now.' })
  workout!: WorkoutObject;

  @Field(() => GoalObject, { nullable: true, description: 'The goal it counts toward, as it is now (streak included); null without one.' })
  goal!: GoalObject | null;
}

@ObjectType({ description: 'The result of deleteWorkout.' })
export class DeleteWorkoutPayload {
  @Field(() => ID, { description: 'ID of the deleted workout.' })
  deletedId!: string;

  @Field(() => GoalObject, { nullable: true, description: 'The goal it counted toward, as it is now; null when it had none.' })
  goal!: GoalObject | null;
}

@ArgsType()
export class WorkoutsArgs extends ConnectionArgs {
  @Field(() => LocalDateScalar, { nullable: true, description: 'Only workouts on or after this day.' })
  from?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Only workouts on or before this day.' })
  to?: string | null;
}
