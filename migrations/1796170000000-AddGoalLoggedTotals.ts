import type { MigrationInterface, QueryRunner } from 'typeorm';
import { goalRevisionTriggers } from '../src/db/revision-triggers';

/**
 * Every goal keeps the sum of its logs' values (`goals.logged_total`), moved by the same triggers that raise its
 * revision, in the transaction of the write. A TARGET goal's status follows its total, so until now every log
 * written summed the goal's whole history again: a cost that grew with every year of logs. The column is filled
 * from the logs already written, then the revision triggers of 1764290000000 are replaced by ones that also move it.
 *
 * The total is a running floating-point sum, so it may differ from a fresh SUM in the last bits; the status check
 * (GoalService.syncTargetStatus) sums afresh whenever the total is that close to the target.
 */
export class AddGoalLoggedTotals1796170000000 implements MigrationInterface {
  name = 'AddGoalLoggedTotals1796170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const dialect = dialectOf(queryRunner);
    for (const sql of goalRevisionTriggers(dialect, { loggedTotals: false }).drop) await queryRunner.query(sql);
    // Plain ALTER TABLE on both dialects: TypeORM's addColumn would rebuild `goals` on SQLite.
    await queryRunner.query('ALTER TABLE goals ADD COLUMN logged_total double precision NOT NULL DEFAULT 0');
    await queryRunner.query(
      'UPDATE goals SET logged_total = COALESCE((SELECT SUM(value) FROM progress_logs WHERE progress_logs.goal_id = goals.id), 0)',
    );
    for (const sql of goalRevisionTriggers(dialect, { loggedTotals: true }).create) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const dialect = dialectOf(queryRunner);
    for (const sql of goalRevisionTriggers(dialect, { loggedTotals: true }).drop) await queryRunner.query(sql);
    await queryRunner.query('ALTER TABLE goals DROP COLUMN logged_total');
    for (const sql of goalRevisionTriggers(dialect, { loggedTotals: false }).create) await queryRunner.query(sql);
  }
}

function dialectOf(queryRunner: QueryRunner): 'sqlite' | 'postgres' {
  return queryRunner.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
}
