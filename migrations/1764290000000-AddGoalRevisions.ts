import type { MigrationInterface, QueryRunner } from 'typeorm';
import { goalRevisionTriggers } from '../src/db/revision-triggers';

/**
 * A revision number on every goal, raised by the database itself in the transaction of any write that can change
 * what is derived from the goal (streak, score, progress, pace): a log, a pause, a Kaggle result or a workout
 * inserted, changed or deleted (both goals when a row moves between goals), and a change to the goal's own rule,
 * target, dates or status. Triggers rather than application code, so that no write path (bulk imports, `db copy`,
 * future batch writes) can forget the bump and every server on one PostgreSQL database sees it at commit.
 *
 * PostgreSQL: statement-level triggers with transition tables, so a bulk insert of thousands of logs raises each
 * goal once, and a BEFORE UPDATE trigger on goals that raises the revision only when a rule column really changes.
 * SQLite has row-level triggers only; `UPDATE OF` fires whenever such a column is written, which over-counts
 * harmlessly. SQLite drops a table's triggers when a migration rebuilds that table (TypeORM's way to change a
 * column) and refuses to rebuild `goals` while other tables' triggers name it, so `Database.migrate` lifts the
 * triggers around every SQLite migration run and puts them back after (src/db/revision-triggers.ts).
 */
export class AddGoalRevisions1764290000000 implements MigrationInterface {
  name = 'AddGoalRevisions1764290000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE on both dialects: TypeORM's addColumn would rebuild `goals` on SQLite.
    await queryRunner.query('ALTER TABLE goals ADD COLUMN revision integer NOT NULL DEFAULT 0');
    for (const sql of goalRevisionTriggers(dialectOf(queryRunner), { loggedTotals: false }).create) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of goalRevisionTriggers(dialectOf(queryRunner), { loggedTotals: false }).drop) await queryRunner.query(sql);
    await queryRunner.query('ALTER TABLE goals DROP COLUMN revision');
  }
}

function dialectOf(queryRunner: QueryRunner): 'sqlite' | 'postgres' {
  return queryRunner.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
}
