import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The kinds of event hoego records. */
export const EVENT_TYPES = [
  'LOG_CREATED',
  'LOG_UPDATED',
  'LOG_DELETED',
  'GOAL_CREATED',
  'GOAL_UPDATED',
  'GOAL_ACHIEVED',
  'MILESTONE_COMPLETED',
  'STREAK_AT_RISK',
  'HABIT_DUE',
  'KAGGLE_TIER_REACHED',
  'LADDER_LEVEL_REACHED',
  'REMINDER',
] as const;

export type EventTypeValue = (typeof EVENT_TYPES)[number];

/**
 * One change, as the outbox holds it: written in the change's transaction, never changed afterwards. `payload`
 * is JSON of the changed object as it was then; what is derived from its goal is worked out when it is delivered.
 */
@Entity({ name: 'events' })
export class EventEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** The public id: `Hoego-Delivery`, so that receivers can drop a repeat. */
  @Column({ type: 'varchar', length: 36 })
  uid!: string;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ type: 'varchar', length: 32 })
  type!: EventTypeValue;

  @Column({ name: 'occurred_at', type: Date })
  occurredAt!: Date;

  /** The goal the change is about (no foreign key: the event outlives a deleted goal). */
  @Column({ name: 'goal_id', type: 'integer', nullable: true })
  goalId!: number | null;

  @Column({ name: 'log_id', type: 'integer', nullable: true })
  logId!: number | null;

  @Column({ type: 'text' })
  payload!: string;
}
