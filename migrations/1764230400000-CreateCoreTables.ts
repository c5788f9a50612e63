import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../src/db/migration-helpers';

/** Users, their API tokens, goals, progress logs and milestones. */
export class CreateCoreTables1764230400000 implements MigrationInterface {
  name = 'CreateCoreTables1764230400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    const owner = (table: string, column: string, referenced: string) =>
      new TableForeignKey({
        name: `fk_${table}_${column}`,
        columnNames: [column],
        referencedTableName: referenced,
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      });

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          c.id(),
          c.string('handle', 40),
          c.string('display_name', 100),
          c.string('time_zone', 64),
          c.string('day_starts_at', 5, false, '00:00'),
          c.instant('created_at'),
        ],
        uniques: [{ name: 'uq_users_handle', columnNames: ['handle'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'api_tokens',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.string('name', 100),
          c.string('token_hash', 64),
          c.string('token_prefix', 16),
          c.string('scopes', 40),
          c.instant('created_at'),
          c.instant('last_used_at', true),
          c.instant('revoked_at', true),
        ],
        uniques: [{ name: 'uq_api_tokens_token_hash', columnNames: ['token_hash'] }],
        indices: [new TableIndex({ name: 'idx_api_tokens_user', columnNames: ['user_id'] })],
        foreignKeys: [owner('api_tokens', 'user_id', 'users')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'goals',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.integer('parent_id', true),
          c.string('title', 200),
          c.text('description', true),
          c.string('kind', 16),
          c.string('status', 16),
          c.string('unit', 40, true),
          c.number('target', true),
          c.string('target_type', 8),
          c.integer('frequency_times', true),
          c.integer('frequency_per_days', true),
          c.localDate('start_date'),
          c.localDate('due_date', true),
          c.localDate('achieved_on', true),
          c.text('tags'),
          c.instant('created_at'),
          c.instant('updated_at'),
        ],
        indices: [new TableIndex({ name: 'idx_goals_user_status', columnNames: ['user_id', 'status'] })],
        foreignKeys: [
          owner('goals', 'user_id', 'users'),
          new TableForeignKey({
            name: 'fk_goals_parent_id',
            columnNames: ['parent_id'],
            referencedTableName: 'goals',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'progress_logs',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.integer('goal_id'),
          c.number('value'),
          c.text('note', true),
          c.instant('occurred_at'),
          c.localDate('date'),
          c.string('request_id', 100, true),
          c.string('request_hash', 64, true),
          c.instant('created_at'),
          c.instant('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_progress_logs_goal_date', columnNames: ['goal_id', 'date'] }),
          new TableIndex({ name: 'idx_progress_logs_user_date', columnNames: ['user_id', 'date'] }),
          new TableIndex({ name: 'uq_progress_logs_user_request', columnNames: ['user_id', 'request_id'], isUnique: true }),
        ],
        foreignKeys: [owner('progress_logs', 'user_id', 'users'), owner('progress_logs', 'goal_id', 'goals')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'milestones',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.integer('goal_id'),
          c.string('title', 200),
          c.integer('position'),
          c.localDate('due_date', true),
          c.localDate('achieved_on', true),
          c.string('evidence_url', 2000, true),
          c.instant('created_at'),
        ],
        indices: [new TableIndex({ name: 'idx_milestones_goal_position', columnNames: ['goal_id', 'position'] })],
        foreignKeys: [owner('milestones', 'user_id', 'users'), owner('milestones', 'goal_id', 'goals')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['milestones', 'progress_logs', 'goals', 'api_tokens', 'users']) {
      await queryRunner.dropTable(table);
    }
  }
}
