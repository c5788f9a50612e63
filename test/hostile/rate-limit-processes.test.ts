import { loadConfig } from '../../src/config';
import { Database } from '../../src/db/database';
import { createServices } from '../../src/services';
import { systemClock } from '../../src/clock';
import { scratchDatabase, TEST_DIALECT, type ScratchDatabase } from '../db';
import { startServerProcess, type ServerProcess } from '../processes';

async function viewer(server: ServerProcess, token: string): Promise<{ status: number; remaining: string | null; code?: string }> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ viewer { id } }' }),
  });
  const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
  return { status: res.status, remaining: res.headers.get('ratelimit-remaining'), code: body.errors?.[0]?.extensions?.code };
}

/**
 * Two server processes on one database with a limit of 4 requests a minute per token, on /graphql and on an export. On PostgreSQL they share the
 * count (one row per token and minute); SQLite servers count in memory, each on its own.
 */
describe(`the rate limit of two server processes on one ${TEST_DIALECT} database`, () => {
  let scratch: ScratchDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let token: string;
  let exporter: string;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    const env = { DATABASE_URL: scratch.url, RATE_LIMIT_REQUESTS_PER_MINUTE: '4', RATE_LIMIT_COST_PER_MINUTE: '0' };
    a = await startServerProcess(env);
    b = await startServerProcess(env);
    const db = await Database.open(loadConfig({ DATABASE_URL: scratch.url, NODE_ENV: 'test' }).database);
    try {
      const services = createServices(db, systemClock);
      const user = await services.users.create({ handle: 'jun', timeZone: 'Asia/Seoul' });
      token = (await services.tokens.create(user.id, 'test', ['read'])).secret;
      exporter = (await services.tokens.create(user.id, 'exports', ['read'])).secret;
    } finally {
      await db.close();
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await scratch?.drop();
  });

  const shared = TEST_DIALECT === 'postgres';
  // Status and RateLimit-Remaining of six requests, to a, b, a, b, a, b.
  const expected = shared
    ? [200, '3', 200, '2', 200, '1', 200, '0', 429, '0', 429, '0']
    : [200, '3', 200, '3', 200, '2', 200, '2', 200, '1', 200, '1'];

  it('shares one count on PostgreSQL (four requests across both, then both refuse), one each on SQLite', async () => {
    // The windows are whole minutes of the wall clock: start early in one so that all requests fall in it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
    const results = [];
    for (const server of [a, b, a, b, a, b]) results.push(await viewer(server, token));
    expect(results.flatMap((r) => [r.status, r.remaining])).toEqual(expected);
    expect(results.filter((r) => r.status === 429).every((r) => r.code === 'RATE_LIMITED')).toBe(true);
    for (const server of [a, b]) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 90_000);

  it('shares the count of GET /export.csv the same way, answering 429 with a coded JSON body past it', async () => {
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
    const results = [];
    for (const server of [a, b, a, b, a, b]) {
      const res = await fetch(`${server.url}/export.csv`, { headers: { authorization: `Bearer ${exporter}` } });
      const body = await res.text();
      results.push({
        status: res.status,
        remaining: res.headers.get('ratelimit-remaining'),
        code: res.status === 429 ? (JSON.parse(body) as { error: { code: string } }).error.code : null,
        retryAfter: res.headers.get('retry-after'),
      });
    }
    expect(results.flatMap((r) => [r.status, r.remaining])).toEqual(expected);
    const refused = results.filter((r) => r.status === 429);
    expect(refused.every((r) => r.code === 'RATE_LIMITED' && Number(r.retryAfter) > 0)).toBe(true);
  }, 90_000);
});
