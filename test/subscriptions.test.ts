import { REVOKE_API_TOKEN, createGoal, ok, startTestApp, type TestApp } from './helpers';
import { toGlobalId } from '../src/ids';
import { TEST_DIALECT } from './db';
import { wsSubscribe, wsUrl, type WsSubscription } from './ws-client';

const EVENTS = /* GraphQL */ `
  subscription ($types: [EventType!]) {
    events(types: $types) {
      id
      type
      occurredAt
      goal {
        id
        streak {
          current
        }
        score
        progress {
          percent
        }
      }
      log {
        id
        date
        value
      }
    }
  }
`;
const LOG = 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id } } }';

async function listening(t: TestApp): Promise<string> {
  const address = await t.app.server.listen({ port: 0, host: '127.0.0.1' });
  return wsUrl(address);
}

/** Waits until the server has `n` subscribers registered with the feed, so that what is written next reaches them. */
async function subscribed(t: TestApp, n: number): Promise<void> {
  for (const deadline = Date.now() + 10_000; t.app.services.eventFeed.size < n; await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > deadline) throw new Error(`${t.app.services.eventFeed.size} of ${n} subscribers registered`);
  }
}

describe(`subscriptions over WebSocket (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let url: string;
  const open: WsSubscription[] = [];
  const subscribe = async (...args: Parameters<typeof wsSubscribe>) => {
    const sub = await wsSubscribe(...args);
    open.push(sub);
    return sub;
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-15T12:00:00Z', env: { SUBSCRIPTION_TOKEN_CHECK_MS: '100' } });
    url = await listening(t);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await subscribed(t, 0);
  });
  afterAll(() => t.close());

  it('delivers its events after commit, each once, in order, with the goal as it is then', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Read', kind: 'TARGET', target: 10, unit: 'pages' });
    const sub = await subscribe(url, { authorization: `Bearer ${token}` }, EVENTS, { types: ['LOG_CREATED'] });
    await subscribed(t, 1);
    // A write that fails rolls back and records nothing.
    const refused = await t.gql(token, LOG, { i: { goalId, value: 1, date: '2099-01-01' } });
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    for (const value of [1, 2, 3]) ok(await t.gql(token, LOG, { i: { goalId, value, date: '2021-06-15' } }));
    const events = (await sub.waitFor(3)).map((d) => d.events);
    expect(events.map((e) => e.log.value)).toEqual([1, 2, 3]);
    expect(events.every((e) => e.type === 'LOG_CREATED' && e.goal.id === goalId && e.log.date === '2021-06-15')).toBe(true);
    // The goal is read when the event goes out: the last event's goal already counts all three logs.
    expect(events[2].goal.progress.percent).toBe(60);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    // Nothing is sent twice: the next result is the next write's.
    ok(await t.gql(token, LOG, { i: { goalId, value: 4, date: '2021-06-15' } }));
    expect((await sub.waitFor(4)).map((d) => d.events.log.value)).toEqual([1, 2, 3, 4]);
    expect(sub.errors).toEqual([]);
  });

  it('filters by type, and without types sends every type', async () => {
    const { token } = await t.createUser();
    const all = await subscribe(url, { authorization: `Bearer ${token}` }, EVENTS);
    const goals = await subscribe(url, { authorization: `Bearer ${token}` }, EVENTS, { types: ['GOAL_CREATED'] });
    await subscribed(t, 2);
    const goalId = await createGoal(t, token, { title: 'Run', kind: 'HABIT', frequency: { times: 1, perDays: 1 } });
    ok(await t.gql(token, LOG, { i: { goalId, value: 1, date: '2021-06-15' } }));
    expect((await all.waitFor(2)).map((d) => d.events.type)).toEqual(['GOAL_CREATED', 'LOG_CREATED']);
    expect((await all.waitFor(2))[1].events.goal.streak.current).toBe(1);
    expect((await goals.waitFor(1))[0].events).toMatchObject({ type: 'GOAL_CREATED', goal: { id: goalId }, log: null });
    expect(goals.results).toHaveLength(1);
  });

  it("never sends one user's events to another", async () => {
    const alice = await t.createUser();
    const bob = await t.createUser();
    const bobs = await subscribe(url, { authorization: `Bearer ${bob.token}` }, EVENTS);
    await subscribed(t, 1);
    const aliceGoal = await createGoal(t, alice.token, { title: 'Secret', kind: 'TARGET', target: 5 });
    for (const value of [1, 2]) ok(await t.gql(alice.token, LOG, { i: { goalId: aliceGoal, value, date: '2021-06-15' } }));
    const bobGoal = await createGoal(t, bob.token, { title: 'Mine', kind: 'TARGET', target: 5 });
    // Bob's own event arrives, after Alice's writes committed; none of hers came before it.
    const [first] = await bobs.waitFor(1);
    expect(first.events).toMatchObject({ type: 'GOAL_CREATED', goal: { id: bobGoal } });
    expect(bobs.results).toHaveLength(1);
  });

  it('refuses a missing, malformed, unknown or revoked token, and closes a socket whose token is revoked', async () => {
    const refused = async (params: Record<string, unknown> | null) => (await wsSubscribe(url, params, EVENTS)).closed;
    await expect(refused(null)).resolves.toMatchObject({ code: 4403 });
    await expect(refused({ authorization: 'Token abc' })).resolves.toMatchObject({ code: 4403, reason: expect.stringContaining('Bearer') });
    await expect(refused({ authorization: 'Bearer hoego_nope' })).resolves.toMatchObject({
      code: 4403,
      reason: 'The token is unknown or revoked',
    });

    const { user, token } = await t.createUser();
    const second = await t.app.services.tokens.create(user.id, 'phone', ['read']);
    // A read-only token is enough to subscribe.
    const sub = await subscribe(url, { authorization: `Bearer ${second.secret}` }, EVENTS);
    await subscribed(t, 1);
    ok(await t.gql(token, REVOKE_API_TOKEN, { input: { id: toGlobalId('ApiToken', second.token.id) } }));
    // SUBSCRIPTION_TOKEN_CHECK_MS is 100 here: the socket closes within a few checks.
    await expect(sub.closed).resolves.toEqual({ code: 4403, reason: 'The token is unknown or revoked' });
    await expect(refused({ authorization: `Bearer ${second.secret}` })).resolves.toMatchObject({ code: 4403 });
  });

  it('applies the depth, alias and cost limits and the text checks to subscription documents', async () => {
    const { token } = await t.createUser();
    const auth = { authorization: `Bearer ${token}` };
    const deep = `subscription { events { goal { ${'parent { '.repeat(12)}id${' }'.repeat(12)} } } }`;
    const aliases = `subscription { events { ${Array.from({ length: 31 }, (_, i) => `a${i}: id`).join(' ')} } }`;
    const costly = `subscription { events { goal { logs(first: 100) { edges { node { goal { logs(first: 100) { edges { node { id } } } } } } } } } }`;
    for (const [query, limit] of [
      [deep, 'depth'],
      [aliases, 'aliases'],
      [costly, 'cost'],
    ] as const) {
      const sub = await subscribe(url, auth, query);
      for (const deadline = Date.now() + 5000; sub.errors.length === 0 && Date.now() < deadline;)
        await new Promise((r) => setTimeout(r, 10));
      expect(sub.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
    }
    const nul = await subscribe(url, auth, 'subscription ($t: [EventType!]) { events(types: $t) { id } }', { t: ['NOPE\u0000'] });
    const query = await subscribe(url, auth, '{ viewer { id } }');
    for (const deadline = Date.now() + 5000; (nul.errors.length === 0 || query.errors.length === 0) && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 10));
    expect(nul.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(query.errors[0]).toMatchObject({ message: expect.stringContaining('over HTTP'), extensions: { code: 'BAD_REQUEST' } });
    expect(t.app.services.eventFeed.size).toBe(0);
  });
});

describe(`subscription limits and shutdown (${TEST_DIALECT})`, () => {
  it('counts refused connection attempts against the address and refuses past the limit with 4429', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_REQUESTS_PER_MINUTE: '3' } });
    try {
      const url = await listening(t);
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await (await wsSubscribe(url, { authorization: 'Bearer hoego_nope' }, EVENTS)).closed).code);
      // Each refused attempt with a token counts twice: the second passes the limit of 3.
      expect(codes).toEqual([4403, 4429, 4429]);
    } finally {
      await t.close();
    }
  });

  it('closes every socket when the server shuts down', async () => {
    const t = await startTestApp();
    const url = await listening(t);
    const { token } = await t.createUser();
    const sub = await wsSubscribe(url, { authorization: `Bearer ${token}` }, EVENTS);
    await subscribed(t, 1);
    await t.close();
    await expect(sub.closed).resolves.toMatchObject({ code: 1001 });
  });
});
