import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node';
import { toGlobalId } from '../../graphql/relay';
import { DateTimeScalar } from '../../graphql/scalars';
import type { WebhookEntity } from './webhook.entity';
import type { DeliveryView } from './webhook.loaders';
import { eventTypesOf } from './webhook.service';

export enum EventType {
  LOG_CREATED = 'LOG_CREATED',
  LOG_UPDATED = 'LOG_UPDATED',
  LOG_DELETED = 'LOG_DELETED',
  GOAL_CREATED = 'GOAL_CREATED',
  GOAL_UPDATED = 'GOAL_UPDATED',
  GOAL_ACHIEVED = 'GOAL_ACHIEVED',
  MILESTONE_COMPLETED = 'MILESTONE_COMPLETED',
  STREAK_AT_RISK = 'STREAK_AT_RISK',
  HABIT_DUE = 'HABIT_DUE',
  KAGGLE_TIER_REACHED = 'KAGGLE_TIER_REACHED',
  LADDER_LEVEL_REACHED = 'LADDER_LEVEL_REACHED',
  REMINDER = 'REMINDER',
}
registerEnumType(EventType, {
  name: 'EventType',
  description: 'A kind of change that hoego records as an event and sends to webhooks and subscriptions.',
  valuesConfig: {
    LOG_CREATED: { description: 'A progress log was written.' },
    LOG_UPDATED: { description: 'A progress log was changed (value, day, note or rating).' },
    LOG_DELETED: { description: 'A progress log was deleted; the event carries it as it was.' },
    GOAL_CREATED: { description: 'A goal was created.' },
    GOAL_UPDATED: { description: 'A goal was changed, its status included.' },
    GOAL_ACHIEVED: { description: 'A goal became ACHIEVED (its target reached, its last milestone completed, or by hand).' },
    MILESTONE_COMPLETED: { description: 'A milestone was reached for the first time.' },
    STREAK_AT_RISK: { description: "A habit whose streak ends tonight without a log, at the owner's daily check." },
    HABIT_DUE: { description: "A habit whose rule still needs today (and no streak at risk), at the owner's daily check." },
    KAGGLE_TIER_REACHED: {
      description: "A Kaggle result lifted the user's tier (once per crossing; a deletion that drops it records nothing).",
    },
    LADDER_LEVEL_REACHED: {
      description: 'A workout took a skill ladder to a higher level (once per crossing; a change that drops it records nothing).',
    },
    REMINDER: { description: 'A reminder at its time (when its condition holds).' },
  },
});

export enum DeliveryStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(DeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a delivery stands.',
  valuesConfig: {
    PENDING: { description: 'Not yet answered with 2xx; attempted again at nextAttemptAt.' },
    SUCCEEDED: { description: 'The receiver answered 2xx.' },
    FAILED: { description: 'Given up: a 4xx other than 429, or no success within 3 days.' },
  },
});

@ObjectType('WebhookDelivery', { implements: Node, description: 'One event sent (or to be sent) to one webhook.' })
export class WebhookDeliveryObject implements Node {
  readonly __typename = 'WebhookDelivery';

  @Field(() => ID, { description: 'Global ID of the delivery; redeliverWebhookEvent takes it.' })
  id!: string;

  @Field(() => String, { description: 'The event id, sent as Hoego-Delivery; the same on every attempt and redelivery.' })
  eventId!: string;

  @Field(() => EventType, { description: 'The event type, sent as Hoego-Event.' })
  eventType!: EventType;

  @Field(() => DeliveryStatus, { description: 'Where the delivery stands.' })
  status!: DeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far.' })
  attempts!: number;

  @Field(() => Int, {
    nullable: true,
    description: "The receiver's HTTP status at the last attempt; null: none (network error or timeout).",
  })
  responseStatus!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' })
  lastError!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the last attempt was made.' })
  lastAttemptAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the next attempt is due, while PENDING after a failure.' })
  nextAttemptAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the receiver answered 2xx.' })
  deliveredAt!: Date | null;

  @Field(() => DateTimeScalar, { description: 'When the delivery was queued.' })
  createdAt!: Date;
}

export function toDeliveryObject({ delivery: d, eventUid, eventType }: DeliveryView): WebhookDeliveryObject {
  return Object.assign(new WebhookDeliveryObject(), {
    id: toGlobalId('WebhookDelivery', d.id),
    eventId: eventUid,
    eventType: eventType as EventType,
    status: d.status as DeliveryStatus,
    attempts: d.attempts,
    responseStatus: d.responseStatus,
    lastError: d.lastError,
    lastAttemptAt: d.lastAttemptAt,
    nextAttemptAt: d.status === 'PENDING' && d.nextAttemptAt !== null ? new Date(d.nextAttemptAt) : null,
    deliveredAt: d.deliveredAt,
    createdAt: d.createdAt,
  });
}

@ObjectType('Webhook', { implements: Node, description: "A receiver of the viewer's events: hoego POSTs each one as signed JSON." })
export class WebhookObject implements Node {
  readonly __typename = 'Webhook';
  entity!: WebhookEntity;

  @Field(() => ID, { description: 'Global ID of the webhook.' })
  id!: string;

  @Field(() => String, { description: 'Where events are POSTed.' })
  url!: string;

  @Field(() => [EventType], { description: 'The event types it receives.' })
  events!: EventType[];

  @Field(() => String, { nullable: true, description: 'What it is for.' })
  description!: string | null;

  @Field(() => Boolean, { description: 'Whether events are sent to it. A webhook failing for 3 days is switched off.' })
  active!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it was switched off; null while active.' })
  disabledReason!: string | null;

  @Field(() => Int, { description: 'Failed attempts since the last success.' })
  failureCount!: number;

  @Field(() => DateTimeScalar, { description: 'When it was created.' })
  createdAt!: Date;
}

export function toWebhookObject(w: WebhookEntity): WebhookObject {
  return Object.assign(new WebhookObject(), {
    entity: w,
    id: toGlobalId('Webhook', w.id),
    url: w.url,
    events: eventTypesOf(w) as EventType[],
    description: w.description,
    active: w.active === 1,
    disabledReason: w.active === 1 ? null : w.disabledReason,
    failureCount: w.failureCount,
    createdAt: w.createdAt,
  });
}

@InputType({ description: 'A new webhook.' })
export class CreateWebhookInput {
  @Field(() => String, {
    description: 'An http or https URL. Loopback, link-local and private addresses are refused unless the server allows them.',
  })
  url!: string;

  @Field(() => [EventType], { description: 'The event types to send, at least one.' })
  events!: EventType[];

  @Field(() => String, { nullable: true, description: 'What it is for, up to 500 characters.' })
  description?: string | null;
}

@ObjectType({ description: 'The result of createWebhook.' })
export class CreateWebhookPayload {
  @Field(() => WebhookObject, { description: 'The webhook.' })
  webhook!: WebhookObject;

  @Field(() => String, { description: 'The signing secret of Hoego-Signature. Shown only this once.' })
  secret!: string;
}

@InputType({ description: 'Changes to a webhook; omitted fields stay as they are.' })
export class UpdateWebhookInput {
  @Field(() => ID, { description: 'The webhook.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New URL.' })
  url?: string | null;

  @Field(() => [EventType], { nullable: true, description: 'New event types, at least one.' })
  events?: EventType[] | null;

  @Field(() => String, { nullable: true, description: 'New description; null clears it.' })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true switches it on again (its failures forgotten); false switches it off.' })
  active?: boolean | null;
}

@ObjectType({ description: 'The result of updateWebhook.' })
export class UpdateWebhookPayload {
  @Field(() => WebhookObject, { description: 'The webhook as it is now.' })
  webhook!: WebhookObject;
}

@InputType({ description: 'The webhook to delete.' })
export class DeleteWebhookInput {
  @Field(() => ID, { description: 'The webhook.' })
  id!: string;
}

@ObjectType({ description: 'The result of deleteWebhook.' })
export class DeleteWebhookPayload {
  @Field(() => ID, { description: 'ID of the deleted webhook.' })
  deletedId!: string;
}

@InputType({ description: 'A delivery whose event to send again.' })
export class RedeliverWebhookEventInput {
  @Field(() => ID, { description: 'A delivery of one of the viewer’s webhooks.' })
  deliveryId!: string;
}

@ObjectType({ description: 'The result of redeliverWebhookEvent.' })
export class RedeliverWebhookEventPayload {
  @Field(() => WebhookDeliveryObject, { description: 'The new delivery, queued.' })
  delivery!: WebhookDeliveryObject;
}
