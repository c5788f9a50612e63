import type { DataSource } from 'typeorm';
import { AddImportKeys1796160000000 } from '../migrations/1796160000000-AddImportKeys';
import { TEST_DIALECT, databaseBefore, type ScratchDatabase } from './db';

/** AddImportKeys adds two columns and a unique index to `progress_logs`: existing logs stay, going up, down and up. */
describe(`migration AddImportKeys on ${TEST_DIALECT}`, () => {
  let scratch: ScratchDatabase;
  let ds: DataSource;
  const p = (n: number) => (TEST_DIALECT === 'postgres' ? `$${n}` : '?');
  const now = '2021-06-15T12:00:00.000Z';

  beforeAll(async () => {
    ({ scratch, ds } = await databaseBefore(AddImportKeys1796160000000, async (before) => {
      await before.query(
        `INSERT INTO users (handle, display_name, time_zone, created_at) VALUES ('first', 'First', 'Asia/Seoul', ${p(1)})`,
        [now],
      );
      await before.query(
        `INSERT INTO goals (user_id, title, kind, status, target_type, start_date, tags, created_at, updated_at) VALUES (1, 'Planche', 'HABIT', 'ACTIVE', 'AT_LEAST', '2021-01-01', '[]', ${p(1)}, ${p(2)})`,
        [now, now],
      );
      for (const date of ['2021-06-13', '2021-06-14'])
        await before.query(
          `INSERT INTO progress_logs (user_id, goal_id, value, note, occurred_at, date, created_at, updated_at) VALUES (1, 1, 2.5, 'kept', ${p(1)}, '${date}', ${p(2)}, ${p(3)})`,
          [now, now, now],
        );
    }));
  });

  afterAll(async () => {
    await ds?.destroy();
    await scratch.drop();
  });

  const logs = () => ds.query('SELECT id, goal_id, value, note, date FROM progress_logs ORDER BY id');
  const kept = [
    { id: 1, goal_id: 1, value: 2.5, note: 'kept', date: '2021-06-13' },
    { id: 2, goal_id: 1, value: 2.5, note: 'kept', date: '2021-06-14' },
  ];
  const insertImported = (key: string) =>
    ds.query(
      `INSERT INTO progress_logs (user_id, goal_id, value, occurred_at, date, created_at, updated_at, import_source, import_key) VALUES (1, 1, 1, ${p(1)}, '2021-06-12', ${p(2)}, ${p(3)}, 'csv', '${key}')`,
      [now, now, now],
    );

  it('keeps every log, with no source, and refuses a second log under the same source and key', async () => {
    await ds.runMigrations({ transaction: 'each' });
    expect(await logs()).toEqual(kept);
    expect(await ds.query('SELECT import_source, import_key FROM progress_logs WHERE id = 1')).toEqual([
      { import_source: null, import_key: null },
    ]);
    await insertImported('row-2');
    await expect(insertImported('row-2')).rejects.toThrow(/unique|UNIQUE/);
  });

  it('goes down keeping every log, and up again', async () => {
    await ds.undoLastMigration({ transaction: 'each' });
    expect((await logs()).slice(0, 2)).toEqual(kept);
    expect(await logs()).toHaveLength(3);
    await expect(ds.query('SELECT import_key FROM progress_logs')).rejects.toThrow();
    await ds.runMigrations({ transaction: 'each' });
    expect(await logs()).toHaveLength(3);
  });
});
