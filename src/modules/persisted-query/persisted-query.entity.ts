import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The text of an automatic persisted query, under the key Apollo gives its SHA-256 hash. Shared by every server on
 * the database, so a hash registered through one is known to the others.
 */
@Entity({ name: 'persisted_queries' })
export class PersistedQueryEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key!: string;

  @Column({ type: 'text' })
  query!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  /** Kept to the hour: the least recently used go first when the store is full. */
  @Index('idx_persisted_queries_used_at')
  @Column({ name: 'used_at', type: Date })
  usedAt!: Date;
}
