import { performance } from 'node:perf_hooks';
import { buildUser } from '../../bench/data';
import { createApp } from '../../src/app';
import { FixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { Deadline } from '../../src/deadline';
import { scratchDatabase, TEST_DIALECT, type ScratchDatabase } from '../db';
import { startServerProcess, type ServerProcess } from '../processes';

/**
 * The heaviest query the limits let through that the tests can build: 30 aliases (the alias limit) of the year in
 * review, each over 20 goals with a log every day of the year, several seconds of work in all.
 */
const WORST = `{ ${Array.from({ length: 30 }, (_, i) => `r${i}: yearInReview(year: ${2018 + (i % 3)}) { logCount goals { goal { id } logCount longestStreak } }`).join(' ')} }`;

async function post(server: ServerProcess, token: string, query: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: await res.json() };
}

/** Sends `query` and asks /healthz every 20 ms until it answers; the latencies of /healthz meanwhile. */
function healthWhile(server: ServerProcess, token: string, query: string) {
  return healthDuring(server, () => post(server, token, query));
}

/** GETs `path` with the token and reads the whole body: its status, its length and whether it arrived whole. */
async function download(server: ServerProcess, token: string, path: string): Promise<{ status: number; bytes: number; text: string }> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(text), text };
}

/** Runs `work` and asks /healthz every 20 ms until it ends; the latencies of /healthz meanwhile. */
async function healthDuring<T>(server: ServerProcess, work: () => Promise<T>) {
  let done = false;
  const answer = work().finally(() => (done = true));
  const latencies: number[] = [];
  while (!done) {
    const start = performance.now();
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    latencies.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  latencies.sort((a, b) => a - b);
  return { answer: await answer, latencies, median: latencies[Math.floor(latencies.length / 2)] };
}

describe(`the time budget of a request, on ${TEST_DIALECT}`, () => {
  let scratch: ScratchDatabase;
  let roomy: ServerProcess;
  let tight: ServerProcess;
  let uncached: ServerProcess;
  let token: string;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    const app = await createApp(loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, LOG_LEVEL: 'silent' }), {
      clock: new FixedClock(new Date('2021-01-15T03:00:00Z')),
    });
    try {
      ({ token } = await buildUser(app, 'heavy', 20, { goals: 20, firstYear: 2018, years: 3, otherUsers: 0, otherGoals: 0 }, 7));
    } finally {
      await app.close();
    }
    const env = { DATABASE_URL: scratch.url, RATE_LIMIT_REQUESTS_PER_MINUTE: '0', RATE_LIMIT_COST_PER_MINUTE: '0' };
    roomy = await startServerProcess({ ...env, REQUEST_TIMEOUT_MS: '60000' });
    tight = await startServerProcess({ ...env, REQUEST_TIMEOUT_MS: '500' });
    // Every report made afresh, whichever test ran before.
    uncached = await startServerProcess({ ...env, REQUEST_TIMEOUT_MS: '60000', REVIEW_CACHE_MB: '0', SUMMARY_CACHE_MB: '0' });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([roomy?.stop(), tight?.stop(), uncached?.stop()]);
    await scratch?.drop();
  });

  it('keeps /healthz answering while the worst query runs to its end', async () => {
    const { answer, latencies, median } = await healthWhile(roomy, token, WORST);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(answer.body.data.r0.goals).toHaveLength(20);
    // Liveness, not speed: /healthz got many turns while the query ran, most of them quick.
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    expect(median).toBeLessThan(200);
  }, 120_000);

  it('keeps /healthz answering while large exports stream', async () => {
    const { answer, latencies, median } = await healthDuring(roomy, async () => {
      const json = await download(roomy, token, '/export.json');
      const csv = await download(roomy, token, '/export.csv');
      return { json, csv };
    });
    expect(answer.json.status).toBe(200);
    expect((JSON.parse(answer.json.text) as { logs: unknown[] }).logs.length).toBeGreaterThan(20_000);
    expect(answer.csv.status).toBe(200);
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    expect(median).toBeLessThan(200);
  }, 120_000);

  it('keeps /healthz answering while the reports of three years are made', async () => {
    const { answer, latencies, median } = await healthDuring(uncached, () =>
      Promise.all(
        [2018, 2019, 2020].flatMap((year) => [
          download(uncached, token, `/reports/${year}.html`),
          download(uncached, token, `/reports/${year}.md`),
        ]),
      ),
    );
    expect(answer.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(latencies.length).toBeGreaterThanOrEqual(3);
    expect(median).toBeLessThan(200);
  }, 120_000);

  it('stops the worst query at its budget with TIMEOUT and HTTP 503, and keeps answering', async () => {
    const { answer, median } = await healthWhile(tight, token, WORST);
    expect(answer.status).toBe(503);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors[0].extensions).toMatchObject({ code: 'TIMEOUT', budgetMs: 500 });
    expect(median).toBeLessThan(200);
    const small = await post(tight, token, '{ viewer { handle } }');
    expect(small).toMatchObject({ status: 200, body: { data: { viewer: { handle: 'heavy' } } } });
  }, 120_000);
});

describe('a deadline', () => {
  it('throws TIMEOUT naming the budget once it has passed, and never without one', async () => {
    const spent = Deadline.after(0);
    expect(spent.expired).toBe(true);
    expect(() => spent.check()).toThrow(expect.objectContaining({ code: 'TIMEOUT', details: { budgetMs: 0 } }));
    await expect(spent.checkpoint()).rejects.toMatchObject({ code: 'TIMEOUT' });
    const none = Deadline.none();
    expect(none.expired).toBe(false);
    await expect(none.checkpoint()).resolves.toBeUndefined();
  });
});
