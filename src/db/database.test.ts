import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { parseDatabaseUrl, type DatabaseConfig } from '../config';
import { Database } from './database';

/** PostgreSQL transactions that another transaction made fail (a broken deadlock) are run again from the start. */
describe('Database.write on PostgreSQL', () => {
  function failing(codes: string[]): { db: Database; runs: () => number } {
    let runs = 0;
    const dataSource = {
      transaction: async <T>(fn: (em: EntityManager) => Promise<T>): Promise<T> => {
        runs += 1;
        const code = codes.shift();
        if (code) throw Object.assign(new Error(`failed with ${code}`), { driverError: { code } });
        return fn({} as EntityManager);
      },
    } as unknown as DataSource;
    return { db: new Database(dataSource, 'postgres'), runs: () => runs };
  }

  it('runs a transaction again after a deadlock or a serialization failure', async () => {
    const { db, runs } = failing(['40P01', '40001']);
    await expect(db.write(async () => 'done')).resolves.toBe('done');
    expect(runs()).toBe(3);
  });

  it('gives up after three tries, and never retries other errors', async () => {
    const stuck = failing(['40P01', '40P01', '40P01', '40P01']);
    await expect(stuck.db.write(async () => 'done')).rejects.toThrow('40P01');
    expect(stuck.runs()).toBe(3);
    const other = failing(['23505']);
    await expect(other.db.write(async () => 'done')).rejects.toThrow('23505');
    expect(other.runs()).toBe(1);
  });
});

/** Several processes may open one new SQLite file at once; one finding it locked past the busy timeout waits and tries again. */
describe('Database.open on a locked SQLite file', () => {
  it('opens once another connection lets go of a lock held past the busy timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoego-locked-'));
    const path = join(dir, 'hoego.db');
    const holder = new BetterSqlite3(path);
    try {
      // A rollback journal and an exclusive lock: opening in WAL mode needs the file to itself.
      holder.pragma('journal_mode = DELETE');
      holder.exec('CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1)');
      // The opening connection waits synchronously through its busy timeout, then lets the event loop run.
      const release = setTimeout(() => holder.exec('COMMIT'), 1_000);
      const db = await Database.open(parseDatabaseUrl(`sqlite:${path}`) as DatabaseConfig, { migrate: true });
      clearTimeout(release);
      expect(await db.pendingMigrations()).toEqual([]);
      await db.close();
    } finally {
      holder.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
