import { DataSource } from 'typeorm';
import { CreateRateLimitWindows1796190000000 } from '../../migrations/1796190000000-CreateRateLimitWindows';
import { loadConfig } from '../../src/config';
import { dataSourceOptions } from '../../src/db/data-source';
import { MIGRATIONS } from '../../src/db/migrations';
import { TEST_DIALECT, scratchDatabase, type ScratchDatabase } from '../db';

/**
 * CreateRateLimitWindows and AddTokenExpiryAndLinkGeneration on a database with users and tokens: the tokens keep
 * working without an expiry, users start at link generation 0, and both go down and up again keeping the rows.
 */
describe(`the rate-limit and token-expiry migrations on ${TEST_DIALECT}`, () => {
  let scratch: ScratchDatabase;
  let ds: DataSource;
  const index = MIGRATIONS.indexOf(CreateRateLimitWindows1796190000000);
  const p = (n: number) => (TEST_DIALECT === 'postgres' ? `$${n}` : '?');
  const now = '2021-06-15T12:00:00.000Z';

  beforeAll(async () => {
    scratch = await scratchDatabase();
    const options = dataSourceOptions(loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, LOG_LEVEL: 'silent' }).database);
    const before = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, index) });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    for (const handle of ['first', 'second']) {
      await before.query(
        `INSERT INTO users (handle, display_name, time_zone, created_at) VALUES ('${handle}', 'Name', 'Asia/Seoul', ${p(1)})`,
        [now],
      );
    }
    await before.query(
      `INSERT INTO api_tokens (user_id, name, token_hash, token_prefix, scopes, created_at) VALUES (1, 'phone', '${'a'.repeat(64)}', 'hoego_abcdef', 'read,write', ${p(1)})`,
      [now],
    );
    await before.destroy();
    ds = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, index + 2) });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await scratch.drop();
  });

  const tokens = () => ds.query('SELECT id, user_id, name, scopes FROM api_tokens ORDER BY id');
  const kept = [{ id: 1, user_id: 1, name: 'phone', scopes: 'read,write' }];

  it('keeps every token without an expiry and every user at generation 0, and counts windows', async () => {
    await ds.runMigrations({ transaction: 'each' });
    expect(await tokens()).toEqual(kept);
    expect(await ds.query('SELECT expires_at FROM api_tokens')).toEqual([{ expires_at: null }]);
    expect((await ds.query('SELECT report_link_generation AS g FROM users ORDER BY id')).map((r: { g: number }) => Number(r.g))).toEqual([
      0, 0,
    ]);
    await ds.query(`INSERT INTO rate_limit_windows (key, minute, requests, cost) VALUES ('token:1', 29000000, 3, 120)`);
    await expect(
      ds.query(`INSERT INTO rate_limit_windows (key, minute, requests, cost) VALUES ('token:1', 29000000, 1, 1)`),
    ).rejects.toThrow(/unique|UNIQUE|duplicate/);
  });

  it('goes down keeping every token and user, and up again', async () => {
    await ds.undoLastMigration({ transaction: 'each' });
    await ds.undoLastMigration({ transaction: 'each' });
    expect(await tokens()).toEqual(kept);
    expect(await ds.query('SELECT COUNT(*) AS n FROM users')).toEqual([{ n: TEST_DIALECT === 'postgres' ? '2' : 2 }]);
    await expect(ds.query('SELECT expires_at FROM api_tokens')).rejects.toThrow();
    await expect(ds.query('SELECT 1 FROM rate_limit_windows')).rejects.toThrow();
    await ds.runMigrations({ transaction: 'each' });
    expect(await tokens()).toEqual(kept);
    expect(await ds.query('SELECT expires_at FROM api_tokens')).toEqual([{ expires_at: null }]);
  });
});
