import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../user/user.entity';

/** A venue a user aims work at (a conference, a journal issue), with its dates. Local dates, YYYY-MM-DD. */
@Entity({ name: 'venues' })
@Index('idx_venues_user_deadline', ['userId', 'deadline'])
export class VenueEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Submission deadline. */
  @Column({ type: 'varchar', length: 10 })
  deadline!: string;

  @Column({ name: 'notification_date', type: 'varchar', length: 10, nullable: true })
  notificationDate!: string | null;

  @Column({ name: 'camera_ready_deadline', type: 'varchar', length: 10, nullable: true })
  cameraReadyDeadline!: string | null;

  @Column({ name: 'conference_start', type: 'varchar', length: 10, nullable: true })
  conferenceStart!: string | null;

  @Column({ name: 'conference_end', type: 'varchar', length: 10, nullable: true })
  conferenceEnd!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  url!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
