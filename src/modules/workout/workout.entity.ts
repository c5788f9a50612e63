import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../user/user.entity';

/** One training session of a user. Optionally counts toward a goal, through one progress log it owns. */
@Entity({ name: 'workouts' })
@Index('idx_workouts_user_date', ['userId', 'date'])
@Index('uq_workouts_log', ['logId'], { unique: true })
export class WorkoutEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** The goal (a habit, usually) this session counts toward. */
  @Column({ name: 'goal_id', type: 'integer', nullable: true })
  goalId!: number | null;

  /** The progress log written for `goalId`; null when there is none. */
  @Column({ name: 'log_id', type: 'integer', nullable: true })
  logId!: number | null;

  /** The user's local date, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10 })
  date!: string;

  @Column({ name: 'occurred_at', type: Date })
  occurredAt!: Date;

  @Column({ name: 'duration_minutes', type: 'integer', nullable: true })
  durationMinutes!: number | null;

  /** 1 (awful) to 5 (great). */
  @Column({ type: 'integer', nullable: true })
  feeling!: number | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}

/** One set of one exercise within a workout. */
@Entity({ name: 'workout_sets' })
@Index('idx_workout_sets_workout', ['workoutId', 'position'])
@Index('idx_workout_sets_user_exercise', ['userId', 'exercise'])
export class WorkoutSetEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'workout_id', type: 'integer' })
  workoutId!: number;

  @ManyToOne(() => WorkoutEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workout_id' })
  workout?: WorkoutEntity;

  /** 1-based order within the workout. */
  @Column({ type: 'integer' })
  position!: number;

  /** Normalised exercise name: trimmed, single spaces, lower case. */
  @Column({ type: 'varchar', length: 100 })
  exercise!: string;

  @Column({ type: 'integer', nullable: true })
  reps!: number | null;

  @Column({ name: 'hold_seconds', type: 'double precision', nullable: true })
  holdSeconds!: number | null;

  /** Added load in kg; negative for assistance (a band, a counterweight). */
  @Column({ name: 'weight_kg', type: 'double precision', nullable: true })
  weightKg!: number | null;

  /** Rate of perceived exertion, 1–10. */
  @Column({ type: 'double precision', nullable: true })
  rpe!: number | null;
}
