import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../src/db/migration-helpers';

/**
 * Requests and query cost per rate-limit key (a token, or a client address) and minute, so that servers sharing a
 * PostgreSQL database share the limits: one upsert per request counts and reads a window. SQLite servers count in
 * memory; the table exists there too so both databases have one schema.
 */
export class CreateRateLimitWindows1796190000000 implements MigrationInterface {
  name = 'CreateRateLimitWindows1796190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'rate_limit_windows',
        columns: [
          { ...c.string('key', 100), isPrimary: true },
          // Minutes since the Unix epoch: the window's start.
          { ...c.integer('minute'), isPrimary: true },
          c.integer('requests'),
          { name: 'cost', type: 'bigint', isNullable: false },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rate_limit_windows');
  }
}
