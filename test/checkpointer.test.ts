import { loadConfig } from '../src/config';
import { WalCheckpointer } from '../src/db/checkpointer';
import { Database } from '../src/db/database';
import { scratchDatabase, type ScratchDatabase } from './db';

/** SQLite's write-ahead log is copied back into the database file by a worker thread, not by the serving connection. */
describe('the SQLite checkpointer (SQLITE_CHECKPOINT=background)', () => {
  let scratch: ScratchDatabase;
  let db: Database;

  beforeAll(async () => {
    // SQLite whatever the suite's database: this is the embedded store's own machinery.
    scratch = await scratchDatabase('sqlite');
    db = await Database.open(
      loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, LOG_LEVEL: 'silent', SQLITE_CHECKPOINT: 'background' }).database,
      { migrate: true },
    );
  });

  afterAll(async () => {
    await db?.close();
    await scratch.drop();
  });

  // A table of the test's own, rewritten in place: each transaction dirties a page or so.
  const writeMany = async (transactions: number) => {
    await db.write((em) => em.query('CREATE TABLE IF NOT EXISTS pad (k integer PRIMARY KEY, v text NOT NULL)'));
    for (let i = 0; i < transactions; i++)
      await db.write((em) =>
        em.query('INSERT INTO pad (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', [i % 50, `${i}`.repeat(400)]),
      );
  };

  it('leaves the serving connection only a distant backstop', async () => {
    expect(db.checkpointer).not.toBeNull();
    expect(await db.read((em) => em.query('PRAGMA wal_autocheckpoint'))).toEqual([{ wal_autocheckpoint: WalCheckpointer.BACKSTOP_PAGES }]);
  });

  it('copies the log in the background as it grows, so that later commits start it again from the beginning', async () => {
    const before = db.checkpointer!.stats.framesCopied;
    await writeMany(600);
    const deadline = Date.now() + 10_000;
    while (db.checkpointer!.stats.framesCopied === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(db.checkpointer!.stats.framesCopied).toBeGreaterThan(before);
    expect(db.checkpointer!.stats.errors).toBe(0);
  });

  it('checkpoints on request, after which the whole log is in the database file', async () => {
    await writeMany(100);
    const stats = await db.checkpointer!.checkpointNow();
    expect(stats.errors).toBe(0);
    expect(stats.logFrames).toBeGreaterThan(0);
    expect(stats.copiedFrames).toBe(stats.logFrames);
    // With every frame copied, the next commit writes from the start of the log again: it holds a few frames only.
    await writeMany(1);
    const [after] = await db.read((em) => em.query('PRAGMA wal_checkpoint(PASSIVE)'));
    expect(after.log).toBeLessThan(10);
  });

  it('is not started for an in-memory database, and stops with the database', async () => {
    const memory = await Database.open({ kind: 'sqlite', path: ':memory:' });
    expect(memory.checkpointer).toBeNull();
    await memory.close();
    const other = await Database.open(
      loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, LOG_LEVEL: 'silent', SQLITE_CHECKPOINT: 'background' }).database,
    );
    expect(other.checkpointer).not.toBeNull();
    await expect(other.close()).resolves.toBeUndefined();
  });

  it('leaves checkpoints to SQLite itself by default (SQLITE_CHECKPOINT=inline)', async () => {
    const inline = await Database.open(loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, LOG_LEVEL: 'silent' }).database);
    try {
      expect(inline.checkpointer).toBeNull();
      expect(await inline.read((em) => em.query('PRAGMA wal_autocheckpoint'))).toEqual([{ wal_autocheckpoint: 1000 }]);
    } finally {
      await inline.close();
    }
    expect(() => loadConfig({ NODE_ENV: 'test', SQLITE_CHECKPOINT: 'sometimes' })).toThrow(/SQLITE_CHECKPOINT/);
  });
});
