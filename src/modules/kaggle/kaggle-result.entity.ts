import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CompetitionKind, Medal } from '../../domain/kaggle';
import { GoalEntity } from '../goal/goal.entity';

/** How a result's medal was set: derived from teams and rank, or given by the user. */
export type MedalSource = 'RANK' | 'GIVEN';

/** One Kaggle competition result of a Kaggle goal. */
@Entity({ name: 'kaggle_results' })
@Index('idx_kaggle_results_goal_date', ['goalId', 'date'])
@Index('idx_kaggle_results_user_date', ['userId', 'date'])
export class KaggleResultEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'goal_id', type: 'integer' })
  goalId!: number;

  @ManyToOne(() => GoalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'goal_id' })
  goal?: GoalEntity;

  /** The progress log this result wrote, if any (results before the goal's start write none). */
  @Column({ name: 'log_id', type: 'integer', nullable: true })
  logId!: number | null;

  @Column({ type: 'varchar', length: 200 })
  competition!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: CompetitionKind;

  @Column({ type: 'integer', nullable: true })
  teams!: number | null;

  @Column({ type: 'integer', nullable: true })
  rank!: number | null;

  @Column({ name: 'team_size', type: 'integer' })
  teamSize!: number;

  /** Local date the final leaderboard was published (YYYY-MM-DD). */
  @Column({ type: 'varchar', length: 10 })
  date!: string;

  @Column({ type: 'varchar', length: 8 })
  medal!: Medal;

  @Column({ name: 'medal_source', type: 'varchar', length: 8 })
  medalSource!: MedalSource;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  url!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
