import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SETTLING_TABLE, goalRevisionTriggers } from '../src/db/revision-triggers';

/**
 * On SQLite, triggers run once per row: every log inserted updated its goal's row (revision and logged total), and
 * that update raised the owner's revision, so a batch of a thousand logs of one goal updated it a thousand times.
 * From here on, a writer inserting several logs holds a row in SETTLING_TABLE for the length of the INSERT, the
 * insert trigger of `progress_logs` skips meanwhile, and the writer updates each goal once, raising its revision and
 * adding its logs' values in their order, as the trigger would have. Every other write (one log, an edit, a delete,
 * a restore or copy) still goes through the triggers. PostgreSQL's triggers run once per statement already: nothing
 * changes there. `down` puts the unconditional trigger back.
 */
export class SettleLogTotalsPerWrite1796280000000 implements MigrationInterface {
  name = 'SettleLogTotalsPerWrite1796280000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    await queryRunner.query(`CREATE TABLE ${SETTLING_TABLE} (id integer PRIMARY KEY NOT NULL)`);
    for (const sql of insertTrigger(true)) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    for (const sql of insertTrigger(false)) await queryRunner.query(sql);
    await queryRunner.query(`DROP TABLE ${SETTLING_TABLE}`);
  }
}

/** Drops the SQLite insert trigger of `progress_logs` and creates it again, skipping while a writer settles or not. */
function insertTrigger(settledByWriters: boolean): string[] {
  const { create, drop } = goalRevisionTriggers('sqlite', { loggedTotals: true, settledByWriters });
  const ours = (sql: string) => /\btrg_progress_logs_revise_insert\b/.test(sql);
  return [...drop.filter(ours), ...create.filter(ours)];
}
