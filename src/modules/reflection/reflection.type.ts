import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { RatingTrend } from '../../domain/rating';
import { DateTimeScalar, LocalDateScalar } from '../../graphql/scalars';
import { GoalObject } from '../goal/goal.type';
import { ProgressLogObject } from '../log/log.type';

export enum RatingTrendEnum {
  IMPROVING = 'IMPROVING',
  STEADY = 'STEADY',
  DECLINING = 'DECLINING',
}
registerEnumType(RatingTrendEnum, {
  name: 'RatingTrend',
  description: 'Which way monthly average ratings are heading (least-squares slope; within ±0.1 points a month is steady).',
  valuesConfig: {
    IMPROVING: { description: 'Rising by at least 0.1 points a month.' },
    STEADY: { description: 'Changing by less than 0.1 points a month either way.' },
    DECLINING: { description: 'Falling by at least 0.1 points a month.' },
  },
});

@ObjectType('MonthlyRating', { description: 'The average 1–5 rating of one calendar month.' })
export class MonthlyRatingObject {
  @Field(() => String, { description: 'The month, YYYY-MM.' })
  month!: string;

  @Field(() => Float, { nullable: true, description: 'Average rating; null when nothing was rated that month.' })
  average!: number | null;

  @Field(() => Int, { description: 'Rated logs that month.' })
  count!: number;
}

/**
 * The fields ReflectionProgress and ReflectionYear share word for word: the trend of the monthly averages. Not a
 * schema type of its own.
 */
@ObjectType()
export abstract class RatingTrendFields {
  @Field(() => Float, {
    nullable: true,
    description: 'Least-squares slope of the monthly averages, in rating points per month; null with fewer than two rated months.',
  })
  slope!: number | null;

  @Field(() => RatingTrendEnum, { nullable: true, description: 'The slope in a word; null with fewer than two rated months.' })
  trend!: RatingTrendEnum | null;
}

@ObjectType('ReflectionProgress', { description: "How a reflection goal's ratings (retrospectives, practice, rest) are going." })
export class ReflectionProgressObject extends RatingTrendFields {
  @Field(() => [MonthlyRatingObject], { description: 'Average rating per month, oldest first, ending with this month.' })
  months!: MonthlyRatingObject[];

  @Field(() => Int, { description: 'Rated logs of the goal, all time.' })
  ratedLogs!: number;

  @Field(() => Float, { nullable: true, description: 'Average rating of all time; null before the first.' })
  averageRating!: number | null;
}

/**
 * The values of a ReflectionProgress or a ReflectionYear (the two differ only in the window they describe):
 * `Object.assign` them onto either.
 */
export function ratingFields(r: RatingTrend & { ratedLogs: number; averageRating: number | null }) {
  return {
    months: r.months.map((m) => Object.assign(new MonthlyRatingObject(), m)),
    slope: r.slope,
    trend: r.direction as RatingTrendEnum | null,
    ratedLogs: r.ratedLogs,
    averageRating: r.averageRating,
  };
}

@InputType({ description: 'A rated log: a retrospective written, a practice done, a rest day taken.' })
export class LogReflectionInput {
  @Field(() => ID, { description: 'The goal it counts toward (usually a REFLECTION or REST_DAYS goal).' })
  goalId!: string;

  @Field(() => Int, { description: 'How it went, 1 (poorly) to 5 (very well).' })
  rating!: number;

  @Field(() => String, { nullable: true, description: 'What went well, what to change; up to 10000 characters.' })
  note?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it happened; default now.' })
  occurredAt?: Date | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'The calendar day it counts for; default the day of occurredAt. Not after today.',
  })
  date?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Client-chosen key (1–100 characters) that makes retries safe: the same key with the same input returns the log already saved; with other input it fails with CONFLICT. Shared with logProgress.',
  })
  requestId?: string | null;
}

@InputType({ description: 'Sets or clears the rating of a log.' })
export class RateProgressLogInput {
  @Field(() => ID, { description: 'The log.' })
  id!: string;

  @Field(() => Int, { nullable: true, description: 'The rating, 1–5; null clears it.' })
  rating?: number | null;
}

@ObjectType({ description: 'The result of logReflection.' })
export class LogReflectionPayload {
  @Field(() => ProgressLogObject, { description: 'The saved log with its rating.' })
  log!: ProgressLogObject;

  @Field(() => GoalObject, { description: 'The goal, as it is now.' })
  goal!: GoalObject;
}

@ObjectType({ description: 'The result of rateProgressLog.' })
export class RateProgressLogPayload {
  @Field(() => ProgressLogObject, { description: 'The log with its new rating.' })
  log!: ProgressLogObject;

  @Field(() => GoalObject, { description: 'Its goal, as it is now.' })
  goal!: GoalObject;
}
