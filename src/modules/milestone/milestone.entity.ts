import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { GoalEntity } from '../goal/goal.entity';

/** An ordered stage of a goal. */
@Entity({ name: 'milestones' })
@Index('idx_milestones_goal_position', ['goalId', 'position'])
export class MilestoneEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'goal_id', type: 'integer' })
  goalId!: number;

  @ManyToOne(() => GoalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'goal_id' })
  goal?: GoalEntity;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /** 1-based order within the goal. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'due_date', type: 'varchar', length: 10, nullable: true })
  dueDate!: string | null;

  @Column({ name: 'achieved_on', type: 'varchar', length: 10, nullable: true })
  achievedOn!: string | null;

  @Column({ name: 'evidence_url', type: 'varchar', length: 2000, nullable: true })
  evidenceUrl!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
