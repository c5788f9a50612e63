import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { systemClock } from '../src/clock';
import { parseDatabaseUrl, type DatabaseConfig } from '../src/config';
import { Database } from '../src/db/database';
import { MIGRATIONS } from '../src/db/migrations';
import { createServices } from '../src/services';
import { scratchDatabase, TEST_DIALECT, type ScratchDatabase } from './db';

/** A migration of the kind that rebuilds a referenced table on SQLite: it changes a column of `goals`. */
class WidenGoalUnit9999999999999 implements MigrationInterface {
  name = 'WidenGoalUnit9999999999999';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.changeColumn('goals', 'unit', new TableColumn({ name: 'unit', type: 'varchar', length: '80', isNullable: true }));
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.changeColumn('goals', 'unit', new TableColumn({ name: 'unit', type: 'varchar', length: '40', isNullable: true }));
  }
}

const COUNTED = ['users', 'goals', 'progress_logs', 'milestones', 'pauses'];

async function counts(db: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of COUNTED) out[table] = Number((await db.read((em) => em.query(`SELECT COUNT(*) AS n FROM ${table}`)))[0].n);
  return out;
}

/** A user with a goal that has a log, a milestone and a pause: rows that reference `goals`. */
async function seed(db: Database): Promise<void> {
  const s = createServices(db, systemClock);
  const user = await s.users.create({ handle: 'jun', timeZone: 'Asia/Seoul' });
  const goal = await s.goals.create(user, { title: 'SR paper', kind: 'MILESTONES', startDate: '2021-01-01' });
  await s.logs.log(user, { goalId: goal.id, date: '2021-01-02', value: 1 });
  await s.milestones.add(user, { goalId: goal.id, title: 'idea' });
  await s.pauses.pauseGoal(user, { goalId: goal.id, from: '2021-02-01', to: '2021-02-07' });
}

describe('migrations', () => {
  it('are listed in src/db/migrations.ts exactly as the migrations/ folder holds them, in time order', () => {
    const files = readdirSync(join(__dirname, '..', 'migrations'))
      .filter((f) => f.endsWith('.ts'))
      .sort();
    for (const file of files) expect(file).toMatch(/^\d{13}-[A-Z][A-Za-z]+\.ts$/);
    const expected = files.map((f) => {
      const [stamp, name] = f.replace(/\.ts$/, '').split('-');
      return `${name}${stamp}`;
    });
    expect(MIGRATIONS.map((m) => new m().name)).toEqual(expected);
    expect(MIGRATIONS.map((m) => m.name)).toEqual(expected);
  });

  describe(`on ${TEST_DIALECT}`, () => {
    let scratch: ScratchDatabase;
    let db: Database;
    beforeEach(async () => {
      scratch = await scratchDatabase();
      db = await Database.open(parseDatabaseUrl(scratch.url) as DatabaseConfig, { migrate: true });
    });
    afterEach(async () => {
      await db.close();
      await scratch.drop();
    });

    it('each go down and up again, all the way to an empty database and back', async () => {
      for (let left = MIGRATIONS.length; left > 0; left--) {
        await db.revert();
        expect(await db.pendingMigrations()).toHaveLength(MIGRATIONS.length - left + 1);
      }
      const tables: Array<{ name: string }> =
        TEST_DIALECT === 'sqlite'
          ? await db.read((em) =>
              em.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations'"),
            )
          : await db.read((em) =>
              em.query("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'"),
            );
      expect(tables).toEqual([]);
      await db.migrate();
      expect(await db.pendingMigrations()).toEqual([]);
    });

    it('keep the rows of every table when the latest migrations are reverted and applied again', async () => {
      await seed(db);
      const before = await counts(db);
      expect(before).toEqual({ users: 1, goals: 1, progress_logs: 1, milestones: 1, pauses: 1 });
      // Every migration after the ones that create these tables.
      for (let i = MIGRATIONS.length; i > 2; i--) await db.revert();
      await db.migrate();
      expect(await counts(db)).toEqual(before);
    });

    it('keep rows that reference a table a migration rebuilds (SQLite rebuilds a table to change a column)', async () => {
      await seed(db);
      const before = await counts(db);
      await db.close();
      const extended = await Database.open(parseDatabaseUrl(scratch.url) as DatabaseConfig);
      extended.dataSource.migrations.push(new WidenGoalUnit9999999999999());
      try {
        await extended.migrate();
        expect(await extended.pendingMigrations()).toEqual([]);
        expect(await counts(extended)).toEqual(before);
        // The goal-revision triggers survive the rebuild: a new log and a new target each still raise it.
        const revision = async () => Number((await extended.read((em) => em.query('SELECT revision FROM goals')))[0].revision);
        const r0 = await revision();
        await extended.write((em) => em.query('UPDATE progress_logs SET value = value + 1'));
        expect(await revision()).toBe(r0 + 1);
        await extended.write((em) => em.query("UPDATE goals SET start_date = '2020-12-01'"));
        expect(await revision()).toBeGreaterThan(r0 + 1);
        await extended.revert();
        expect(await counts(extended)).toEqual(before);
      } finally {
        await extended.close();
        db = await Database.open(parseDatabaseUrl(scratch.url) as DatabaseConfig);
      }
    });
  });
});
