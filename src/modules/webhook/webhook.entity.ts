import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A user's receiver of events. `eventTypes` is stored as ",A,B," so that the fan-out trigger can match a type. */
@Entity({ name: 'webhooks' })
export class WebhookEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  @Column({ name: 'event_types', type: 'text' })
  eventTypes!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  /** Signs deliveries; shown to the owner once, when the webhook is created. */
  @Column({ type: 'varchar', length: 100 })
  secret!: string;

  /** 1 or 0. */
  @Column({ type: 'integer', default: 1 })
  active!: number;

  /** Failed attempts since the last success. */
  @Column({ name: 'failure_count', type: 'integer', default: 0 })
  failureCount!: number;

  /** The first failed attempt since the last success. */
  @Column({ name: 'failing_since', type: Date, nullable: true })
  failingSince!: Date | null;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}

export type DeliveryStatusValue = 'PENDING' | 'SUCCEEDED' | 'FAILED';

/** One event on its way to one webhook. Times the loop schedules by are epoch milliseconds. */
@Entity({ name: 'webhook_deliveries' })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'webhook_id', type: 'integer' })
  webhookId!: number;

  @Column({ name: 'event_id', type: 'integer' })
  eventId!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatusValue;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** When the next attempt is due; null: at once. */
  @Column({ name: 'next_attempt_at', type: 'bigint', nullable: true, transformer: millis() })
  nextAttemptAt!: number | null;

  /** Until when a server holds this delivery for an attempt in flight. */
  @Column({ name: 'lease_until', type: 'bigint', nullable: true, transformer: millis() })
  leaseUntil!: number | null;

  @Column({ name: 'last_attempt_at', type: Date, nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', type: Date, nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}

/** PostgreSQL answers bigint as a string. */
function millis() {
  return {
    to: (value: number | null | undefined) => value,
    from: (value: string | number | null) => (value === null ? null : Number(value)),
  };
}
