/**
 * `npm run bench`: the daily paths of hoego for a heavy user (20 goals, a log per goal per day for ten years, among
 * other users), each beside a floor measured in the same run: Apollo Server on the same Fastify with the committed
 * schema, answering the JSON hoego answered from memory (bench/floor.ts). hoego and the floor each run in a
 * process of their own (bench/server.ts), so that peak RSS is the server's. Prints every figure and its ratio.
 *
 *   npm run bench                       SQLite only
 *   npm run bench -- --postgres         also PostgreSQL at BENCH_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/postgres
 *   npm run bench -- --runs 50 --years 10 --goals 20 --connections 20 --seconds 5
 *   BENCH_CPU_PROF=/tmp/prof npm run bench   also writes a CPU profile of each server process there
 *   BENCH_NODE_FLAGS='' npm run bench        hoego's server without the V8 flags of `npm start` (or with others)
 *   npm run bench -- --rate-limits           hoego's server counts every request against rate limits it cannot reach
 *
 * A measurement is a `Section` in SECTIONS: another one (a write path, say) is one more entry. After them comes the
 * import section (bench/imports.ts, also `npm run bench:import`): 100,000 logs imported from a spreadsheet and from a
 * Loop backup through the CLI, whose floor column is the batch writer alone taking the same logs.
 *
 *   npm run bench -- --import-logs 100000 --import-rounds 1    (--import-logs 0 leaves the import section out)
 *
 * Last comes the events section (bench/events.ts, also `npm run bench:events`): logs/s with their events beside the
 * same batches without, and the delay from a write to its webhook receiver and to a subscriber beside the write's
 * own round trip (--event-writes 0 leaves it out).
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app';
import { FixedClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { YEAR_IN_REVIEW_FIELDS } from '../test/review-query';
import { buildUser, type BenchShape } from './data';
import { eventRows } from './events';
import { importRows } from './imports';
import { scratch } from './scratch';

/** The query a client opens every day. */
const DASHBOARD = /* GraphQL */ `
  query Dashboard {
    goals(first: 20) {
      totalCount
      edges {
        node {
          id
          title
          kind
          status
          progress {
            current
            target
            percent
          }
          streak {
            current
            longest
          }
          score
          logs(first: 5) {
            edges {
              node {
                id
                date
                value
                note
              }
            }
          }
        }
      }
    }
  }
`;

const REVIEW = /* GraphQL */ `
  query Review($year: Int!) {
    yearInReview(year: $year) {
      ...YearInReviewFields
      # The rest of the review, merged with the fragment's selections.
      markdown(locale: KO)
      weekdays {
        weekday
        logCount
        total
      }
      longestStreak {
        goal {
          title
        }
      }
      notes {
        id
        goal {
          title
        }
      }
      goals {
        goal {
          kind
          status
        }
        milestonesAchieved {
          id
        }
        openMilestones {
          id
        }
      }
    }
  }
  ${YEAR_IN_REVIEW_FIELDS}
`;

/** A server process of the bench: where it listens and how long it took to be ready. */
interface Served {
  address: string;
  child: ChildProcess;
  readyMs: number;
}

/** One HTTP request a section sends, and how to check its answer. */
interface Probe {
  path: string;
  body?: string;
}

interface Options {
  runs: number;
  warmUp: number;
  connections: number;
  seconds: number;
  /** Rate limits on at the highest values the settings take: every request is counted, none refused. */
  rateLimits: boolean;
}

/** What every section gets: the request headers of the heavy user and the run's options. */
interface SectionContext {
  headers: Record<string, string>;
  options: Options;
  year: number;
}

/** A measurement of one path, taken the same way on hoego and on the floor. */
interface Section {
  name: string;
  probe(ctx: SectionContext): Probe;
  /** 'load': requests/s and latencies under `connections` concurrent clients; 'sequential': latencies one at a time. */
  mode: 'load' | 'sequential';
}

const SECTIONS: Section[] = [
  { name: 'dashboard, 20 connections', mode: 'load', probe: () => ({ path: '/graphql', body: JSON.stringify({ query: DASHBOARD }) }) },
  { name: 'dashboard, one request', mode: 'sequential', probe: () => ({ path: '/graphql', body: JSON.stringify({ query: DASHBOARD }) }) },
  {
    name: 'yearInReview, all fields',
    mode: 'sequential',
    probe: (ctx) => ({ path: '/graphql', body: JSON.stringify({ query: REVIEW, variables: { year: ctx.year } }) }),
  },
  { name: 'HTML report', mode: 'sequential', probe: (ctx) => ({ path: `/reports/${ctx.year}.html?locale=ko` }) },
];

interface Figures {
  perSecond: number | null;
  p50: number;
  p99: number;
  /** CPU time the server process spent per request (user + system): what other load on the machine changes least. */
  cpuMs: number;
}

/** Clock ticks per second of /proc/<pid>/stat's times. */
const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU time a process has used so far, user and system, in ms (Linux). */
function cpuOf(pid: number): number {
  // The fields after the command, which is in parentheses and may itself hold spaces; utime and stime are 14th and 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

async function send(address: string, probe: Probe, headers: Record<string, string>): Promise<string> {
  const res = await fetch(`${address}${probe.path}`, probe.body ? { method: 'POST', headers, body: probe.body } : { headers });
  const text = await res.text();
  if (!res.ok || (probe.body && text.includes('"errors"'))) throw new Error(`${probe.path} failed (${res.status}): ${text.slice(0, 500)}`);
  return text;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

async function measure(served: Served, section: Section, ctx: SectionContext): Promise<Figures> {
  const { address } = served;
  const probe = section.probe(ctx);
  const { options, headers } = ctx;
  for (let i = 0; i < options.warmUp; i++) await send(address, probe, headers);
  const ms: number[] = [];
  const cpuStart = cpuOf(served.child.pid!);
  if (section.mode === 'sequential') {
    for (let i = 0; i < options.runs; i++) {
      const start = performance.now();
      await send(address, probe, headers);
      ms.push(performance.now() - start);
    }
    const cpuMs = (cpuOf(served.child.pid!) - cpuStart) / ms.length;
    ms.sort((a, b) => a - b);
    return { perSecond: null, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), cpuMs };
  }
  const until = performance.now() + options.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < until) {
        const start = performance.now();
        await send(address, probe, headers);
        ms.push(performance.now() - start);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuMs = (cpuOf(served.child.pid!) - cpuStart) / ms.length;
  ms.sort((a, b) => a - b);
  return { perSecond: ms.length / elapsed, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), cpuMs };
}

/**
 * The V8 flags `npm start` gives the server (package.json's start script), which hoego's bench server runs
 * with too; BENCH_NODE_FLAGS replaces them (space-separated, empty for none) to compare.
 */
function serverFlags(): string[] {
  if (process.env.BENCH_NODE_FLAGS !== undefined) return process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean);
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return pkg.scripts.start.split(' ').filter((word) => word.startsWith('--'));
}

/** Starts a compiled bench server (dist/bench/<name>.js) and waits until it answers `readyPath`. */
async function serve(name: 'server' | 'floor', env: Record<string, string>, readyPath: string): Promise<Served> {
  const start = performance.now();
  const child = fork(join(__dirname, '..', 'dist', 'bench', `${name}.js`), [], {
    env: { ...process.env, ...env },
    // Plain node on the compiled files, not the bench's own TypeScript loader; BENCH_CPU_PROF=<dir> profiles the servers.
    execArgv: [
      ...(name === 'server' ? serverFlags() : []),
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { address: string }) => resolve(m.address));
    child.once('exit', (code) => reject(new Error(`bench ${name} exited with ${code}`)));
  });
  for (;;) {
    const res = await fetch(`${address}${readyPath}`).catch(() => null);
    if (res?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { address, child, readyMs: performance.now() - start };
}

async function stop(served: Served): Promise<void> {
  if (served.child.exitCode !== null) return;
  const exited = new Promise((resolve) => served.child.once('exit', resolve));
  served.child.kill('SIGTERM');
  await exited;
}

/** Peak and current resident memory of a process, in MB (Linux). */
function memoryOf(pid: number): { peakMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

interface Row {
  measure: string;
  hoego: string;
  floor: string;
  ratio: string;
}

async function bench(dialect: 'sqlite' | 'postgres', serverUrl: string, shape: BenchShape, options: Options): Promise<Row[]> {
  const db = await scratch(dialect, serverUrl);
  const year = shape.firstYear + shape.years - 1;
  const now = `${year + 1}-01-15T03:00:00Z`;
  const rows: Row[] = [];
  let hoego: Served | null = null;
  let floor: Served | null = null;
  try {
    const loadStart = performance.now();
    const app = await createApp(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: db.url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1' }),
      {
        clock: new FixedClock(new Date(now)),
      },
    );
    let heavy;
    let others = 0;
    try {
      heavy = await buildUser(app, 'heavy', shape.goals, shape, 1);
      for (let u = 0; u < shape.otherUsers; u++) others += (await buildUser(app, `other${u}`, shape.otherGoals, shape, 100 + u)).logs;
      // A database that grew over ten years has planner statistics; one bulk-loaded a moment ago has none yet
      // (autovacuum would gather them within a minute), and PostgreSQL would plan for empty tables.
      if (dialect === 'postgres') await app.db.dataSource.query('ANALYZE');
    } finally {
      await app.close();
    }
    process.stdout.write(
      `${dialect}: heavy user ${heavy.logs.toLocaleString('en')} logs in ${shape.goals} goals over ${shape.years} years, ` +
        `${shape.otherUsers} other users ${others.toLocaleString('en')} logs; built in ${((performance.now() - loadStart) / 1000).toFixed(1)} s\n`,
    );

    hoego = await serve(
      'server',
      {
        DATABASE_URL: db.url,
        BENCH_NOW: now,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PUBLIC_URL: 'http://127.0.0.1',
        // The bench measures throughput, which a rate limit would cap; with --rate-limits each request is counted
        // (on PostgreSQL, the shared window's upsert) against limits it cannot reach.
        RATE_LIMIT_REQUESTS_PER_MINUTE: options.rateLimits ? '1000000' : '0',
        RATE_LIMIT_COST_PER_MINUTE: options.rateLimits ? '1000000000' : '0',
      },
      '/readyz',
    );
    const idle = memoryOf(hoego.child.pid!);
    const ctx: SectionContext = {
      headers: { authorization: `Bearer ${heavy.token}`, 'content-type': 'application/json' },
      options,
      year,
    };

    // hoego first, section by section, keeping each first answer for the floor to give back; peak RSS only grows,
    // so reading it after each section shows which one raised it.
    const captured = { operations: {} as Record<string, unknown>, pages: {} as Record<string, { contentType: string; body: string }> };
    const ours: Array<{ figures: Figures; peakMb: number }> = [];
    for (const section of SECTIONS) {
      const probe = section.probe(ctx);
      const text = await send(hoego.address, probe, ctx.headers);
      if (probe.body) {
        const { query } = JSON.parse(probe.body) as { query: string };
        captured.operations[/query\s+(\w+)/.exec(query)![1]] = (JSON.parse(text) as { data: unknown }).data;
      } else {
        captured.pages[probe.path.split('?')[0]] = { contentType: 'text/html; charset=utf-8', body: text };
      }
      const figures = await measure(hoego, section, ctx);
      ours.push({ figures, peakMb: memoryOf(hoego.child.pid!).peakMb });
    }
    const capturedFile = join(db.dir, 'captured.json');
    writeFileSync(capturedFile, JSON.stringify(captured));
    floor = await serve('floor', { BENCH_CAPTURED: capturedFile }, '/healthz');
    const floorIdle = memoryOf(floor.child.pid!);

    const ms = (n: number) => `${n.toFixed(1)} ms`;
    for (const [i, section] of SECTIONS.entries()) {
      const h = ours[i].figures;
      const f = await measure(floor, section, ctx);
      const floorPeak = memoryOf(floor.child.pid!).peakMb;
      if (h.perSecond !== null && f.perSecond !== null) {
        rows.push({
          measure: `${section.name}: req/s`,
          hoego: h.perSecond.toFixed(1),
          floor: f.perSecond.toFixed(1),
          ratio: `${(h.perSecond / f.perSecond).toFixed(3)}×`,
        });
      }
      rows.push({ measure: `${section.name}: p50`, hoego: ms(h.p50), floor: ms(f.p50), ratio: `${(h.p50 / f.p50).toFixed(2)}×` });
      rows.push({ measure: `${section.name}: p99`, hoego: ms(h.p99), floor: ms(f.p99), ratio: `${(h.p99 / f.p99).toFixed(2)}×` });
      rows.push({
        measure: `${section.name}: server CPU per request`,
        hoego: ms(h.cpuMs),
        floor: ms(f.cpuMs),
        ratio: `${(h.cpuMs / f.cpuMs).toFixed(2)}×`,
      });
      rows.push({
        measure: `${section.name}: peak RSS so far`,
        hoego: `${ours[i].peakMb.toFixed(0)} MB`,
        floor: `${floorPeak.toFixed(0)} MB`,
        ratio: `${(ours[i].peakMb / floorPeak).toFixed(2)}×`,
      });
    }
    const peak = memoryOf(hoego.child.pid!);
    const floorPeak = memoryOf(floor.child.pid!);
    rows.push({
      measure: 'RSS idle after start',
      hoego: `${idle.rssMb.toFixed(0)} MB`,
      floor: `${floorIdle.rssMb.toFixed(0)} MB`,
      ratio: '',
    });
    rows.push({
      measure: 'peak RSS over the run',
      hoego: `${peak.peakMb.toFixed(0)} MB`,
      floor: `${floorPeak.peakMb.toFixed(0)} MB`,
      ratio: `${(peak.peakMb / floorPeak.peakMb).toFixed(2)}×`,
    });
    rows.push({
      measure: 'ready after start (existing database)',
      hoego: ms(hoego.readyMs),
      floor: ms(floor.readyMs),
      ratio: `${(hoego.readyMs / floor.readyMs).toFixed(2)}×`,
    });
    return rows.map((r) => ({ ...r, measure: `${dialect}: ${r.measure}` }));
  } finally {
    if (hoego) await stop(hoego);
    if (floor) await stop(floor);
    await db.drop();
  }
}

function table(rows: Row[]): string {
  const head: Row = { measure: 'measure', hoego: 'hoego', floor: 'floor', ratio: 'ratio' };
  const all = [head, ...rows];
  const width = (k: keyof Row) => Math.max(...all.map((r) => r[k].length));
  const line = (r: Row) =>
    `| ${r.measure.padEnd(width('measure'))} | ${r.hoego.padStart(width('hoego'))} | ${r.floor.padStart(width('floor'))} | ${r.ratio.padStart(width('ratio'))} |`;
  const rule = `|${(['measure', 'hoego', 'floor', 'ratio'] as const).map((k) => '-'.repeat(width(k) + 2)).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      postgres: { type: 'boolean', default: false },
      runs: { type: 'string', default: '30' },
      'warm-up': { type: 'string', default: '5' },
      years: { type: 'string', default: '10' },
      goals: { type: 'string', default: '20' },
      others: { type: 'string', default: '4' },
      connections: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '5' },
      'import-logs': { type: 'string', default: '100000' },
      'import-rounds': { type: 'string', default: '1' },
      'event-writes': { type: 'string', default: '100' },
      'rate-limits': { type: 'boolean', default: false },
    },
  });
  const shape: BenchShape = {
    goals: Number(values.goals),
    firstYear: 0,
    years: Number(values.years),
    otherUsers: Number(values.others),
    otherGoals: 3,
  };
  shape.firstYear = 2026 - shape.years;
  const options: Options = {
    runs: Number(values.runs),
    warmUp: Number(values['warm-up']),
    connections: Number(values.connections),
    seconds: Number(values.seconds),
    rateLimits: values['rate-limits'],
  };
  const build = spawnSync(process.execPath, [join(__dirname, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const serverUrl = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const dialects: Array<'sqlite' | 'postgres'> = values.postgres || process.env.BENCH_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  const rows: Row[] = [];
  const importLogs = Number(values['import-logs']);
  for (const dialect of dialects) {
    rows.push(...(await bench(dialect, serverUrl, shape, options)));
    if (importLogs > 0)
      for (const r of await importRows(dialect, serverUrl, importLogs, Number(values['import-rounds'])))
        rows.push({ measure: r.measure, hoego: r.value, floor: r.reference, ratio: r.ratio });
    const eventWrites = Number(values['event-writes']);
    if (eventWrites > 0)
      for (const r of await eventRows(dialect, serverUrl, { batches: 10, batch: 500, writes: eventWrites }))
        rows.push({ measure: r.measure, hoego: r.value, floor: r.reference, ratio: r.ratio });
  }
  process.stdout.write(
    `\n${table(rows)}\n` +
      `(${options.warmUp} warm-up + ${options.runs} timed runs per sequential measure; ${options.connections} connections for ` +
      `${options.seconds} s under load; ratio = hoego / floor; CPU per request is the server process's user + system time ` +
      `over the measure divided by its requests, the figure other load on the machine moves least; both servers in processes of their own on 127.0.0.1; ` +
      `for the import rows the floor is the batch writer alone taking the same logs, each import in a process of its own; ` +
      `for the event rows it is the same batches without events, or the write's own round trip)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
