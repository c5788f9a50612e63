import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../src/db/migration-helpers';

/**
 * Automatic persisted queries, shared by every server on the database: a hash registered through one server is
 * known to the others. `used_at` orders eviction when the store is full.
 */
export class CreatePersistedQueries1764280000000 implements MigrationInterface {
  name = 'CreatePersistedQueries1764280000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'persisted_queries',
        columns: [{ ...c.string('key', 100), isPrimary: true }, c.text('query'), c.instant('created_at'), c.instant('used_at')],
      }),
    );
    await queryRunner.createIndex('persisted_queries', new TableIndex({ name: 'idx_persisted_queries_used_at', columnNames: ['used_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('persisted_queries', 'idx_persisted_queries_used_at');
    await queryRunner.dropTable('persisted_queries');
  }
}
