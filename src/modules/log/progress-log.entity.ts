import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { GoalEntity } from '../goal/goal.entity';

/** One entry of progress toward a goal. `date` is fixed at write time and never recomputed. */
@Entity({ name: 'progress_logs' })
@Index('idx_progress_logs_goal_date', ['goalId', 'date'])
@Index('uq_progress_logs_user_request', ['userId', 'requestId'], { unique: true })
@Index('uq_progress_logs_user_import', ['userId', 'importSource', 'importKey'], { unique: true })
// Covering indexes of the year in review (migration 1764240000000): per-day/month GROUP BYs, and target totals.
@Index('idx_progress_logs_user_date_goal_value', ['userId', 'date', 'goalId', 'value'])
@Index('idx_progress_logs_user_goal_date_value', ['userId', 'goalId', 'date', 'value'])
export class ProgressLogEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Denormalised owner, so that per-user queries and the idempotency key need no join. */
  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'goal_id', type: 'integer' })
  goalId!: number;

  @ManyToOne(() => GoalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'goal_id' })
  goal?: GoalEntity;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** A 1–5 rating (reflection goals: how the retrospective, practice or rest went); null when unrated. */
  @Column({ type: 'integer', nullable: true })
  rating!: number | null;

  @Column({ name: 'occurred_at', type: Date })
  occurredAt!: Date;

  /** The user's local calendar day (YYYY-MM-DD) in their zone and day start at write time. */
  @Column({ type: 'varchar', length: 10 })
  date!: string;

  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true })
  requestId!: string | null;

  /** Fingerprint of the input that created this log, to tell a retry from a conflicting reuse of requestId. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash!: string | null;

  /** The format an imported log came from (`hoego`, `csv`, `loop`); null for logs written any other way. */
  @Column({ name: 'import_source', type: 'varchar', length: 16, nullable: true })
  importSource!: string | null;

  /** The log's entry within its source, so that importing the same file again adds nothing. */
  @Column({ name: 'import_key', type: 'varchar', length: 200, nullable: true })
  importKey!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
