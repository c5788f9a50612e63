import type { MigrationInterface, QueryRunner } from 'typeorm';
import { userRevisionTriggers } from '../src/db/revision-triggers';

/**
 * Two things every log write paid for and nothing needed:
 * - the triggers raising the owner's `users.revision` on `progress_logs`: every log write already updates its
 *   goal's row in the same statement (revision and logged total), and the trigger on `goals` raises the owner's
 *   revision from there, so each log updated its owner's row twice;
 * - the index `idx_progress_logs_user_date` (user_id, date): `idx_progress_logs_user_date_goal_value` starts with
 *   the same two columns and serves every query it served.
 * `down` puts both back.
 */
export class DropRedundantLogTriggers1796270000000 implements MigrationInterface {
  name = 'DropRedundantLogTriggers1796270000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of logUserTriggers(queryRunner).drop) await queryRunner.query(sql);
    await queryRunner.query('DROP INDEX IF EXISTS idx_progress_logs_user_date');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX IF NOT EXISTS idx_progress_logs_user_date ON progress_logs (user_id, date)');
    for (const sql of logUserTriggers(queryRunner).create) await queryRunner.query(sql);
  }
}

/** The user-revision triggers of `progress_logs` as the previous schema had them. */
function logUserTriggers(queryRunner: QueryRunner): { create: string[]; drop: string[] } {
  const dialect = queryRunner.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
  const all = userRevisionTriggers(dialect, { throughGoals: false });
  const ours = (sql: string) => /\btrg_progress_logs_user_revise_/.test(sql);
  return { create: all.create.filter(ours), drop: all.drop.filter(ours) };
}
