import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/db/data-source';
import { MIGRATIONS } from '../src/db/migrations';
import { AddGoalTypes1764250000000 } from '../migrations/1764250000000-AddGoalTypes';
import { TEST_DIALECT, scratchDatabase, type ScratchDatabase } from './db';

/**
 * AddGoalTypes adds columns to `goals` and `progress_logs`, which other tables reference with ON DELETE CASCADE.
 * On SQLite TypeORM rebuilds a table to change its columns, so this checks that no existing row is lost
 * going up, down (`db revert`) and up again.
 */
describe(`migration AddGoalTypes on ${TEST_DIALECT}`, () => {
  let scratch: ScratchDatabase;
  let ds: DataSource;
  const index = MIGRATIONS.indexOf(AddGoalTypes1764250000000);

  beforeAll(async () => {
    scratch = await scratchDatabase();
    const options = dataSourceOptions(loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, LOG_LEVEL: 'silent' }).database);
    const before = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, index) });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    // Raw queries bind no Date on SQLite; the ISO text reads back on both databases.
    const now = '2021-06-15T12:00:00.000Z';
    const p = (n: number) => (TEST_DIALECT === 'postgres' ? `$${n}` : '?');
    await before.query(`INSERT INTO users (handle, display_name, time_zone, created_at) VALUES ('first', 'First', 'Asia/Seoul', ${p(1)})`, [
      now,
    ]);
    await before.query(
      `INSERT INTO goals (user_id, title, kind, status, target_type, start_date, tags, created_at, updated_at) VALUES (1, 'Planche', 'HABIT', 'ACTIVE', 'AT_LEAST', '2021-01-01', '[]', ${p(1)}, ${p(2)})`,
      [now, now],
    );
    await before.query(
      `INSERT INTO progress_logs (user_id, goal_id, value, occurred_at, date, created_at, updated_at) VALUES (1, 1, 1, ${p(1)}, '2021-06-14', ${p(2)}, ${p(3)})`,
      [now, now, now],
    );
    await before.query(`INSERT INTO milestones (user_id, goal_id, title, position, created_at) VALUES (1, 1, 'tuck', 1, ${p(1)})`, [now]);
    await before.query(
      `INSERT INTO pauses (user_id, goal_id, start_date, end_date, created_at) VALUES (1, 1, '2021-02-01', '2021-02-07', ${p(1)})`,
      [now],
    );
    await before.destroy();
    // Up to AddGoalTypes only, so that undoing the last migration undoes it whatever migrations come later.
    ds = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, index + 1) });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await scratch.drop();
  });

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of ['goals', 'progress_logs', 'milestones', 'pauses'])
      out[table] = Number((await ds.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    return out;
  };
  const all = { goals: 1, progress_logs: 1, milestones: 1, pauses: 1 };

  it('keeps every row going up, down and up again', async () => {
    await ds.runMigrations({ transaction: 'each' });
    expect(await counts()).toEqual(all);
    expect(await ds.query('SELECT template FROM goals')).toEqual([{ template: null }]);
    expect(await ds.query('SELECT rating FROM progress_logs')).toEqual([{ rating: null }]);

    // Down to just before AddGoalTypes, through any migration that came after it.
    for (;;) {
      const [last] = await ds.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1');
      await ds.undoLastMigration({ transaction: 'each' });
      if (last.name === 'AddGoalTypes1764250000000') break;
    }
    expect(await counts()).toEqual(all);
    await expect(ds.query('SELECT template FROM goals')).rejects.toThrow();

    await ds.runMigrations({ transaction: 'each' });
    expect(await counts()).toEqual(all);
    // Foreign keys still cascade after the rebuild.
    await ds.query('DELETE FROM goals');
    expect(await counts()).toEqual({ goals: 0, progress_logs: 0, milestones: 0, pauses: 0 });
  });
});
