import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** When a reminder speaks: always, or only when its goal is due, or only when its streak is at risk. */
export type ReminderWhen = 'ALWAYS' | 'IF_DUE' | 'IF_STREAK_AT_RISK';

/** A goal's reminder: a time of day in its owner's zone, on some weekdays. Storage only; the GraphQL shape is `reminder.type.ts`. */
@Entity({ name: 'reminders' })
export class ReminderEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'goal_id', type: 'integer' })
  goalId!: number;

  /** "HH:MM" on the owner's wall clock. */
  @Column({ type: 'varchar', length: 5 })
  at!: string;

  /** ISO weekdays of the owner's days ("1,3,5"), null for every day. */
  @Column({
    type: 'varchar',
    length: 13,
    nullable: true,
    transformer: {
      to: (value: number[] | null | undefined) => (value == null ? null : value.join(',')),
      from: (value: string | null) => (value === null || value === '' ? null : value.split(',').map(Number)),
    },
  })
  weekdays!: number[] | null;

  @Column({ name: 'fire_when', type: 'varchar', length: 20 })
  when!: ReminderWhen;

  /** The next instant it fires, epoch milliseconds. */
  @Column({ name: 'next_fire_at', type: 'bigint', transformer: millis() })
  nextFireAt!: number;

  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true })
  requestId!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}

/** PostgreSQL answers bigint as a string. */
export function millis() {
  return {
    to: (value: number | null | undefined) => value,
    from: (value: string | number | null) => (value === null ? null : Number(value)),
  };
}
