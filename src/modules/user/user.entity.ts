import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { millis } from '../reminder/reminder.entity';

/** A person who keeps goals. Storage only; the GraphQL shape is `user.type.ts`. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Unique, lower-case login name. */
  @Column({ type: 'varchar', length: 40, unique: true })
  handle!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName!: string;

  /** IANA zone name, e.g. Asia/Seoul. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone!: string;

  /** "HH:MM": the wall-clock time at which the user's day begins. */
  @Column({ name: 'day_starts_at', type: 'varchar', length: 5, default: '00:00' })
  dayStartsAt!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  /** Report links carry the generation they were made in; revoking them all moves it on. */
  @Column({ name: 'report_link_generation', type: 'integer', default: 0 })
  reportLinkGeneration!: number;

  /** "HH:MM": when the daily check (STREAK_AT_RISK, HABIT_DUE) runs in the user's zone; null: never. */
  @Column({ name: 'daily_check_at', type: 'varchar', length: 5, nullable: true, default: '20:00' })
  dailyCheckAt!: string | null;

  /** The next daily check, epoch milliseconds; null when off or not yet worked out. */
  @Column({ name: 'next_daily_check_at', type: 'bigint', nullable: true, transformer: millis() })
  nextDailyCheckAt!: number | null;
}
