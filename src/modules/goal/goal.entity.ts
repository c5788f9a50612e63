import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../user/user.entity';

export type GoalKindValue = 'HABIT' | 'TARGET' | 'MILESTONES';
export type GoalStatusValue = 'ACTIVE' | 'PAUSED' | 'ACHIEVED' | 'ABANDONED' | 'ARCHIVED';
export type TargetTypeValue = 'AT_LEAST' | 'AT_MOST';

/** A goal of one user. Storage only; the GraphQL shape is `goal.type.ts`. */
@Entity({ name: 'goals' })
@Index('idx_goals_user_status', ['userId', 'status'])
export class GoalEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId!: number | null;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind!: GoalKindValue;

  @Column({ type: 'varchar', length: 16 })
  status!: GoalStatusValue;

  @Column({ type: 'varchar', length: 40, nullable: true })
  unit!: string | null;

  /** For HABIT: the amount per window (numeric habits only); for TARGET: the total to reach. */
  @Column({ type: 'double precision', nullable: true })
  target!: number | null;

  @Column({ name: 'target_type', type: 'varchar', length: 8 })
  targetType!: TargetTypeValue;

  @Column({ name: 'frequency_times', type: 'integer', nullable: true })
  frequencyTimes!: number | null;

  @Column({ name: 'frequency_per_days', type: 'integer', nullable: true })
  frequencyPerDays!: number | null;

  /**
   * Habits: the ISO weekdays (1 = Monday … 7 = Sunday) the owner means to do it on, ascending, or null for any
   * day. Stored as "1,3,5".
   */
  @Column({
    type: 'varchar',
    length: 13,
    nullable: true,
    transformer: {
      to: (v: number[] | null | undefined) => (v == null ? null : v.join(',')),
      from: (s: string | null) => (s == null || s === '' ? null : s.split(',').map(Number)),
    },
  })
  weekdays!: number[] | null;

  /** Local calendar dates, YYYY-MM-DD. */
  @Column({ name: 'start_date', type: 'varchar', length: 10 })
  startDate!: string;

  @Column({ name: 'due_date', type: 'varchar', length: 10, nullable: true })
  dueDate!: string | null;

  /** The local date the goal was achieved, when it was. */
  @Column({ name: 'achieved_on', type: 'varchar', length: 10, nullable: true })
  achievedOn!: string | null;

  /** JSON array of strings. */
  @Column({ type: 'simple-json' })
  tags!: string[];

  /**
   * The template the goal was made from (see src/modules/template/templates.ts), which gives it a typed view:
   * KAGGLE_COMPETITIONS → Goal.kaggle, REFLECTION and REST_DAYS → Goal.reflection. Null for plain goals.
   */
  @Column({ type: 'varchar', length: 32, nullable: true })
  template!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;

  /**
   * Raised by the database itself with every write that changes what is derived from the goal (see
   * src/db/revision-triggers.ts), never written by the app. Read with the row, it proves kept summaries current.
   * Undefined on an entity the app created and has not read back.
   */
  @Column({ type: 'integer', insert: false, update: false })
  readonly revision!: number;
}
