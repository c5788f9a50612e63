import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, LocalDateScalar } from '../../graphql/scalars';
import type { EventEntity } from './event.entity';
import { KaggleTierEnum } from '../kaggle/kaggle.type';
import { EventType } from '../webhook/webhook.type';

@ObjectType('EventLog', { description: 'A progress log as an event recorded it (a deleted log as it was).' })
export class EventLogObject {
  @Field(() => ID, { description: 'Global ID of the log.' })
  id!: string;

  @Field(() => LocalDateScalar, { description: "The owner's calendar day the log counts for." })
  date!: string;

  @Field(() => Float, { description: "Amount in the goal's unit (1 for a yes/no habit)." })
  value!: number;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  occurredAt!: Date;

  @Field(() => String, { nullable: true, description: 'Free note.' })
  note!: string | null;

  @Field(() => Int, { nullable: true, description: 'A 1–5 rating; null when unrated.' })
  rating!: number | null;
}

@ObjectType('EventMilestone', { description: 'A milestone as an event recorded it.' })
export class EventMilestoneObject {
  @Field(() => ID, { description: 'Global ID of the milestone.' })
  id!: string;

  @Field(() => String, { description: 'Its title.' })
  title!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'The day it was reached.' })
  achievedOn!: string | null;
}

@ObjectType('EventLadderLevel', { description: 'A level of a skill ladder that a workout reached.' })
export class EventLadderLevelObject {
  @Field(() => Int, { description: '1-based position in the ladder, easiest first.' })
  position!: number;

  @Field(() => String, { description: 'The exercise of the level (normalised name).' })
  exercise!: string;

  @Field(() => Int, { nullable: true, description: 'The position of the highest level reached before; null when none was.' })
  previousPosition!: number | null;
}

@ObjectType('Event', { description: "One of the viewer's events, as a subscription delivers it after its change committed." })
export class EventObject {
  /** The stored row, for field resolvers. Not a GraphQL field. */
  entity!: EventEntity;

  @Field(() => ID, { description: 'The event id (a UUID), the same as a webhook delivery of it carries in Hoego-Delivery.' })
  id!: string;

  @Field(() => EventType, { description: 'What happened.' })
  type!: EventType;

  @Field(() => DateTimeScalar, { description: 'When the change was made.' })
  occurredAt!: Date;

  @Field(() => EventLogObject, { nullable: true, description: 'The log of a LOG_* event as it was then; null for other events.' })
  log!: EventLogObject | null;

  @Field(() => EventMilestoneObject, { nullable: true, description: 'The milestone of MILESTONE_COMPLETED; null for other events.' })
  milestone!: EventMilestoneObject | null;

  @Field(() => KaggleTierEnum, { nullable: true, description: 'The tier that KAGGLE_TIER_REACHED reached; null for other events.' })
  kaggleTier!: KaggleTierEnum | null;

  @Field(() => EventLadderLevelObject, {
    nullable: true,
    description: 'The level that LADDER_LEVEL_REACHED reached; null for other events.',
  })
  ladderLevel!: EventLadderLevelObject | null;
}

/** The GraphQL shape of a recorded event; its goal is read when the field is asked for. */
export function toEventObject(event: EventEntity): EventObject {
  const data = JSON.parse(event.payload) as {
    log?: { id: string; date: string; value: number; occurredAt: string; note: string | null; rating: number | null };
    milestone?: { id: string; title: string; achievedOn: string | null };
    kaggle?: { tier: KaggleTierEnum };
    ladder?: { position: number; exercise: string; previousPosition: number | null };
  };
  return Object.assign(new EventObject(), {
    entity: event,
    id: event.uid,
    type: event.type as EventType,
    occurredAt: event.occurredAt,
    log: data.log ? Object.assign(new EventLogObject(), { ...data.log, occurredAt: new Date(data.log.occurredAt) }) : null,
    milestone: data.milestone ? Object.assign(new EventMilestoneObject(), data.milestone) : null,
    kaggleTier: data.kaggle?.tier ?? null,
    ladderLevel: data.ladder ? Object.assign(new EventLadderLevelObject(), data.ladder) : null,
  });
}
