import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

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
 * test files (and apps within them) never share state and can run in parallel.
 */
export async function scratchDatabase(dialect: 'sqlite' | 'postgres' = TEST_DIALECT): Promise<ScratchDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'hoego-test-'));
    return { url: `sqlite:${join(dir, 'hoego.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `hoego_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: postgresUrlFor(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
