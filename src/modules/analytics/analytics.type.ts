import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateScalar } from '../../graphql/scalars';

export enum AttentionReasonEnum {
  OVERDUE = 'OVERDUE',
  DUE_TODAY = 'DUE_TODAY',
  STREAK_AT_RISK = 'STREAK_AT_RISK',
  DUE = 'DUE',
  BEHIND_PACE = 'BEHIND_PACE',
}
registerEnumType(AttentionReasonEnum, {
  name: 'AttentionReason',
  description: 'Why a goal needs attention today.',
  valuesConfig: {
    OVERDUE: { description: 'Its due date has passed and it is not done.' },
    DUE_TODAY: { description: 'It is due today and not done.' },
    STREAK_AT_RISK: { description: 'A live streak ends tonight unless today is kept.' },
    DUE: {
      description:
        "A habit whose rule still needs today, with no streak to lose: a daily habit not done, a window that cannot be met without today, or one of the habit's weekdays.",
    },
    BEHIND_PACE: { description: 'The target is behind its straight line from start to due date.' },
  },
});

@ObjectType('Streak', {
  description:
    'Runs of kept days. Daily habits: consecutive days with success. "times per perDays" habits: days covered by meeting the frequency ' +
    '(each run of `times` logs within `perDays` days covers that window). Paused days are bridged. The current streak stays alive ' +
    "until the end of the owner's day.",
})
export class StreakObject {
  @Field(() => Int, { description: 'Kept days in the run that reaches today (or yesterday, while today is still open).' })
  current!: number;

  @Field(() => Int, { description: 'Kept days in the longest run so far.' })
  longest!: number;

  @Field(() => LocalDateScalar, { nullable: true, description: 'First day of the longest run.' })
  longestStart!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day of the longest run.' })
  longestEnd!: string | null;
}

@ObjectType('DailyScore', { description: 'Habit strength at the end of one day.' })
export class DailyScoreObject {
  @Field(() => LocalDateScalar, { description: 'The day.' })
  date!: string;

  @Field(() => Float, { description: "Habit strength in [0, 1] (Loop Habit Tracker's formula)." })
  score!: number;
}

@ObjectType('Pace', { description: 'Where a target stands against a straight line from (startDate, 0) to (dueDate, target).' })
export class PaceObject {
  @Field(() => Float, { description: 'Amount the line expects by the end of today.' })
  expectedToDate!: number;

  @Field(() => Float, { description: 'Amount logged so far.' })
  actual!: number;

  @Field(() => Boolean, { description: 'AT_LEAST: at or above the line. AT_MOST: at or under it.' })
  onTrack!: boolean;

  @Field(() => Int, { description: 'Days ahead of the line (negative: behind), rounded toward behind.' })
  daysAhead!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'AT_LEAST: amount still needed per day, today included, to finish on time. AT_MOST: allowance left per day. Null after the due date.',
  })
  neededPerDay!: number | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Day the target is reached at the average rate so far (AT_LEAST only); null with no progress or once reached.',
  })
  projectedCompletion!: string | null;
}
