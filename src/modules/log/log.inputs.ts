import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, LocalDateScalar } from '../../graphql/scalars';
import { GoalObject } from '../goal/goal.type';
import { ProgressLogObject } from './log.type';

@InputType({ description: 'A new progress log.' })
export class LogProgressInput {
  @Field(() => ID, { description: 'The goal this log counts toward.' })
  goalId!: string;

  @Field(() => Float, { nullable: true, description: "Amount in the goal's unit, within ±1e12; default 1." })
  value?: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it happened; default now.' })
  occurredAt?: Date | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description:
      "The calendar day it counts for, to log an earlier day; default the day of occurredAt in the viewer's zone and day start. Not after today.",
  })
  date?: string | null;

  @Field(() => String, { nullable: true, description: 'Free note, up to 10000 characters.' })
  note?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Client-chosen key (1–100 characters) that makes retries safe: the same key with the same input returns the log already saved; with other input it fails with CONFLICT.',
  })
  requestId?: string | null;
}

@InputType({ description: 'Changes to a progress log. Omitted fields stay as they are.' })
export class UpdateProgressLogInput {
  @Field(() => ID, { description: 'The log to change.' })
  id!: string;

  @Field(() => Float, { nullable: true, description: 'New amount, within ±1e12.' })
  value?: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'New instant; the day is computed again from it unless `date` is given.' })
  occurredAt?: Date | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'New calendar day; not after today.' })
  date?: string | null;

  @Field(() => String, { nullable: true, description: 'New note; null clears it.' })
  note?: string | null;
}

@InputType({ description: 'The log to delete.' })
export class DeleteProgressLogInput {
  @Field(() => ID, { description: 'ID of the log.' })
  id!: string;
}

@ObjectType({ description: 'The result of logProgress.' })
export class LogProgressPayload {
  @Field(() => ProgressLogObject, { description: 'The saved log (the earlier one, for a retry).' })
  log!: ProgressLogObject;

  @Field(() => GoalObject, { description: 'The goal, with any status change the log caused.' })
  goal!: GoalObject;
}

@ObjectType({ description: 'The result of updateProgressLog.' })
export class UpdateProgressLogPayload {
  @Field(() => ProgressLogObject, { description: 'The log as it is now.' })
  log!: ProgressLogObject;

  @Field(() => GoalObject, { description: 'Its goal, as it is now (streak, score and status included).' })
  goal!: GoalObject;
}

@ObjectType({ description: 'The result of deleteProgressLog.' })
export class DeleteProgressLogPayload {
  @Field(() => ID, { description: 'ID of the deleted log.' })
  deletedId!: string;

  @Field(() => GoalObject, { description: 'The goal it counted toward, as it is now.' })
  goal!: GoalObject;
}

@InputType({ description: 'Many progress logs, saved together.' })
export class LogProgressBatchInput {
  @Field(() => [LogProgressInput], { description: 'The logs, at most 1000; each is checked on its own and answered at its index.' })
  logs!: LogProgressInput[];
}

@ObjectType({ description: 'Why one log of a batch was not saved.' })
export class LogProgressBatchError {
  @Field(() => String, { description: 'The error code, as in `extensions.code`: BAD_USER_INPUT, NOT_FOUND or CONFLICT.' })
  code!: string;

  @Field(() => String, { nullable: true, description: "The input field at fault (e.g. 'date'), when there is one." })
  field!: string | null;

  @Field(() => String, { description: 'What was expected and what was received.' })
  message!: string;
}

@ObjectType({ description: 'The outcome of one log of a batch: the saved log, or the error that kept it out.' })
export class LogProgressBatchResult {
  @Field(() => Int, { description: 'Position of the log in the input list, from 0.' })
  index!: number;

  @Field(() => ProgressLogObject, { nullable: true, description: 'The saved log (the earlier one, for a retry); null when it failed.' })
  log!: ProgressLogObject | null;

  @Field(() => LogProgressBatchError, { nullable: true, description: 'Why this log was not saved; null when it was.' })
  error!: LogProgressBatchError | null;
}

@ObjectType({ description: 'The result of logProgressBatch.' })
export class LogProgressBatchPayload {
  @Field(() => [LogProgressBatchResult], { description: 'One result per input log, in input order.' })
  results!: LogProgressBatchResult[];
}
