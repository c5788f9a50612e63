import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node';
import { toGlobalId } from '../../graphql/relay';
import { DateTimeScalar } from '../../graphql/scalars';
import { GoalObject, WEEKDAYS, Weekday } from '../goal/goal.type';
import type { ReminderEntity } from './reminder.entity';

export enum ReminderWhen {
  ALWAYS = 'ALWAYS',
  IF_DUE = 'IF_DUE',
  IF_STREAK_AT_RISK = 'IF_STREAK_AT_RISK',
}
registerEnumType(ReminderWhen, {
  name: 'ReminderWhen',
  description: 'When a reminder speaks at its time.',
  valuesConfig: {
    ALWAYS: { description: 'Every time.' },
    IF_DUE: { description: 'Only when its goal needs attention then (any reason of `today`): not once it is done.' },
    IF_STREAK_AT_RISK: { description: "Only when its habit's streak is at risk then (it ends tonight without a log)." },
  },
});

@ObjectType('Reminder', { implements: Node, description: "A goal's reminder: a REMINDER event at a time of day in the owner's zone." })
export class ReminderObject implements Node {
  readonly __typename = 'Reminder';
  /** The stored row, for field resolvers. Not a GraphQL field. */
  entity!: ReminderEntity;

  @Field(() => ID, { description: 'Global ID of the reminder.' })
  id!: string;

  @Field(() => String, {
    description:
      'Time of day "HH:MM" on the owner\'s wall clock. A time the clock skips (DST) fires at the next valid minute; a repeated one fires once.',
  })
  at!: string;

  @Field(() => [Weekday], { nullable: true, description: "The owner's days it fires on; null: every day." })
  weekdays!: Weekday[] | null;

  @Field(() => ReminderWhen, { description: 'When it speaks.' })
  when!: ReminderWhen;

  @Field(() => DateTimeScalar, { description: 'The next instant it is due (it speaks then if `when` holds).' })
  nextFireAt!: Date;
}

export function toReminderObject(reminder: ReminderEntity): ReminderObject {
  return Object.assign(new ReminderObject(), {
    entity: reminder,
    id: toGlobalId('Reminder', reminder.id),
    at: reminder.at,
    weekdays: reminder.weekdays && reminder.weekdays.map((d) => WEEKDAYS[d - 1]),
    when: reminder.when as ReminderWhen,
    nextFireAt: new Date(reminder.nextFireAt),
  });
}

@InputType({ description: 'A new reminder on one of the viewer’s goals.' })
export class SetReminderInput {
  @Field(() => ID, { description: "Global ID of one of the viewer's goals." })
  goalId!: string;

  @Field(() => String, { description: 'Time of day "HH:MM", 00:00–23:59, in the viewer\'s zone.' })
  at!: string;

  @Field(() => [Weekday], { nullable: true, description: "The viewer's days it fires on; null or omitted: every day." })
  weekdays?: Weekday[] | null;

  @Field(() => ReminderWhen, { nullable: true, description: 'When it speaks; default ALWAYS.' })
  when?: ReminderWhen | null;

  @Field(() => String, {
    nullable: true,
    description: 'Makes the mutation safe to retry: a second call with the same requestId answers the reminder made by the first.',
  })
  requestId?: string | null;
}

@ObjectType({ description: 'The result of setReminder.' })
export class SetReminderPayload {
  @Field(() => ReminderObject, { description: 'The reminder.' })
  reminder!: ReminderObject;

  @Field(() => GoalObject, { description: 'Its goal.' })
  goal!: GoalObject;
}

@InputType({ description: 'The reminder to delete.' })
export class DeleteReminderInput {
  @Field(() => ID, { description: "Global ID of one of the viewer's reminders." })
  id!: string;
}

@ObjectType({ description: 'The result of deleteReminder.' })
export class DeleteReminderPayload {
  @Field(() => ID, { description: 'Global ID of the reminder deleted.' })
  deletedId!: string;

  @Field(() => GoalObject, { description: 'Its goal, as it is now.' })
  goal!: GoalObject;
}
