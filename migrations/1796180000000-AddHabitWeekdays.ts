import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The weekdays a habit is meant to be done on ("1,3,5" for Monday, Wednesday and Friday), null for any day.
 * Existing goals keep null and so keep their meaning. Plain ALTER TABLE on both databases: SQLite adds the
 * column in place, without rebuilding `goals` or touching its revision triggers.
 */
export class AddHabitWeekdays1796180000000 implements MigrationInterface {
  name = 'AddHabitWeekdays1796180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE goals ADD COLUMN weekdays varchar(13)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE goals DROP COLUMN weekdays');
  }
}
