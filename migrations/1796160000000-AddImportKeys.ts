import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Where an imported log came from: the format (`hoego`, `csv`, `loop`) and a key for its entry in that source.
 * The unique index makes importing the same file again add nothing, on every server at once. Logs written any
 * other way leave both null, and NULLs never collide in a unique index on SQLite or PostgreSQL.
 * Plain ALTER TABLE on both databases, so SQLite adds the columns in place rather than rebuilding the table.
 */
export class AddImportKeys1796160000000 implements MigrationInterface {
  name = 'AddImportKeys1796160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE progress_logs ADD COLUMN import_source varchar(16)');
    await queryRunner.query('ALTER TABLE progress_logs ADD COLUMN import_key varchar(200)');
    await queryRunner.createIndex(
      'progress_logs',
      new TableIndex({ name: 'uq_progress_logs_user_import', columnNames: ['user_id', 'import_source', 'import_key'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('progress_logs', 'uq_progress_logs_user_import');
    await queryRunner.query('ALTER TABLE progress_logs DROP COLUMN import_key');
    await queryRunner.query('ALTER TABLE progress_logs DROP COLUMN import_source');
  }
}
