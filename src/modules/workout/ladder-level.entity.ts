import type { Criterion } from '../../domain/ladder';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { GoalEntity } from '../goal/goal.entity';

/** One rung of a goal's skill ladder, with the criterion that advances past it. */
@Entity({ name: 'ladder_levels' })
@Index('idx_ladder_levels_goal_position', ['goalId', 'position'])
export class LadderLevelEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'goal_id', type: 'integer' })
  goalId!: number;

  @ManyToOne(() => GoalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'goal_id' })
  goal?: GoalEntity;

  /** 1-based order, easiest first. */
  @Column({ type: 'integer' })
  position!: number;

  /** Normalised exercise name. */
  @Column({ type: 'varchar', length: 100 })
  exercise!: string;

  @Column({ name: 'criterion_sets', type: 'integer' })
  criterionSets!: number;

  @Column({ name: 'criterion_reps', type: 'integer', nullable: true })
  criterionReps!: number | null;

  @Column({ name: 'criterion_hold_seconds', type: 'double precision', nullable: true })
  criterionHoldSeconds!: number | null;

  @Column({ name: 'criterion_weight_kg', type: 'double precision', nullable: true })
  criterionWeightKg!: number | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}

/** The criterion stored on a level. */
export function criterionOf(l: LadderLevelEntity): Criterion {
  return { sets: l.criterionSets, reps: l.criterionReps, holdSeconds: l.criterionHoldSeconds, weightKg: l.criterionWeightKg };
}
