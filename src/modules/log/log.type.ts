import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node';
import { connectionTypes, toGlobalId } from '../../graphql/relay';
import { DateTimeScalar, LocalDateScalar } from '../../graphql/scalars';
import type { ProgressLogEntity } from './progress-log.entity';

@ObjectType('ProgressLog', { implements: Node, description: 'One entry of progress toward a goal: a workout, a practice, a count.' })
export class ProgressLogObject implements Node {
  readonly __typename = 'ProgressLog';
  entity!: ProgressLogEntity;

  @Field(() => ID, { description: 'Global ID of the log.' })
  id!: string;

  @Field(() => Float, { description: "Amount in the goal's unit (1 for a yes/no habit)." })
  value!: number;

  @Field(() => LocalDateScalar, {
    description: "The owner's calendar day this log counts for, fixed when it was written (zone and day start at that time).",
  })
  date!: string;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  occurredAt!: Date;

  @Field(() => String, { nullable: true, description: 'Free note.' })
  note!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the log was first saved.' })
  createdAt!: Date;

  @Field(() => String, {
    nullable: true,
    description: 'The requestId it was saved under, if any: a client can tell which of its writes arrived.',
  })
  requestId!: string | null;
}

/**
 * Logs kept between requests (frozen rows of a kept page) get one GraphQL object each, made the first time one is
 * shown: a dashboard shows the same few logs again and again.
 */
const keptLogObjects = new WeakMap<ProgressLogEntity, ProgressLogObject>();

export function toLogObject(log: ProgressLogEntity): ProgressLogObject {
  if (!Object.isFrozen(log)) return logObject(log);
  let object = keptLogObjects.get(log);
  if (!object) {
    object = Object.freeze(logObject(log));
    keptLogObjects.set(log, object);
  }
  return object;
}

function logObject(log: ProgressLogEntity): ProgressLogObject {
  return Object.assign(new ProgressLogObject(), {
    entity: log,
    id: toGlobalId('ProgressLog', log.id),
    value: log.value,
    date: log.date,
    occurredAt: log.occurredAt,
    note: log.note,
    createdAt: log.createdAt,
    requestId: log.requestId,
  });
}

export const { Connection: ProgressLogConnection, Edge: ProgressLogEdge } = connectionTypes(
  'ProgressLog',
  ProgressLogObject,
  'progress log',
);
