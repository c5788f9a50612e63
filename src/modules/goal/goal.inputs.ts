import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateScalar } from '../../graphql/scalars';
import { GoalKind, GoalObject, GoalStatus, TargetType, Weekday } from './goal.type';
import { REQUEST_ID_DESCRIPTION } from '../../graphql/request-id';

@InputType({ description: 'How often a habit is meant to be done.' })
export class FrequencyInput {
  @Field(() => Int, { description: 'Times per window, at least 1.' })
  times!: number;

  @Field(() => Int, { description: 'Window length in days, at least `times` and at most 365.' })
  perDays!: number;

  @Field(() => [Weekday], {
    nullable: true,
    description: 'The weekdays to do it on (e.g. MONDAY, WEDNESDAY, FRIDAY), at least one; left out or null for any day.',
  })
  weekdays?: Weekday[] | null;
}

@InputType({ description: 'A new goal.' })
export class CreateGoalInput {
  @Field(() => String, { description: 'Short name, 1–200 characters.' })
  title!: string;

  @Field(() => GoalKind, { description: 'How progress is measured.' })
  kind!: GoalKind;

  @Field(() => String, { nullable: true, description: 'Longer description.' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Unit of log values, e.g. "min".' })
  unit?: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'TARGET: total to reach (required). HABIT: amount per window, which makes the habit numeric. Greater than 0, at most 1e12.',
  })
  target?: number | null;

  @Field(() => TargetType, { nullable: true, description: 'AT_LEAST (default) or AT_MOST.' })
  targetType?: TargetType | null;

  @Field(() => FrequencyInput, { nullable: true, description: 'HABIT only: how often; default once a day.' })
  frequency?: FrequencyInput | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "First day; default today in the viewer's calendar." })
  startDate?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day by which it should be done; on or after startDate.' })
  dueDate?: string | null;

  @Field(() => [String], { nullable: true, description: 'Free labels; at most 20, each 1–40 characters.' })
  tags?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    description: "A goal of the viewer's that this one serves, e.g. Competitions Master under Grandmaster.",
  })
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: REQUEST_ID_DESCRIPTION })
  requestId?: string | null;
}

@InputType({ description: 'Changes to a goal. Omitted fields stay as they are; null clears an optional field.' })
export class UpdateGoalInput {
  @Field(() => ID, { description: 'The goal to change.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New title.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New description; null clears it.' })
  description?: string | null;

  @Field(() => GoalStatus, { nullable: true, description: 'New status.' })
  status?: GoalStatus | null;

  @Field(() => String, { nullable: true, description: 'New unit; null clears it.' })
  unit?: string | null;

  @Field(() => Float, { nullable: true, description: 'New target, greater than 0 and at most 1e12; null clears it (habits only).' })
  target?: number | null;

  @Field(() => TargetType, { nullable: true, description: 'New target type.' })
  targetType?: TargetType | null;

  @Field(() => FrequencyInput, { nullable: true, description: 'New frequency (habits only).' })
  frequency?: FrequencyInput | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'New start date.' })
  startDate?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'New due date; null clears it.' })
  dueDate?: string | null;

  @Field(() => [String], { nullable: true, description: 'New tags, replacing the old ones.' })
  tags?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'New parent goal; null detaches it.' })
  parentId?: string | null;
}

@ObjectType({ description: 'The result of createGoal.' })
export class CreateGoalPayload {
  @Field(() => GoalObject, { description: 'The new goal.' })
  goal!: GoalObject;
}

@InputType({ description: 'The goal to delete.' })
export class DeleteGoalInput {
  @Field(() => ID, { description: 'Global ID of the goal.' })
  id!: string;
}

@ObjectType({ description: 'The result of deleteGoal.' })
export class DeleteGoalPayload {
  @Field(() => ID, { description: 'ID of the deleted goal.' })
  deletedId!: string;
}

@ObjectType({ description: 'The result of updateGoal.' })
export class UpdateGoalPayload {
  @Field(() => GoalObject, { description: 'The goal as it is now.' })
  goal!: GoalObject;
}

export enum GoalOrderField {
  CREATED_AT = 'CREATED_AT',
  TITLE = 'TITLE',
  DUE_DATE = 'DUE_DATE',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(GoalOrderField, {
  name: 'GoalOrderField',
  description: 'What a list of goals can be sorted by.',
  valuesConfig: {
    CREATED_AT: { description: 'When the goal was created.' },
    TITLE: {
      description:
        'The title with the letters A–Z compared as a–z, otherwise by Unicode code point (so "apple" < "Banana" < "zebra" < "Éclair"), the same on SQLite and PostgreSQL.',
    },
    DUE_DATE: { description: 'The due date; goals without one come last in both directions.' },
    UPDATED_AT: { description: "When the goal's own fields (title, rule, dates, tags, parent, status) last changed." },
  },
});

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Which way a list is sorted.',
  valuesConfig: {
    ASC: { description: 'Smallest, earliest or first in the alphabet first.' },
    DESC: { description: 'Largest, latest or last first.' },
  },
});

@InputType({ description: 'How to sort a list of goals. Goals that tie on the field keep id order, in the same direction.' })
export class GoalOrderInput {
  @Field(() => GoalOrderField, { description: 'The field to sort by.' })
  field!: GoalOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'The direction; default ASC.' })
  direction!: OrderDirection;
}
