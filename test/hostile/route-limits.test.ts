import type { LightMyRequestResponse } from 'fastify';
import { REPORT_COST, REPORT_COST_PER_GOAL } from '../../src/http/reports';
import { createGoal, ok, startTestApp, type TestApp } from '../helpers';

/** One request to a route besides /graphql, with its status, RateLimit headers and JSON error (if any). */
async function call(
  t: TestApp,
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string> = {},
  payload?: string,
): Promise<{
  status: number;
  remaining?: string;
  limit?: string;
  retryAfter?: string;
  error?: Record<string, unknown>;
  raw: LightMyRequestResponse;
}> {
  const res = await t.app.server.inject({ method, url, headers, payload });
  const header = (name: string) => res.headers[name] as string | undefined;
  const json = (res.headers['content-type'] ?? '').toString().startsWith('application/json') ? JSON.parse(res.body) : null;
  return {
    status: res.statusCode,
    limit: header('ratelimit-limit'),
    remaining: header('ratelimit-remaining'),
    retryAfter: header('retry-after'),
    error: res.statusCode >= 400 ? json?.error : undefined,
    raw: res,
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const CSV = (rows: number) =>
  `date,goal,value\n${Array.from({ length: rows }, (_, i) => `2021-0${1 + (i % 5)}-${String(1 + (i % 28)).padStart(2, '0')},Reading,${i + 1}`).join('\n')}\n`;

async function logCount(t: TestApp, token: string): Promise<number> {
  const res = ok(await t.gql(token, '{ goals { edges { node { logs(first: 1) { totalCount } } } } }'));
  return (res.goals.edges as Array<{ node: { logs: { totalCount: number } } }>).reduce((sum, e) => sum + e.node.logs.totalCount, 0);
}

describe('rate limits on reports, exports and imports, in requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    // 12:00:30 UTC: the window ends in 30 s.
    t = await startTestApp({ now: '2021-06-15T12:00:30Z', env: { RATE_LIMIT_REQUESTS_PER_MINUTE: '3', RATE_LIMIT_COST_PER_MINUTE: '0' } });
  });
  afterAll(() => t.close());

  it.each([
    ['GET', '/reports/2021.md'],
    ['GET', '/reports/2021.html?locale=ko'],
    ['GET', '/export.json'],
    ['GET', '/export.csv'],
  ] as const)('%s %s counts down, then answers 429 with Retry-After and a coded JSON body', async (method, url) => {
    t.clock.set('2021-06-15T12:00:30Z');
    const { token } = await t.createUser();
    const remaining = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await call(t, method, url, bearer(token));
      expect(res.status).toBe(200);
      expect(res.limit).toBe('3');
      remaining.push(res.remaining);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await call(t, method, url, bearer(token));
    expect(refused).toMatchObject({ status: 429, retryAfter: '30', remaining: '0' });
    expect(refused.error).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30 });
    // /graphql shares the token's count.
    expect((await t.gql(token, '{ viewer { id } }')).status).toBe(429);
    t.clock.set('2021-06-15T12:01:00Z');
    expect((await call(t, method, url, bearer(token))).status).toBe(200);
  });

  it('refuses an import past the quota without reading or keeping anything of it', async () => {
    t.clock.set('2021-06-15T12:00:30Z');
    const { token } = await t.createUser();
    await createGoal(t, token, { title: 'Reading', kind: 'TARGET', target: 1000, unit: 'pages', startDate: '2021-01-01' });
    for (let i = 0; i < 2; i += 1) expect((await t.gql(token, '{ viewer { id } }')).status).toBe(200);
    const refused = await call(t, 'POST', '/import/csv', { ...bearer(token), 'content-type': 'text/csv' }, CSV(5));
    expect(refused).toMatchObject({ status: 429, retryAfter: '30' });
    expect(refused.error).toMatchObject({ code: 'RATE_LIMITED' });
    t.clock.set('2021-06-15T12:01:00Z');
    expect(await logCount(t, token)).toBe(0);
  });

  it('counts requests without a valid token against the address: once without credentials, twice with bad ones', async () => {
    t.clock.set('2021-06-15T12:02:30Z');
    // No header: 1 of 3. A bad token: 3 of 3. Then any refused request is past the quota.
    const none = await call(t, 'GET', '/export.csv');
    expect(none).toMatchObject({ status: 401, remaining: '2' });
    expect(none.error).toMatchObject({ code: 'UNAUTHENTICATED' });
    const bad = await call(t, 'GET', '/reports/2021.md', bearer('hoego_not_a_token'));
    expect(bad).toMatchObject({ status: 401, remaining: '0' });
    const forged = await call(t, 'GET', '/reports/2021.html?user=VXNlcjox&locale=en&expires=9999999999&gen=0&signature=x');
    expect(forged).toMatchObject({ status: 429, retryAfter: '30' });
    expect(forged.error).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await call(t, 'POST', '/import/csv', { 'content-type': 'text/csv' }, CSV(1))).status).toBe(429);
    // Another address is not affected.
    const elsewhere = await t.app.server.inject({ method: 'GET', url: '/export.csv', remoteAddress: '10.9.8.7' });
    expect(elsewhere.statusCode).toBe(401);
    expect((await t.app.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('counts a signed link against the visitor address, not the token that made it', async () => {
    t.clock.set('2021-06-15T12:03:30Z');
    const { token } = await t.createUser();
    const link = ok(await t.gql(token, 'mutation { createReportLink(input: { year: 2021 }) { url } }')).createReportLink.url as string;
    const path = new URL(link).pathname + new URL(link).search;
    const visits = [];
    for (let i = 0; i < 2; i += 1)
      visits.push((await t.app.server.inject({ method: 'GET', url: path, remoteAddress: '10.1.1.1' })).statusCode);
    const third = await t.app.server.inject({ method: 'GET', url: path, remoteAddress: '10.1.1.1' });
    const fourth = await t.app.server.inject({ method: 'GET', url: path, remoteAddress: '10.1.1.1' });
    expect([...visits, third.statusCode, fourth.statusCode]).toEqual([200, 200, 200, 429]);
    expect(JSON.parse(fourth.body).error.code).toBe('RATE_LIMITED');
    // The token made one request (the mutation) and has two left.
    const res = await call(t, 'GET', '/export.csv', bearer(token));
    expect(res).toMatchObject({ status: 200, remaining: '1' });
  });
});

describe('rate limits on reports, exports and imports, in cost', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      now: '2021-06-15T12:00:30Z',
      env: { RATE_LIMIT_REQUESTS_PER_MINUTE: '1000', RATE_LIMIT_COST_PER_MINUTE: '1500' },
    });
  });
  afterAll(() => t.close());

  it('charges a report its base cost before it runs and its goals after', async () => {
    t.clock.set('2021-06-15T12:00:30Z');
    const { token } = await t.createUser();
    for (const title of ['One', 'Two']) await createGoal(t, token, { title, kind: 'HABIT', startDate: '2021-01-01' });
    // The two createGoal mutations cost a few points each.
    const first = await call(t, 'GET', '/reports/2021.md', bearer(token));
    expect(first.status).toBe(200);
    const spent = 1500 - Number(first.remaining);
    expect(spent).toBeGreaterThanOrEqual(REPORT_COST + 2 * REPORT_COST_PER_GOAL);
    expect(spent).toBeLessThan(REPORT_COST + 2 * REPORT_COST_PER_GOAL + 50);
    // A second report would take the count past 1500: refused before it runs.
    const second = await call(t, 'GET', '/reports/2021.html', bearer(token));
    expect(second).toMatchObject({ status: 429, retryAfter: '30' });
  });

  it('charges an import one per entry of the file and an export one per row written out', async () => {
    t.clock.set('2021-06-15T12:05:30Z');
    const { token } = await t.createUser();
    await createGoal(t, token, { title: 'Reading', kind: 'TARGET', target: 100000, unit: 'pages', startDate: '2021-01-01' });
    const before = Number((await call(t, 'GET', '/export.csv', bearer(token))).remaining);
    const imported = await call(t, 'POST', '/import/csv', { ...bearer(token), 'content-type': 'text/csv' }, CSV(600));
    expect(imported.status).toBe(200);
    expect(JSON.parse(imported.raw.body).created.logs).toBe(600);
    // The import's answer already holds its cost: 600 logs created and 1 goal matched by title.
    expect(before - Number(imported.remaining)).toBe(601);
    const exported = await call(t, 'GET', '/export.csv', bearer(token));
    expect(exported.status).toBe(200);
    expect(exported.raw.body.split('\r\n').length).toBe(602);
    // The export's 600 rows were counted as it streamed (seen on the next answer), ~1200 of 1500 gone.
    const next = await t.app.server.inject({ method: 'GET', url: '/export.csv', headers: bearer(token) });
    const drop = Number(imported.remaining) - Number(next.headers['ratelimit-remaining']);
    expect(drop).toBeGreaterThanOrEqual(600);
    expect(drop).toBeLessThan(610);
    // That export is let in (the count was under 1500) and takes it past: the next one is refused before it runs.
    const after = await call(t, 'GET', '/export.csv', bearer(token));
    expect(after).toMatchObject({ status: 429 });
    expect(after.error).toMatchObject({ code: 'RATE_LIMITED' });
  });
});
