import { MemoryRateLimitStore } from '../../src/modules/rate-limit/rate-limit.store';
import { createGoal, ok, postGraphQL, startTestApp, type TestApp } from '../helpers';

/** One request through HTTP with its status, RateLimit headers and body. */
async function send(t: TestApp, token: string | null, query: string, variables?: Record<string, unknown>) {
  const res = await postGraphQL(t.app, { query, variables }, token === null ? {} : { authorization: `Bearer ${token}` });
  const header = (name: string) => res.headers[name.toLowerCase()] as string | undefined;
  return {
    status: res.statusCode,
    body: JSON.parse(res.body) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> },
    limit: header('RateLimit-Limit'),
    remaining: header('RateLimit-Remaining'),
    reset: header('RateLimit-Reset'),
    retryAfter: header('Retry-After'),
  };
}

async function healthy(t: TestApp): Promise<void> {
  const res = await t.app.server.inject({ method: 'GET', url: '/healthz' });
  expect(res.statusCode).toBe(200);
}

const CREATE = 'mutation($t: String!) { createGoal(input: { title: $t, kind: HABIT }) { goal { id } } }';
const COUNT = '{ goals { totalCount } }';

describe('rate limits per token, in requests per minute', () => {
  let t: TestApp;
  beforeAll(async () => {
    // 12:00:30 UTC: the window ends in 30 s.
    t = await startTestApp({ now: '2021-06-15T12:00:30Z', env: { RATE_LIMIT_REQUESTS_PER_MINUTE: '3', RATE_LIMIT_COST_PER_MINUTE: '0' } });
  });
  afterAll(() => t.close());

  it('counts down in the RateLimit headers, then refuses with 429, Retry-After and RATE_LIMITED, running nothing', async () => {
    const { token } = await t.createUser();
    const seen = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await send(t, token, '{ viewer { id } }');
      expect(res.status).toBe(200);
      seen.push([res.limit, res.remaining, res.reset]);
    }
    expect(seen).toEqual([
      ['3', '2', '30'],
      ['3', '1', '30'],
      ['3', '0', '30'],
    ]);
    const refused = await send(t, token, CREATE, { t: 'never made' });
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('30');
    expect(refused.remaining).toBe('0');
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30 });
    await healthy(t);

    // The next minute starts afresh, and the refused mutation made nothing.
    t.clock.set('2021-06-15T12:01:00Z');
    const after = await send(t, token, COUNT);
    expect(after.status).toBe(200);
    expect(after.body.data.goals.totalCount).toBe(0);
    expect([after.limit, after.remaining, after.reset]).toEqual(['3', '2', '60']);
    t.clock.set('2021-06-15T12:00:30Z');
  });

  it('counts each token on its own', async () => {
    t.clock.set('2021-06-15T12:05:00Z');
    const { token: a } = await t.createUser();
    const { token: b } = await t.createUser();
    for (let i = 0; i < 3; i += 1) expect((await send(t, a, '{ viewer { id } }')).status).toBe(200);
    expect((await send(t, a, '{ viewer { id } }')).status).toBe(429);
    const other = await send(t, b, '{ viewer { id } }');
    expect(other.status).toBe(200);
    expect(other.remaining).toBe('2');
  });

  it('counts requests refused before they run (a parse error, a query past the limits) too', async () => {
    t.clock.set('2021-06-15T12:06:00Z');
    const { token } = await t.createUser();
    expect((await send(t, token, '{ viewer {')).status).toBe(400);
    expect((await send(t, token, '{ nope }')).status).toBe(400);
    const third = await send(t, token, '{ viewer { id } }');
    expect(third.remaining).toBe('0');
    expect((await send(t, token, '{ viewer { id } }')).status).toBe(429);
  });

  it('counts requests without a valid token by client address, a failed token twice', async () => {
    t.clock.set('2021-06-15T12:07:00Z');
    const { token } = await t.createUser();
    const missing = await send(t, null, '{ viewer { id } }');
    expect(missing.status).toBe(401);
    expect(missing.remaining).toBe('2');
    const wrong = await send(t, 'hoego_not-a-token', '{ viewer { id } }');
    expect(wrong.status).toBe(401);
    expect(wrong.remaining).toBe('0');
    const next = await send(t, 'hoego_still-not-one', '{ viewer { id } }');
    expect(next.status).toBe(429);
    expect(next.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(next.retryAfter).toBe('60');
    // A valid token from the same address has its own count.
    expect((await send(t, token, '{ viewer { id } }')).status).toBe(200);
    await healthy(t);
  });
});

describe('rate limits per token, in query cost per minute', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_REQUESTS_PER_MINUTE: '1000', RATE_LIMIT_COST_PER_MINUTE: '1000' } });
  });
  afterAll(() => t.close());

  it('charges each query its cost and refuses the one that would pass the budget before it runs', async () => {
    const { token } = await t.createUser();
    await createGoal(t, token, { title: 'Planche', kind: 'HABIT' });
    const page = '{ goals(first: 40) { totalCount edges { node { id } } } }';
    const first = await send(t, token, page);
    expect(first.status).toBe(200);
    const spent = 1000 - Number(first.remaining);
    expect(first.limit).toBe('1000');
    const second = await send(t, token, page);
    const perPage = Number(first.remaining) - Number(second.remaining);
    expect(perPage).toBeGreaterThan(50);
    expect(spent).toBeGreaterThan(perPage);
    let last = second;
    while (Number(last.remaining) >= perPage) last = await send(t, token, page);
    expect(last.status).toBe(200);
    // A mutation priced below what is left still runs: the budget is cost, not requests.
    expect((await send(t, token, CREATE, { t: 'still fits' })).status).toBe(200);
    const over = await send(t, token, page);
    expect(over.status).toBe(429);
    expect(over.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(over.body.data ?? null).toBeNull();
    t.clock.set('2021-06-15T12:01:00Z');
    expect(ok((await send(t, token, COUNT)).body).goals.totalCount).toBe(2);
    await healthy(t);
  });
});

describe('the in-memory count of SQLite servers', () => {
  it('starts a new window each minute and forgets the old ones', async () => {
    const store = new MemoryRateLimitStore();
    const minute = Date.parse('2021-06-15T12:00:00Z');
    expect(await store.add('a', 1, 5, minute + 1000)).toEqual({ requests: 1, cost: 5, resetAt: minute + 60_000 });
    expect(await store.add('a', 2, 5, minute + 59_999)).toEqual({ requests: 3, cost: 10, resetAt: minute + 60_000 });
    await store.add('b', 1, 0, minute + 1000);
    expect(await store.add('a', 1, 1, minute + 60_000)).toEqual({ requests: 1, cost: 1, resetAt: minute + 120_000 });
    expect((store as unknown as { windows: Map<string, unknown> }).windows.has('b')).toBe(false);
  });
});
