import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../src/db/migration-helpers';

/**
 * Reminders and the daily check. `reminders` holds each reminder with the next instant it fires (epoch
 * milliseconds, UTC), indexed, so that the scheduler sleeps until the earliest one and a database without reminders
 * costs nothing. `users` gains `daily_check_at` ("HH:MM" in the owner's zone, null: off; existing users get the
 * default 20:00) and `next_daily_check_at` (epoch milliseconds; null until the scheduler first works it out).
 * Plain ALTER TABLE on both databases: SQLite adds the columns in place, without rebuilding `users` or touching
 * the revision triggers on the tables that raise `users.revision`.
 */
export class CreateReminders1796240000000 implements MigrationInterface {
  name = 'CreateReminders1796240000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    const fk = (column: string, referenced: string) =>
      new TableForeignKey({
        name: `fk_reminders_${column}`,
        columnNames: [column],
        referencedTableName: referenced,
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      });
    await queryRunner.createTable(
      new Table({
        name: 'reminders',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.integer('goal_id'),
          c.string('at', 5),
          c.string('weekdays', 13, true),
          c.string('fire_when', 20),
          { name: 'next_fire_at', type: 'bigint', isNullable: false },
          c.string('request_id', 100, true),
          c.instant('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_reminders_next_fire_at', columnNames: ['next_fire_at'] }),
          new TableIndex({ name: 'idx_reminders_goal', columnNames: ['goal_id', 'id'] }),
          new TableIndex({ name: 'uq_reminders_user_request', columnNames: ['user_id', 'request_id'], isUnique: true }),
        ],
        foreignKeys: [fk('user_id', 'users'), fk('goal_id', 'goals')],
      }),
    );
    await queryRunner.query(`ALTER TABLE users ADD COLUMN daily_check_at varchar(5) DEFAULT '20:00'`);
    await queryRunner.query('ALTER TABLE users ADD COLUMN next_daily_check_at bigint');
    await queryRunner.query('CREATE INDEX idx_users_next_daily_check_at ON users (next_daily_check_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX idx_users_next_daily_check_at');
    await queryRunner.query('ALTER TABLE users DROP COLUMN next_daily_check_at');
    await queryRunner.query('ALTER TABLE users DROP COLUMN daily_check_at');
    await queryRunner.dropTable('reminders');
  }
}
