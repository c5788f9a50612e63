import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A requestId a client sent with a mutation that created something, and what it created. */
@Entity({ name: 'request_keys' })
@Index('uq_request_keys_user_operation_request', ['userId', 'operation', 'requestId'], { unique: true })
export class RequestKeyEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  /** The mutation, e.g. 'createGoal': the same key may be used once per kind of creation. */
  @Column({ type: 'varchar', length: 40 })
  operation!: string;

  @Column({ name: 'request_id', type: 'varchar', length: 100 })
  requestId!: string;

  /** Fingerprint of the input, to tell a retry from a conflicting reuse of the key. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  /** JSON list of the ids of the rows the request created. */
  @Column({ type: 'text' })
  result!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
