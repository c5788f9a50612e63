import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { GoalEntity } from '../goal/goal.entity';

/** Makes a MILESTONES goal a pipeline: its stages are planned toward a venue's deadline. One per goal. */
@Entity({ name: 'pipelines' })
@Index('uq_pipelines_goal', ['goalId'], { unique: true })
export class PipelineEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'goal_id', type: 'integer' })
  goalId!: number;

  @ManyToOne(() => GoalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'goal_id' })
  goal?: GoalEntity;

  @Column({ name: 'venue_id', type: 'integer', nullable: true })
  venueId!: number | null;

  /** 1-based position of the stage due on the submission deadline; null means the last stage. */
  @Column({ name: 'submission_stage', type: 'integer', nullable: true })
  submissionStage!: number | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
