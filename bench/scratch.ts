import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** A temporary database of the dialect, and how to drop it. */
export async function scratch(
  dialect: 'sqlite' | 'postgres',
  serverUrl: string,
): Promise<{ url: string; dir: string; drop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'hoego-bench-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (dialect === 'sqlite') return { url: `sqlite:${join(dir, 'bench.db')}`, dir, drop: async () => removeDir() };
  const name = `hoego_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    drop: async () => {
      removeDir();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
