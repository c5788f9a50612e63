import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../src/db/migration-helpers';

/**
 * First-class goal types: a goal's template, reflection ratings on logs, Kaggle results, workouts with their
 * sets, skill ladders, venues and pipelines.
 */
export class AddGoalTypes1764250000000 implements MigrationInterface {
  name = 'AddGoalTypes1764250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    const fk = (table: string, column: string, referenced: string, onDelete: 'CASCADE' | 'SET NULL' = 'CASCADE') =>
      new TableForeignKey({
        name: `fk_${table}_${column}`,
        columnNames: [column],
        referencedTableName: referenced,
        referencedColumnNames: ['id'],
        onDelete,
      });

    await queryRunner.addColumn('goals', new TableColumn(c.string('template', 32, true)));
    await queryRunner.addColumn('progress_logs', new TableColumn(c.integer('rating', true)));

    await queryRunner.createTable(
      new Table({
        name: 'kaggle_results',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.integer('goal_id'),
          c.integer('log_id', true),
          c.string('competition', 200),
          c.string('kind', 16),
          c.integer('teams', true),
          c.integer('rank', true),
          c.integer('team_size'),
          c.localDate('date'),
          c.string('medal', 8),
          c.string('medal_source', 8),
          c.string('url', 2000, true),
          c.instant('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_kaggle_results_goal_date', columnNames: ['goal_id', 'date'] }),
          new TableIndex({ name: 'idx_kaggle_results_user_date', columnNames: ['user_id', 'date'] }),
        ],
        foreignKeys: [
          fk('kaggle_results', 'user_id', 'users'),
          fk('kaggle_results', 'goal_id', 'goals'),
          fk('kaggle_results', 'log_id', 'progress_logs', 'SET NULL'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'workouts',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.integer('goal_id', true),
          c.integer('log_id', true),
          c.localDate('date'),
          c.instant('occurred_at'),
          c.integer('duration_minutes', true),
          c.integer('feeling', true),
          c.text('note', true),
          c.instant('created_at'),
          c.instant('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_workouts_user_date', columnNames: ['user_id', 'date'] }),
          new TableIndex({ name: 'uq_workouts_log', columnNames: ['log_id'], isUnique: true }),
        ],
        foreignKeys: [
          fk('workouts', 'user_id', 'users'),
          fk('workouts', 'goal_id', 'goals', 'SET NULL'),
          fk('workouts', 'log_id', 'progress_logs', 'SET NULL'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'workout_sets',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.integer('workout_id'),
          c.integer('position'),
          c.string('exercise', 100),
          c.integer('reps', true),
          c.number('hold_seconds', true),
          c.number('weight_kg', true),
          c.number('rpe', true),
        ],
        indices: [
          new TableIndex({ name: 'idx_workout_sets_workout', columnNames: ['workout_id', 'position'] }),
          new TableIndex({ name: 'idx_workout_sets_user_exercise', columnNames: ['user_id', 'exercise'] }),
        ],
        foreignKeys: [fk('workout_sets', 'user_id', 'users'), fk('workout_sets', 'workout_id', 'workouts')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'ladder_levels',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.integer('goal_id'),
          c.integer('position'),
          c.string('exercise', 100),
          c.integer('criterion_sets'),
          c.integer('criterion_reps', true),
          c.number('criterion_hold_seconds', true),
          c.number('criterion_weight_kg', true),
          c.instant('created_at'),
          c.instant('updated_at'),
        ],
        indices: [new TableIndex({ name: 'idx_ladder_levels_goal_position', columnNames: ['goal_id', 'position'] })],
        foreignKeys: [fk('ladder_levels', 'user_id', 'users'), fk('ladder_levels', 'goal_id', 'goals')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'venues',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.string('name', 200),
          c.localDate('deadline'),
          c.localDate('notification_date', true),
          c.localDate('camera_ready_deadline', true),
          c.localDate('conference_start', true),
          c.localDate('conference_end', true),
          c.string('url', 2000, true),
          c.instant('created_at'),
          c.instant('updated_at'),
        ],
        indices: [new TableIndex({ name: 'idx_venues_user_deadline', columnNames: ['user_id', 'deadline'] })],
        foreignKeys: [fk('venues', 'user_id', 'users')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'pipelines',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.integer('goal_id'),
          c.integer('venue_id', true),
          c.integer('submission_stage', true),
          c.instant('created_at'),
        ],
        indices: [new TableIndex({ name: 'uq_pipelines_goal', columnNames: ['goal_id'], isUnique: true })],
        foreignKeys: [
          fk('pipelines', 'user_id', 'users'),
          fk('pipelines', 'goal_id', 'goals'),
          fk('pipelines', 'venue_id', 'venues', 'SET NULL'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['pipelines', 'venues', 'ladder_levels', 'workout_sets', 'workouts', 'kaggle_results']) {
      await queryRunner.dropTable(table);
    }
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.dropColumn('progress_logs', 'rating');
      await queryRunner.dropColumn('goals', 'template');
      return;
    }
    // On SQLite TypeORM drops a column by rebuilding the table, and `undoLastMigration` switches foreign keys off
    // only after opening its transaction, where SQLite ignores the pragma: dropping the old `goals` table would
    // then cascade into every log, milestone and pause. SQLite's own DROP COLUMN (3.35+) alters in place.
    await queryRunner.query('ALTER TABLE "progress_logs" DROP COLUMN "rating"');
    await queryRunner.query('ALTER TABLE "goals" DROP COLUMN "template"');
  }
}
