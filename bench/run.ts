/**
 * `npm run bench`: times the full yearInReview query (every field, Markdown included) and the HTML report through
 * HTTP for a heavy user, on a temporary SQLite file, and on PostgreSQL too with `-- --postgres` or
 * BENCH_POSTGRES_URL (a server URL; a temporary database is created there and dropped afterwards).
 *
 *   npm run bench                       SQLite only
 *   npm run bench -- --postgres         also PostgreSQL at BENCH_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/postgres
 *   npm run bench -- --runs 50 --years 10 --goals 20
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { createApp } from '../src/app';
import { FixedClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { YEAR_IN_REVIEW_FIELDS } from '../test/review-query';
import { buildUser, type BenchShape } from './data';

const QUERY = /* GraphQL */ `
  query Bench($year: Int!) {
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

interface Timing {
  median: number;
  p95: number;
  min: number;
}

function summarise(ms: number[]): Timing {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95), min: sorted[0] };
}

async function time(fn: () => Promise<void>, warmUp: number, runs: number): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  return summarise(ms);
}

/** A temporary database of the dialect, and how to drop it. */
async function scratch(dialect: 'sqlite' | 'postgres', serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'hoego-bench-'));
    return { url: `sqlite:${join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
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
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function bench(dialect: 'sqlite' | 'postgres', serverUrl: string, shape: BenchShape, warmUp: number, runs: number) {
  const db = await scratch(dialect, serverUrl);
  const year = shape.firstYear + shape.years - 1;
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
  const app = await createApp(config, { clock: new FixedClock(new Date(`${year + 1}-01-15T03:00:00Z`)) });
  try {
    const loadStart = performance.now();
    const heavy = await buildUser(app, 'heavy', shape.goals, shape, 1);
    let others = 0;
    for (let u = 0; u < shape.otherUsers; u++) others += (await buildUser(app, `other${u}`, shape.otherGoals, shape, 100 + u)).logs;
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const address = await app.server.listen({ port: 0, host: '127.0.0.1' });
    const headers = { authorization: `Bearer ${heavy.token}`, 'content-type': 'application/json' };

    const graphql = await time(
      async () => {
        const res = await fetch(`${address}/graphql`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: QUERY, variables: { year } }),
        });
        const body = (await res.json()) as { errors?: unknown[]; data?: { yearInReview: { logCount: number } } };
        if (!res.ok || body.errors) throw new Error(`yearInReview failed: ${JSON.stringify(body.errors ?? res.status)}`);
      },
      warmUp,
      runs,
    );
    const html = await time(
      async () => {
        const res = await fetch(`${address}/reports/${year}.html?locale=ko`, { headers });
        if (!res.ok) throw new Error(`report failed: ${res.status}`);
        await res.text();
      },
      warmUp,
      runs,
    );
    const rssMb = process.memoryUsage().rss / 1024 / 1024;
    return { dialect, heavyLogs: heavy.logs, otherLogs: others, loadSeconds, graphql, html, rssMb, year };
  } finally {
    await app.close();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      postgres: { type: 'boolean', default: false },
      runs: { type: 'string', default: '20' },
      'warm-up': { type: 'string', default: '3' },
      years: { type: 'string', default: '10' },
      goals: { type: 'string', default: '20' },
      others: { type: 'string', default: '4' },
    },
  });
  const shape: BenchShape = {
    goals: Number(values.goals),
    firstYear: 2016,
    years: Number(values.years),
    otherUsers: Number(values.others),
    otherGoals: 3,
  };
  shape.firstYear = 2026 - shape.years;
  const serverUrl = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const dialects: Array<'sqlite' | 'postgres'> = values.postgres || process.env.BENCH_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  const ms = (n: number) => `${n.toFixed(1).padStart(7)} ms`;
  const rows: string[] = [];
  for (const dialect of dialects) {
    const r = await bench(dialect, serverUrl, shape, Number(values['warm-up']), Number(values.runs));
    process.stdout.write(
      `${dialect}: heavy user ${r.heavyLogs.toLocaleString('en')} logs in ${shape.goals} goals over ${shape.years} years, ` +
        `${shape.otherUsers} other users ${r.otherLogs.toLocaleString('en')} logs; loaded in ${r.loadSeconds.toFixed(1)} s\n`,
    );
    rows.push(
      `| ${dialect.padEnd(8)} | ${`yearInReview(${r.year}), all fields`.padEnd(32)} | ${ms(r.graphql.median)} | ${ms(r.graphql.p95)} | ${ms(r.graphql.min)} | ${r.rssMb.toFixed(0).padStart(5)} MB |`,
    );
    rows.push(
      `| ${dialect.padEnd(8)} | ${`GET /reports/${r.year}.html?locale=ko`.padEnd(32)} | ${ms(r.html.median)} | ${ms(r.html.p95)} | ${ms(r.html.min)} | ${r.rssMb.toFixed(0).padStart(5)} MB |`,
    );
  }
  process.stdout.write(
    `\n| database | request                          |  median    |  p95       |  min       |   RSS    |\n` +
      `|----------|----------------------------------|------------|------------|------------|----------|\n${rows.join('\n')}\n` +
      `(${values['warm-up']} warm-up + ${values.runs} timed runs each, sequential, through HTTP on 127.0.0.1)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
