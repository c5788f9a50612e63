import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node';
import { connectionTypes, toGlobalId } from '../../graphql/relay';
import { DateTimeScalar, LocalDateScalar } from '../../graphql/scalars';
import type { WorkoutEntity, WorkoutSetEntity } from './workout.entity';

@ObjectType('WorkoutSet', { description: 'One set of one exercise. An isometric hold is measured in seconds, not reps.' })
export class WorkoutSetObject {
  @Field(() => Int, { description: 'Order within the workout, from 1.' })
  position!: number;

  @Field(() => String, { description: 'Exercise name, normalised (trimmed, single spaces, lower case), e.g. "tuck planche".' })
  exercise!: string;

  @Field(() => Int, { nullable: true, description: 'Repetitions; null for a hold.' })
  reps!: number | null;

  @Field(() => Float, { nullable: true, description: 'Seconds held, for isometric holds.' })
  holdSeconds!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Added weight in kg; negative for band assistance (or a counterweight); null for bodyweight.',
  })
  addedWeightKg!: number | null;

  @Field(() => Float, { nullable: true, description: 'Rate of perceived exertion, 1–10.' })
  rpe!: number | null;
}

/** The GraphQL shape of a stored set. */
export function toWorkoutSetObject(s: WorkoutSetEntity): WorkoutSetObject {
  return Object.assign(new WorkoutSetObject(), {
    position: s.position,
    exercise: s.exercise,
    reps: s.reps,
    holdSeconds: s.holdSeconds,
    addedWeightKg: s.weightKg,
    rpe: s.rpe,
  });
}

@ObjectType('WorkoutTotals', { description: 'Volume of a workout.' })
export class WorkoutTotalsObject {
  @Field(() => Int, { description: 'Number of sets.' })
  sets!: number;

  @Field(() => Int, { description: 'Repetitions over all sets.' })
  reps!: number;

  @Field(() => Float, { description: 'Seconds held over all sets.' })
  holdSeconds!: number;
}

@ObjectType('Workout', { implements: Node, description: 'One training session: when, how long, how it felt, and its sets.' })
export class WorkoutObject implements Node {
  readonly __typename = 'Workout';
  entity!: WorkoutEntity;

  @Field(() => ID, { description: 'Global ID of the workout.' })
  id!: string;

  @Field(() => LocalDateScalar, { description: "The owner's calendar day it counts for." })
  date!: string;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  occurredAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Length in minutes.' })
  durationMinutes!: number | null;

  @Field(() => Int, { nullable: true, description: 'How it felt, 1 (awful) to 5 (great).' })
  feeling!: number | null;

  @Field(() => String, { nullable: true, description: 'Free note.' })
  note!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the workout was first saved.' })
  createdAt!: Date;
}

/** The GraphQL shape of a stored workout. */
export function toWorkoutObject(w: WorkoutEntity): WorkoutObject {
  return Object.assign(new WorkoutObject(), {
    entity: w,
    id: toGlobalId('Workout', w.id),
    date: w.date,
    occurredAt: w.occurredAt,
    durationMinutes: w.durationMinutes,
    feeling: w.feeling,
    note: w.note,
    createdAt: w.createdAt,
  });
}

export const { Connection: WorkoutConnection, Edge: WorkoutEdge } = connectionTypes('Workout', WorkoutObject, 'workout');
