import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../src/db/migration-helpers';

/**
 * Request keys: the requestId a client sent with a mutation that creates something (a goal, a milestone, a workout,
 * a Kaggle result, pauses, a venue), the fingerprint of that input and the ids it created. One table for every kind
 * of creation: one unique index, (user_id, operation, request_id), makes a retry safe on every server at once.
 * Progress logs keep their own request_id column and unique index, since a log is found by its key.
 */
export class CreateRequestKeys1764270000000 implements MigrationInterface {
  name = 'CreateRequestKeys1764270000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'request_keys',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.string('operation', 40),
          c.string('request_id', 100),
          c.string('request_hash', 64),
          c.text('result'),
          c.instant('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_request_keys_user_operation_request',
            columnNames: ['user_id', 'operation', 'request_id'],
            isUnique: true,
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_request_keys_user_id',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('request_keys');
  }
}
