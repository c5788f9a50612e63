import type { MigrationInterface, QueryRunner } from 'typeorm';
import { userRevisionTriggers } from '../src/db/revision-triggers';

/**
 * A revision number on every user, raised by the database in the transaction of any write to what their year in
 * review is made of (goals, logs, milestones, pauses, Kaggle results, workouts and their sets, ladders, venues,
 * pipelines; see USER_REVISED_BY). Some of it belongs to no goal (a workout logged without a habit still counts
 * toward a ladder), so the goals' own revisions cannot prove a review current; this one can, across servers.
 */
export class AddUserRevisions1796170000001 implements MigrationInterface {
  name = 'AddUserRevisions1796170000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE on both dialects: TypeORM's addColumn would rebuild `users` on SQLite.
    await queryRunner.query('ALTER TABLE users ADD COLUMN revision integer NOT NULL DEFAULT 0');
    for (const sql of userRevisionTriggers(dialectOf(queryRunner)).create) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of userRevisionTriggers(dialectOf(queryRunner)).drop) await queryRunner.query(sql);
    await queryRunner.query('ALTER TABLE users DROP COLUMN revision');
  }
}

function dialectOf(queryRunner: QueryRunner): 'sqlite' | 'postgres' {
  return queryRunner.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
}
