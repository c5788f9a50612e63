/**
 * `npm run bench:writes`: write throughput of a hoego server running in its own process.
 *
 * - acknowledged `logProgress`/s with 20 concurrent clients, beside the same server's `{ viewer { id } }` req/s
 *   under the same 20 clients (target: ≥ 0.5×);
 * - `logProgressBatch` of 1,000 logs, in logs/s, beside single `logProgress` calls (target: ≥ 20×);
 * - every acknowledged write is counted in the database afterwards; a missing one fails the bench.
 *
 *   npm run bench:writes                     SQLite only
 *   npm run bench:writes -- --postgres       also PostgreSQL at BENCH_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/postgres
 *   npm run bench:writes -- --seconds 10 --clients 20 --history 3650
 *   npm run bench:writes -- --profile DIR    the server writes a CPU profile (node --cpu-prof) into DIR
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FixedClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { datesBetween } from '../src/domain/year-review';
import { toGlobalId } from '../src/ids';
import { ProgressLogEntity } from '../src/modules/log/progress-log.entity';
import { createServices } from '../src/services';
import { scratch } from './scratch';
import { startServerProcess } from '../test/processes';

const VIEWER = '{ viewer { id } }';
const LOG = /* GraphQL */ `
  mutation Log($input: LogProgressInput!) {
    logProgress(input: $input) {
      log {
        id
      }
    }
  }
`;
const BATCH = /* GraphQL */ `
  mutation Batch($input: LogProgressBatchInput!) {
    logProgressBatch(input: $input) {
      results {
        index
        log {
          id
        }
        error {
          code
        }
      }
    }
  }
`;

/** A user with a TARGET goal (the write path that checks the total) carrying `history` days of earlier logs. */
async function seed(url: string, history: number): Promise<{ token: string; goalId: string; goalRowId: number }> {
  const db = await Database.open(
    loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1' }).database,
    {
      migrate: true,
    },
  );
  try {
    const services = createServices(db, new FixedClock(new Date()));
    const user = await services.users.create({ handle: 'writer', timeZone: 'Asia/Seoul' });
    const { secret } = await services.tokens.create(user.id, 'bench', ['read', 'write']);
    const goal = await services.goals.create(user, {
      title: 'Run 1,000,000 km',
      kind: 'TARGET',
      unit: 'km',
      target: 1e9,
      startDate: '2000-01-01',
    });
    const dates = datesBetween('2000-01-01', '2030-12-31').slice(0, history);
    const now = new Date();
    await db.write(async (em) => {
      for (let i = 0; i < dates.length; i += 800) {
        const rows = dates.slice(i, i + 800).map((date) => ({
          userId: user.id,
          goalId: goal.id,
          value: 1,
          note: null,
          rating: null,
          occurredAt: new Date(`${date}T03:00:00Z`),
          date,
          requestId: null,
          requestHash: null,
          createdAt: now,
          updatedAt: now,
        }));
        await em.createQueryBuilder().insert().into(ProgressLogEntity).values(rows).updateEntity(false).execute();
      }
    });
    return { token: secret, goalId: toGlobalId('Goal', goal.id), goalRowId: goal.id };
  } finally {
    await db.close();
  }
}

async function post(url: string, token: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: unknown[]; data?: unknown };
  if (!res.ok || body.errors) throw new Error(`request failed (${res.status}): ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

/** Runs `clients` loops of `request` for `seconds`; requests per second and how many succeeded. */
async function load(clients: number, seconds: number, request: (n: number) => Promise<void>): Promise<{ perSecond: number; done: number }> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        await request(next++);
        done += 1;
      }
    }),
  );
  return { perSecond: done / ((performance.now() - start) / 1000), done };
}

/** CPU time (user + system, µs) the process `pid` has used so far, from /proc (Linux); null elsewhere. */
function cpuMicros(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return null;
  }
}

async function count(url: string, goalRowId: number): Promise<number> {
  const db = await Database.open(
    loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1' }).database,
  );
  try {
    return await db.read((em) => em.countBy(ProgressLogEntity, { goalId: goalRowId }));
  } finally {
    await db.close();
  }
}

interface Result {
  dialect: string;
  viewer: number;
  logs: number;
  sequential: number;
  batch: number;
  stored: number;
  acknowledged: number;
  /** The server's CPU time per request, µs, for viewer and logProgress (null where /proc is missing). */
  viewerCpu: number | null;
  logCpu: number | null;
  /** The server's CPU time per log of the batches, µs. */
  batchCpu: number | null;
}

async function bench(
  dialect: 'sqlite' | 'postgres',
  serverUrl: string,
  opts: { clients: number; seconds: number; history: number; batches: number; batchClients: number; profile: string | null },
): Promise<Result> {
  const db = await scratch(dialect, serverUrl);
  try {
    const { token, goalId, goalRowId } = await seed(db.url, opts.history);
    const before = await count(db.url, goalRowId);
    const server = await startServerProcess(
      { DATABASE_URL: db.url, LOG_LEVEL: 'silent', RATE_LIMIT_REQUESTS_PER_MINUTE: '0', RATE_LIMIT_COST_PER_MINUTE: '0' },
      30_000,
      opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${opts.profile}`] : [],
    );
    try {
      const run = randomBytes(4).toString('hex');
      let acknowledged = 0;
      const logOnce = async (n: number) => {
        await post(server.url, token, LOG, { input: { goalId, value: 1, requestId: `${run}-${n}` } });
        acknowledged += 1;
      };
      const logBatch = async (b: number) => {
        const input = {
          logs: Array.from({ length: 1000 }, (_, i) => ({ goalId, value: 1, requestId: `${run}-batch-${b}-${i}` })),
        };
        const data = await post(server.url, token, BATCH, { input });
        const saved = (data.logProgressBatch.results as Array<{ log: unknown }>).filter((r) => r.log !== null).length;
        if (saved !== 1000) throw new Error(`batch ${b} saved ${saved} of 1000 logs`);
        acknowledged += saved;
      };
      // Warm up every path (JIT, statement caches, connection pool) before timing anything.
      await load(opts.clients, 1, () => post(server.url, token, VIEWER));
      await load(opts.clients, 1, (n) => logOnce(1e9 + n));
      for (let b = 0; b < 3; b++) await logBatch(-1 - b);

      // Interleaved rounds, so that a burst of other load on the machine falls on both sides of each ratio.
      const viewerRuns: number[] = [];
      const logRuns: number[] = [];
      const sequentialRuns: number[] = [];
      const batchRuns: number[] = [];
      const rounds = 3;
      const batchesPerRound = Math.max(1, Math.round(opts.batches / rounds));
      const cpu = { viewer: 0, log: 0, batch: 0, viewerRequests: 0, logRequests: 0, batchLogs: 0, known: true };
      const measured = async (side: 'viewer' | 'log' | 'batch', run: () => Promise<{ perSecond: number; done: number }>) => {
        const before = cpuMicros(server.child.pid);
        const result = await run();
        const after = cpuMicros(server.child.pid);
        if (before === null || after === null) cpu.known = false;
        else {
          cpu[side] += after - before;
          cpu[side === 'viewer' ? 'viewerRequests' : side === 'log' ? 'logRequests' : 'batchLogs'] += result.done;
        }
        return result;
      };
      for (let r = 0; r < rounds; r++) {
        viewerRuns.push(
          (await measured('viewer', () => load(opts.clients, opts.seconds / rounds, () => post(server.url, token, VIEWER)))).perSecond,
        );
        logRuns.push((await measured('log', () => load(opts.clients, opts.seconds / rounds, (n) => logOnce(r * 1e6 + n)))).perSecond);
        sequentialRuns.push((await load(1, opts.seconds / rounds / 2, (n) => logOnce(2e9 + r * 1e6 + n))).perSecond);
        const batches = await measured('batch', async () => {
          const start = performance.now();
          let next = 0;
          // Sent by `batchClients` clients at once (each waits for its answer before sending the next).
          await Promise.all(
            Array.from({ length: opts.batchClients }, async () => {
              while (next < batchesPerRound) await logBatch(r * 1000 + next++);
            }),
          );
          const done = batchesPerRound * 1000;
          return { perSecond: done / ((performance.now() - start) / 1000), done };
        });
        batchRuns.push(batches.perSecond);
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const [viewer, logs, sequential, batch] = [viewerRuns, logRuns, sequentialRuns, batchRuns].map(mean);
      await server.stop();
      const stored = (await count(db.url, goalRowId)) - before;
      if (stored !== acknowledged) throw new Error(`${acknowledged} writes were acknowledged but ${stored} are stored`);
      return {
        dialect,
        viewer,
        logs,
        sequential,
        batch,
        stored,
        acknowledged,
        viewerCpu: cpu.known ? cpu.viewer / cpu.viewerRequests : null,
        logCpu: cpu.known ? cpu.log / cpu.logRequests : null,
        batchCpu: cpu.known ? cpu.batch / cpu.batchLogs : null,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await db.drop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      postgres: { type: 'boolean', default: false },
      clients: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '8' },
      history: { type: 'string', default: '3650' },
      batches: { type: 'string', default: '30' },
      'batch-clients': { type: 'string', default: '1' },
      profile: { type: 'string' },
    },
  });
  const serverUrl = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const dialects: Array<'sqlite' | 'postgres'> = values.postgres || process.env.BENCH_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  const opts = {
    clients: Number(values.clients),
    seconds: Number(values.seconds),
    history: Number(values.history),
    batches: Number(values.batches),
    batchClients: Number(values['batch-clients']),
    profile: values.profile ?? null,
  };
  const rate = (n: number) => `${n.toFixed(0).padStart(7)}/s`;
  // CPU time per request in the server process: what the ratio comes to when other load on the machine takes
  // cores away from the server (the throughput ratio then wanders; this one much less).
  const cpuCell = (r: Result) =>
    r.viewerCpu === null || r.logCpu === null
      ? 'n/a'
      : `${r.viewerCpu.toFixed(0)} / ${r.logCpu.toFixed(0)} µs = ${(r.viewerCpu / r.logCpu).toFixed(2)}×` +
        (r.batchCpu === null ? '' : `; batch ${r.batchCpu.toFixed(1)} µs/log = ${(r.logCpu / r.batchCpu).toFixed(1)}×`);
  const rows: string[] = [];
  for (const dialect of dialects) {
    const r = await bench(dialect, serverUrl, opts);
    rows.push(
      `| ${dialect.padEnd(8)} | ${rate(r.viewer)} | ${rate(r.logs)} | ${(r.logs / r.viewer).toFixed(2).padStart(5)}× | ` +
        `${rate(r.sequential)} | ${rate(r.batch)} | ${(r.batch / r.logs).toFixed(1).padStart(5)}× | ${(r.batch / r.sequential).toFixed(1).padStart(5)}× | ` +
        `${r.stored}/${r.acknowledged} | ${cpuCell(r)} |`,
    );
  }
  process.stdout.write(
    `\n| database | viewer     | logProgress | ratio  | 1 client   | batch 1000 | ×20 cl. | ×1 cl. | stored/acked | server CPU per request: viewer / log; batch per log |\n` +
      `|----------|------------|-------------|--------|------------|------------|---------|--------|--------------|---------------------------------------|\n${rows.join('\n')}\n` +
      `(server in its own process; ${opts.clients} clients for ${opts.seconds} s each; a TARGET goal with ${opts.history} earlier logs; ` +
      `batch: ${3 * Math.max(1, Math.round(opts.batches / 3))} × 1,000 logs in the same three rounds, logs/s against single calls with ${opts.clients} clients and with 1)\n` +
      `targets: logProgress ≥ 0.5× viewer; batch ≥ 20× single calls\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
