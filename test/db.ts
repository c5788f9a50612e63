import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/db/data-source';
import type { Database } from '../src/db/database';
import { MIGRATIONS } from '../src/db/migrations';

/** Which database the suite runs on: SQLite by default, PostgreSQL under `npm run test:pg`. */
export const TEST_DIALECT: 'sqlite' | 'postgres' = process.env.HOEGO_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, empty database for one test app, and how to remove it. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** The URL of `database` on the same PostgreSQL server as TEST_POSTGRES_URL. */
export function postgresUrlFor(database: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Makes a new database: an SQLite file in a temporary folder, or a PostgreSQL database of its own, so that
 * test files (and apps within them) never share state and can run in parallel. `icuLocale` gives the PostgreSQL
 * database that ICU collation (e.g. 'en-US', where text sorts as a dictionary does) instead of the server's default.
 */
export async function scratchDatabase(
  dialect: 'sqlite' | 'postgres' = TEST_DIALECT,
  opts: { icuLocale?: string } = {},
): Promise<ScratchDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'hoego-test-'));
    return { url: `sqlite:${join(dir, 'hoego.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `hoego_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const locale = opts.icuLocale
    ? ` TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '${opts.icuLocale.replace(/[^A-Za-z0-9-]/g, '')}' LOCALE 'C.UTF-8'`
    : '';
  await admin((c) => c.query(`CREATE DATABASE ${name}${locale}`));
  return {
    url: postgresUrlFor(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A `$n` or `?` placeholder, as the suite's database writes them. */
export const placeholder = (n: number): string => (TEST_DIALECT === 'postgres' ? `$${n}` : '?');

/**
 * A fresh database migrated up to just before `migration`, filled by `seed` as the previous version wrote it, and a
 * DataSource that knows the migrations up to and including `migration` (not yet run), for testing it on data.
 */
export async function databaseBefore(
  migration: (typeof MIGRATIONS)[number],
  seed: (before: DataSource) => Promise<void>,
): Promise<{ scratch: ScratchDatabase; ds: DataSource }> {
  const scratch = await scratchDatabase();
  const options = dataSourceOptions(loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, LOG_LEVEL: 'silent' }).database);
  const index = MIGRATIONS.indexOf(migration);
  const before = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, index) });
  await before.initialize();
  await before.runMigrations({ transaction: 'each' });
  await seed(before);
  await before.destroy();
  const ds = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, index + 1) });
  await ds.initialize();
  return { scratch, ds };
}

/**
 * Takes `db` down to just before `migration`: the migrations after it first, the last one first (each is pending
 * once reverted), then `migration` itself.
 */
export async function revertThrough(db: Database, migration: (typeof MIGRATIONS)[number]): Promise<void> {
  for (const later of MIGRATIONS.slice(MIGRATIONS.indexOf(migration) + 1).reverse()) {
    await db.revert();
    expect(await db.pendingMigrations()).toContain(later.name);
  }
  await db.revert();
}
