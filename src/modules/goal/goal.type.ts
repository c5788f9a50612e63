import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node';
import { toGlobalId } from '../../graphql/relay';
import { DateTimeScalar, LocalDateScalar } from '../../graphql/scalars';
import type { GoalEntity } from './goal.entity';

export enum GoalKind {
  HABIT = 'HABIT',
  TARGET = 'TARGET',
  MILESTONES = 'MILESTONES',
}
registerEnumType(GoalKind, {
  name: 'GoalKind',
  description: 'What kind of goal this is, which decides how progress is measured.',
  valuesConfig: {
    HABIT: { description: 'Something done `times` per `perDays` days; yes/no, or numeric with a per-window target.' },
    TARGET: { description: 'A total to reach (AT_LEAST) or stay under (AT_MOST) by a date.' },
    MILESTONES: { description: 'Ordered stages, e.g. idea, experiments, draft, submitted, decision.' },
  },
});

export enum GoalStatus {
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  ACHIEVED = 'ACHIEVED',
  ABANDONED = 'ABANDONED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(GoalStatus, {
  name: 'GoalStatus',
  description: 'Where a goal stands.',
  valuesConfig: {
    ACTIVE: { description: 'Being worked on.' },
    PAUSED: { description: 'Set aside for now, to be resumed.' },
    ACHIEVED: { description: 'Done: the target was reached or the last milestone completed.' },
    ABANDONED: { description: 'Given up on purpose.' },
    ARCHIVED: { description: 'Kept for the record, out of everyday lists.' },
  },
});

export enum TargetType {
  AT_LEAST = 'AT_LEAST',
  AT_MOST = 'AT_MOST',
}
registerEnumType(TargetType, {
  name: 'TargetType',
  description: 'Whether the target is a floor to reach or a ceiling to stay under.',
  valuesConfig: {
    AT_LEAST: { description: 'Do more: reach at least the target.' },
    AT_MOST: { description: 'Do less: stay at or under the target.' },
  },
});

export enum Weekday {
  MONDAY = 'MONDAY',
  TUESDAY = 'TUESDAY',
  WEDNESDAY = 'WEDNESDAY',
  THURSDAY = 'THURSDAY',
  FRIDAY = 'FRIDAY',
  SATURDAY = 'SATURDAY',
  SUNDAY = 'SUNDAY',
}
registerEnumType(Weekday, {
  name: 'Weekday',
  description: "A day of the week in the owner's calendar.",
  valuesConfig: Object.fromEntries(Object.values(Weekday).map((d) => [d, { description: `${d.charAt(0)}${d.slice(1).toLowerCase()}.` }])),
});

/** Weekdays in ISO order (index + 1 is the ISO number). */
export const WEEKDAYS: readonly Weekday[] = Object.values(Weekday);

/** ISO weekday numbers (1 = Monday) of GraphQL weekdays. */
export function isoWeekdays(days: readonly Weekday[] | null | undefined): number[] | null | undefined {
  return days == null ? days : days.map((d) => WEEKDAYS.indexOf(d) + 1);
}

@ObjectType('Frequency', { description: 'How often a habit is meant to be done: `times` in every `perDays` days.' })
export class FrequencyObject {
  @Field(() => Int, { description: 'How many times per window (at least 1).' })
  times!: number;

  @Field(() => Int, { description: 'Length of the window in days (1 = daily, 7 = weekly), at least `times`.' })
  perDays!: number;

  @Field(() => [Weekday], {
    nullable: true,
    description: 'The weekdays the habit is meant to be done on, Monday first; null when any day will do. Decides when it is due.',
  })
  weekdays!: Weekday[] | null;
}

@ObjectType('Progress', { description: 'How far a goal has come.' })
export class ProgressObject {
  @Field(() => Float, {
    description:
      "TARGET: total of all logs. HABIT: the current window's total (numeric) or days with a log (yes/no). MILESTONES: milestones achieved.",
  })
  current!: number;

  @Field(() => Float, { nullable: true, description: 'What `current` is measured against; null when the goal has nothing to measure yet.' })
  target!: number | null;

  @Field(() => Float, { nullable: true, description: 'current / target as a percentage, capped at 100; null without a target.' })
  percent!: number | null;
}

@ObjectType('Goal', { implements: Node, description: 'Something a person means to do or become this year.' })
export class GoalObject implements Node {
  readonly __typename = 'Goal';
  /** The stored row, for field resolvers. Not a GraphQL field. */
  entity!: GoalEntity;

  @Field(() => ID, { description: 'Global ID of the goal.' })
  id!: string;

  @Field(() => String, { description: 'Short name of the goal.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Longer description, free text.' })
  description!: string | null;

  @Field(() => GoalKind, { description: 'How progress is measured.' })
  kind!: GoalKind;

  @Field(() => GoalStatus, { description: 'Where the goal stands.' })
  status!: GoalStatus;

  @Field(() => String, { nullable: true, description: 'Unit of log values, e.g. "min", "medals", "words". Null for yes/no habits.' })
  unit!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'TARGET: the total to reach or stay under. HABIT: the amount per window for numeric habits; null for yes/no habits.',
  })
  target!: number | null;

  @Field(() => TargetType, { description: 'Whether `target` is a floor (AT_LEAST) or a ceiling (AT_MOST).' })
  targetType!: TargetType;

  @Field(() => FrequencyObject, { nullable: true, description: 'For habits: how often. Null for other kinds.' })
  frequency!: FrequencyObject | null;

  @Field(() => LocalDateScalar, {
    description:
      "First day of the goal, in the owner's calendar. A habit is tracked (streak, score) from the earlier of this and its first log.",
  })
  startDate!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day by which the goal should be done, if any.' })
  dueDate!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day the goal was achieved, if it was.' })
  achievedOn!: string | null;

  @Field(() => [String], { description: 'Free labels, e.g. "kaggle", "health".' })
  tags!: string[];

  @Field(() => DateTimeScalar, { description: 'When the goal was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the goal was last changed.' })
  updatedAt!: Date;
}

export function toGoalObject(goal: GoalEntity): GoalObject {
  return Object.assign(new GoalObject(), {
    entity: goal,
    id: toGlobalId('Goal', goal.id),
    title: goal.title,
    description: goal.description,
    kind: goal.kind as GoalKind,
    status: goal.status as GoalStatus,
    unit: goal.unit,
    target: goal.target,
    targetType: goal.targetType as TargetType,
    frequency:
      goal.frequencyTimes != null && goal.frequencyPerDays != null
        ? Object.assign(new FrequencyObject(), {
            times: goal.frequencyTimes,
            perDays: goal.frequencyPerDays,
            weekdays: goal.weekdays?.map((d) => WEEKDAYS[d - 1]) ?? null,
          })
        : null,
    startDate: goal.startDate,
    dueDate: goal.dueDate,
    achievedOn: goal.achievedOn,
    tags: goal.tags,
    createdAt: goal.createdAt,
    updatedAt: goal.updatedAt,
  });
}
