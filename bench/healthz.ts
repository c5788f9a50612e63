/**
 * How long /healthz waits while the heaviest query the limits let through runs (30 aliased years in review over 20
 * goals with a log every day of three years), beside /healthz on the same idle server in the same run. Prints
 * p50/p95/max of both. `--cpu-prof DIR` writes the server's CPU profile there (node --cpu-prof), to find what holds
 * the event loop. `npm run bench:healthz` (or `tsx bench/healthz.ts [--rounds N] [--cpu-prof DIR]`).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app';
import { FixedClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { startServerProcess, type ServerProcess } from '../test/processes';
import { buildUser } from './data';

const WORST = `{ ${Array.from({ length: 30 }, (_, i) => `r${i}: yearInReview(year: ${2018 + (i % 3)}) { logCount goals { goal { id } logCount longestStreak } }`).join(' ')} }`;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function stats(latencies: number[]): { n: number; p50: number; p95: number; max: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

async function healthz(server: ServerProcess): Promise<number> {
  const start = performance.now();
  await (await fetch(`${server.url}/healthz`)).text();
  return performance.now() - start;
}

/** /healthz every 20 ms while `work` runs. */
async function during(server: ServerProcess, work: Promise<unknown>): Promise<number[]> {
  let done = false;
  void work.finally(() => (done = true));
  const latencies: number[] = [];
  while (!done) {
    latencies.push(await healthz(server));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await work;
  return latencies;
}

async function main(): Promise<void> {
  const rounds = Number(arg('--rounds') ?? 2);
  const profileDir = arg('--cpu-prof');
  const dir = mkdtempSync(join(tmpdir(), 'hoego-bench-healthz-'));
  const url = `sqlite:${join(dir, 'hoego.db')}`;
  const app = await createApp(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent' }), {
    clock: new FixedClock(new Date('2021-01-15T03:00:00Z')),
  });
  let token: string;
  try {
    ({ token } = await buildUser(app, 'heavy', 20, { goals: 20, firstYear: 2018, years: 3, otherUsers: 0, otherGoals: 0 }, 7));
  } finally {
    await app.close();
  }
  const server = await startServerProcess(
    { DATABASE_URL: url, RATE_LIMIT_REQUESTS_PER_MINUTE: '0', RATE_LIMIT_COST_PER_MINUTE: '0', REQUEST_TIMEOUT_MS: '600000' },
    60_000,
    profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
  );
  try {
    const idle: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      idle.push(await healthz(server));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const busy: number[] = [];
    let queryMs = 0;
    for (let round = 0; round < rounds; round += 1) {
      const start = performance.now();
      const work = fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: WORST }),
      }).then((res) => res.text());
      busy.push(...(await during(server, work)));
      queryMs += performance.now() - start;
    }
    const fmt = (s: ReturnType<typeof stats>) =>
      `n=${s.n} p50=${s.p50.toFixed(1)} ms p95=${s.p95.toFixed(1)} ms max=${s.max.toFixed(1)} ms`;
    const a = stats(idle);
    const b = stats(busy);
    process.stdout.write(`/healthz idle:             ${fmt(a)}\n`);
    process.stdout.write(`/healthz during the worst: ${fmt(b)} (query ${(queryMs / rounds).toFixed(0)} ms a round)\n`);
    process.stdout.write(`ratio busy/idle:           p50 ${(b.p50 / a.p50).toFixed(1)}x, p95 ${(b.p95 / a.p95).toFixed(1)}x\n`);
  } finally {
    await server.stop('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
