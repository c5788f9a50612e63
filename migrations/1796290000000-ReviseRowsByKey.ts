import type { MigrationInterface, QueryRunner } from 'typeorm';
import { goalRevisionTriggers, userRevisionTriggers } from '../src/db/revision-triggers';

/**
 * SQLite's update triggers that raise a revision (a goal's, its owner's) name the rows to raise as
 * `id IN (OLD.key, NEW.key)`, which SQLite runs inside a trigger by building a temporary table of the two keys:
 * the trigger on `goals` that raises the owner's revision, which every log write fires, cost about twice the log's
 * own insert. They now raise the row each key names in a statement of its own, the one left only when the key
 * changed, with the same additions to the goals' kept totals. PostgreSQL's triggers run once per statement over its
 * transition tables and are left as they are. `down` puts the previous triggers back.
 */
export class ReviseRowsByKey1796290000000 implements MigrationInterface {
  name = 'ReviseRowsByKey1796290000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await replaceTriggers(queryRunner, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await replaceTriggers(queryRunner, false);
  }
}

async function replaceTriggers(queryRunner: QueryRunner, perKeyUpdates: boolean): Promise<void> {
  if (queryRunner.connection.options.type === 'postgres') return;
  const goals = goalRevisionTriggers('sqlite', { loggedTotals: true, settledByWriters: true, perKeyUpdates });
  const users = userRevisionTriggers('sqlite', { throughGoals: true, perKeyUpdates });
  for (const sql of [...goals.drop, ...users.drop, ...goals.create, ...users.create]) await queryRunner.query(sql);
}
