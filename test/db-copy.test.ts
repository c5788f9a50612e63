import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyDatabase, backupSqlite } from '../src/db/copy';
import { Database } from '../src/db/database';
import { createApp } from '../src/app';
import { loadConfig, parseDatabaseUrl, type DatabaseConfig } from '../src/config';
import { scratchDatabase, TEST_DIALECT, type ScratchDatabase } from './db';
import { gqlOn, startTestApp, type TestApp } from './helpers';
import { SCENARIO_QUERIES, writeScenario } from './scenario';
import { runCli } from '../src/cli';

const dbConfig = (url: string) => parseDatabaseUrl(url) as DatabaseConfig;

/** Moving a deployment: SQLite to the suite's database (PostgreSQL under test:pg, another SQLite file otherwise). */
describe(`db copy from SQLite to ${TEST_DIALECT}`, () => {
  let source: TestApp;
  let token: string;
  let scratch: ScratchDatabase;
  let sourceUrl: string;

  beforeAll(async () => {
    const sqlite = await scratchDatabase('sqlite');
    sourceUrl = sqlite.url;
    source = await startTestApp({ databaseUrl: sqlite.url });
    let user;
    ({ user, token } = await source.createUser({ handle: 'jun', timeZone: 'Asia/Seoul' }));
    // A webhook that nothing answers (.invalid never resolves), so that its deliveries are copied too.
    await source.app.services.webhooks.create(user.id, { url: 'https://hoego.invalid/hook', events: ['LOG_CREATED'] });
    await writeScenario(source, token);
    // Its first delivery has failed and waits for a retry the fixed clock never reaches; the others wait behind it.
    await source.app.webhooks.runOnce();
    const other = await source.createUser({ handle: 'coach', timeZone: 'Europe/Berlin' });
    await writeScenario(source, other.token);
  });
  beforeEach(async () => {
    scratch = await scratchDatabase();
  });
  afterEach(() => scratch.drop());
  afterAll(() => source.close());

  it('copies every table, verifies it, and the copy answers every query exactly as the source', async () => {
    const from = await Database.open(dbConfig(sourceUrl));
    const to = await Database.open(dbConfig(scratch.url), { migrate: true });
    try {
      const reports = await copyDatabase(from, to);
      expect(reports.filter((r) => !r.ok)).toEqual([]);
      expect(reports.find((r) => r.table === 'progress_logs')!.targetRows).toBeGreaterThan(50);
      // Every table holds rows (settings is written on first use of report links, persisted_queries when a client
      // registers a hash), so every link is exercised.
      expect(reports.filter((r) => r.sourceRows === 0).map((r) => r.table)).toEqual(['persisted_queries', 'settings']);
      expect(reports.map((r) => r.table)).toEqual(
        expect.arrayContaining(['users', 'api_tokens', 'goals', 'progress_logs', 'milestones', 'pauses']),
      );
    } finally {
      await Promise.all([from.close(), to.close()]);
    }
    const copy = await createApp(loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, LOG_LEVEL: 'silent' }), { clock: source.clock });
    try {
      for (const query of SCENARIO_QUERIES) {
        const [a, b] = await Promise.all([source.gql(token, query), gqlOn(copy, token, query)]);
        expect(b).toEqual(a);
        expect(a.errors).toBeUndefined();
      }
      // New rows continue after the copied ids instead of colliding with them.
      const made = await gqlOn(copy, token, 'mutation { createGoal(input: { title: "after the move", kind: HABIT }) { goal { id } } }');
      expect(made.errors).toBeUndefined();
    } finally {
      await copy.close();
    }
  });

  it('refuses a target that already holds data, through the command line', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await runCli(
        ['db', 'copy', '--from', sourceUrl, '--to', scratch.url],
        {},
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(0);
    expect(out.join('\n')).toMatch(/Copied and verified \d+ tables/);
    expect(
      await runCli(
        ['db', 'copy', '--from', sourceUrl, '--to', scratch.url],
        {},
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(1);
    expect(err.join('\n')).toMatch(/not empty/);
  });

  it('backs up SQLite online while the server is serving', async () => {
    const backupPath = join(tmpdir(), `hoego-backup-${process.pid}-${Date.now()}.db`);
    const writes = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        source.gql(token, 'mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id } } }', {
          i: { title: `during backup ${i}`, kind: 'HABIT' },
        }),
      ),
    );
    const { totalPages } = await backupSqlite(source.app.db, backupPath);
    await writes;
    expect(totalPages).toBeGreaterThan(0);
    const restored = await Database.open({ kind: 'sqlite', path: backupPath });
    try {
      expect(await restored.pendingMigrations()).toEqual([]);
      const [{ n }] = await restored.read((em) => em.query("SELECT COUNT(*) AS n FROM users WHERE handle = 'jun'"));
      expect(Number(n)).toBe(1);
    } finally {
      await restored.close();
      rmSync(backupPath, { force: true });
    }
  });
});
