import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

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
}
