import { ArgsType, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { LocalDateScalar } from '../../graphql/scalars';
import { MAX_LOGS_PER_DAY, MAX_LOG_GOAL_IDS, type DayWithLogs } from './calendar.service';
import { ProgressLogObject, toLogObject } from './log.type';

@ObjectType('Day', { description: "One day of the viewer's calendar, across all their goals." })
export class DayObject {
  @Field(() => LocalDateScalar, { description: "The day, in the viewer's calendar (zone and day start when each log was written)." })
  date!: string;

  @Field(() => Int, { description: 'Logs on this day, of every goal.' })
  logCount!: number;

  @Field(() => Float, { description: "Sum of this day's log values, of every goal (whatever their units)." })
  total!: number;

  @Field(() => Boolean, { description: 'A pause of at least one of the goals covers this day.' })
  paused!: boolean;

  @Field(() => [ProgressLogObject], {
    description: `This day's logs, newest entry first: at most ${MAX_LOGS_PER_DAY} (logCount counts them all; logs(from, to) pages through a busier day).`,
  })
  logs!: ProgressLogObject[];
}

export function toDayObject(day: DayWithLogs): DayObject {
  return Object.assign(new DayObject(), { ...day, logs: day.logs.map(toLogObject) });
}

@ArgsType()
export class LogsArgs extends ConnectionArgs {
  @Field(() => LocalDateScalar, { nullable: true, description: 'Only logs on or after this day.' })
  from?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Only logs on or before this day.' })
  to?: string | null;

  @Field(() => [ID], { nullable: true, description: `Only logs of these goals (at most ${MAX_LOG_GOAL_IDS}); all goals when left out.` })
  goalIds?: string[] | null;
}
