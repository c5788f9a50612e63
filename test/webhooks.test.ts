import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { verifySignature } from '../src/domain/webhook-retry';
import { postJson } from '../src/modules/webhook/webhook.http';
import { createGoal, errorCode, LOG_PROGRESS, ok, startTestApp, type TestApp } from './helpers';
import { startReceiver } from './webhook-receiver';

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id url events active } } }`;
const DELIVERIES = `query { viewer { webhooks { id active failureCount disabledReason
  deliveries(first: 10) { id eventId eventType status attempts responseStatus lastError nextAttemptAt } } } }`;
const NOW = '2021-06-15T12:00:00Z';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    now: NOW,
    env: {
      WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_POLL_MS: '20',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_RETRY_BASE_MS: '60000',
      // The tests poll every 20 ms, thousands of requests a minute from one token: more than the limits let through.
      RATE_LIMIT_REQUESTS_PER_MINUTE: '0',
      RATE_LIMIT_COST_PER_MINUTE: '0',
    },
  });
});

afterAll(async () => {
  await t.close();
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('webhooks', () => {
  it('deliver each event once, in order, signed with the secret, with the goal as it is at delivery', async () => {
    const receiver = await startReceiver();
    try {
      const { user, token } = await t.createUser();
      const created = ok(await t.gql(token, CREATE, { input: { url: receiver.url, events: ['GOAL_CREATED', 'LOG_CREATED'] } }));
      const { secret } = created.createWebhook;
      expect(secret).toMatch(/^whsec_/);
      expect(created.createWebhook.webhook).toMatchObject({ url: receiver.url, events: ['LOG_CREATED', 'GOAL_CREATED'], active: true });
      const goalId = await createGoal(t, token, { title: 'Run', kind: 'TARGET', target: 10, startDate: '2021-06-01' });
      for (const value of [2, 3]) ok(await t.gql(token, LOG_PROGRESS, { input: { goalId, value, date: '2021-06-14' } }));
      const received = await receiver.waitFor(3);
      // Anything sent twice would have arrived by the time the deliveries are all recorded as SUCCEEDED.
      await until(
        () => t.gql(token, DELIVERIES),
        (res) => res.data.viewer.webhooks[0].deliveries.every((d: { status: string }) => d.status === 'SUCCEEDED'),
      );
      expect(received).toHaveLength(3);
      const bodies = received.map((r) => JSON.parse(r.body));
      expect(bodies.map((b) => b.type)).toEqual(['GOAL_CREATED', 'LOG_CREATED', 'LOG_CREATED']);
      expect(received.map((r) => r.headers['hoego-event'])).toEqual(['GOAL_CREATED', 'LOG_CREATED', 'LOG_CREATED']);
      for (const r of received) {
        const body = JSON.parse(r.body);
        expect(r.headers['hoego-delivery']).toBe(body.id);
        expect(verifySignature(secret, String(r.headers['hoego-signature']), r.body, Math.floor(Date.parse(NOW) / 1000))).toBe(true);
        expect(verifySignature('whsec_wrong', String(r.headers['hoego-signature']), r.body, Math.floor(Date.parse(NOW) / 1000))).toBe(
          false,
        );
        expect(body.user).toBe(ok(await t.gql(token, 'query { viewer { id } }')).viewer.id);
      }
      expect(new Set(received.map((r) => r.headers['hoego-delivery'])).size).toBe(3);
      expect(bodies[2].data).toMatchObject({
        log: { value: 3, date: '2021-06-14', goalId },
        goal: { id: goalId, title: 'Run', progress: { current: 5, target: 10, percent: 50 } },
      });
      const deliveries = ok(await t.gql(token, DELIVERIES)).viewer.webhooks[0].deliveries;
      expect(deliveries.map((d: { eventType: string }) => d.eventType)).toEqual(['LOG_CREATED', 'LOG_CREATED', 'GOAL_CREATED']);
      expect(deliveries[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 1, responseStatus: 200, lastError: null });
      expect(user.id).toBeGreaterThan(0);
    } finally {
      await receiver.close();
    }
  });

  it('retry a receiver that answers 500 twice with growing waits, and succeed on the third try with the same delivery id', async () => {
    const receiver = await startReceiver([500, 503]);
    try {
      const { token } = await t.createUser();
      ok(await t.gql(token, CREATE, { input: { url: receiver.url, events: ['GOAL_CREATED'] } }));
      await createGoal(t, token, { title: 'Swim', kind: 'HABIT', startDate: '2021-06-01' });
      await receiver.waitFor(1);
      const first = await until(
        () => t.gql(token, DELIVERIES),
        (res) => res.data.viewer.webhooks[0].deliveries[0].attempts === 1,
      );
      const after1 = first.data.viewer.webhooks[0].deliveries[0];
      expect(after1).toMatchObject({ status: 'PENDING', responseStatus: 500, lastError: 'answered 500' });
      const wait1 = Date.parse(after1.nextAttemptAt) - Date.parse(NOW);
      // Base 60 s with jitter from its upper half.
      expect(wait1).toBeGreaterThanOrEqual(30_000);
      expect(wait1).toBeLessThanOrEqual(60_000);
      // Not due yet: nothing more arrives while the clock stands still.
      await new Promise((r) => setTimeout(r, 200));
      expect(receiver.received).toHaveLength(1);

      t.clock.set(after1.nextAttemptAt);
      await receiver.waitFor(2);
      const second = await until(
        () => t.gql(token, DELIVERIES),
        (res) => res.data.viewer.webhooks[0].deliveries[0].attempts === 2,
      );
      const after2 = second.data.viewer.webhooks[0].deliveries[0];
      expect(after2).toMatchObject({ status: 'PENDING', responseStatus: 503 });
      const wait2 = Date.parse(after2.nextAttemptAt) - Date.parse(after1.nextAttemptAt);
      expect(wait2).toBeGreaterThanOrEqual(60_000);
      expect(wait2).toBeLessThanOrEqual(120_000);

      t.clock.set(after2.nextAttemptAt);
      await receiver.waitFor(3);
      const third = await until(
        () => t.gql(token, DELIVERIES),
        // The webhook and its deliveries are read by two statements, which on PostgreSQL may fall either side of the
        // commit that records the success: wait until both show it.
        (res) => res.data.viewer.webhooks[0].deliveries[0].status === 'SUCCEEDED' && res.data.viewer.webhooks[0].failureCount === 0,
      );
      expect(third.data.viewer.webhooks[0].deliveries[0]).toMatchObject({ attempts: 3, responseStatus: 200 });
      expect(third.data.viewer.webhooks[0].failureCount).toBe(0);
      expect(new Set(receiver.received.map((r) => r.headers['hoego-delivery'])).size).toBe(1);
    } finally {
      t.clock.set(NOW);
      await receiver.close();
    }
  });

  it('answer a mutation while its receiver has not answered, then time the attempt out and retry it', async () => {
    const receiver = await startReceiver([0]);
    try {
      const { token } = await t.createUser();
      ok(await t.gql(token, CREATE, { input: { url: receiver.url, events: ['GOAL_CREATED'] } }));
      const goalId = await createGoal(t, token, { title: 'Stretch', kind: 'HABIT', startDate: '2021-06-01' });
      await receiver.waitFor(1);
      // While the receiver holds the attempt open, mutations answer as usual.
      const started = Date.now();
      ok(await t.gql(token, LOG_PROGRESS, { input: { goalId, date: '2021-06-14' } }));
      ok(await t.gql(token, 'query { viewer { id } }'));
      expect(receiver.openHeld()).toBe(1);
      // Loosely: far less than the 2 s the receiver keeps hoego waiting.
      expect(Date.now() - started).toBeLessThan(1500);
      const timedOut = await until(
        () => t.gql(token, DELIVERIES),
        (res) => res.data.viewer.webhooks[0].deliveries[0].attempts === 1,
      );
      expect(timedOut.data.viewer.webhooks[0].deliveries[0]).toMatchObject({
        status: 'PENDING',
        responseStatus: null,
        lastError: 'no answer within 2000 ms',
      });
      t.clock.set(timedOut.data.viewer.webhooks[0].deliveries[0].nextAttemptAt);
      await receiver.waitFor(2);
      await until(
        () => t.gql(token, DELIVERIES),
        (res) => res.data.viewer.webhooks[0].deliveries[0].status === 'SUCCEEDED',
      );
    } finally {
      t.clock.set(NOW);
      await receiver.close();
    }
  });

  it('give up at once on a 4xx other than 429, and redeliver on request with the same event id', async () => {
    const receiver = await startReceiver([410]);
    try {
      const { token } = await t.createUser();
      ok(await t.gql(token, CREATE, { input: { url: receiver.url, events: ['GOAL_CREATED'] } }));
      await createGoal(t, token, { title: 'Cook', kind: 'HABIT', startDate: '2021-06-01' });
      const failed = await until(
        () => t.gql(token, DELIVERIES),
        (res) => res.data.viewer.webhooks[0].deliveries[0].status === 'FAILED',
      );
      const delivery = failed.data.viewer.webhooks[0].deliveries[0];
      expect(delivery).toMatchObject({ attempts: 1, responseStatus: 410, nextAttemptAt: null });
      const redelivered = ok(
        await t.gql(
          token,
          `mutation($i: RedeliverWebhookEventInput!) { redeliverWebhookEvent(input: $i) { delivery { id eventId status } } }`,
          {
            i: { deliveryId: delivery.id },
          },
        ),
      ).redeliverWebhookEvent.delivery;
      expect(redelivered).toMatchObject({ eventId: delivery.eventId, status: 'PENDING' });
      const received = await receiver.waitFor(2);
      expect(received[1].headers['hoego-delivery']).toBe(received[0].headers['hoego-delivery']);
    } finally {
      await receiver.close();
    }
  });

  it('switch a webhook off after 3 days of failures, saying why', async () => {
    const receiver = await startReceiver(Array.from({ length: 500 }, () => 500));
    try {
      const { token } = await t.createUser();
      ok(await t.gql(token, CREATE, { input: { url: receiver.url, events: ['GOAL_CREATED'] } }));
      await createGoal(t, token, { title: 'Sleep', kind: 'HABIT', startDate: '2021-06-01' });
      let state = await until(
        () => t.gql(token, DELIVERIES),
        (res) => res.data.viewer.webhooks[0].deliveries[0].attempts === 1,
      );
      for (let attempts = 1; state.data.viewer.webhooks[0].active;) {
        const next = state.data.viewer.webhooks[0].deliveries[0].nextAttemptAt;
        if (next === null) break;
        t.clock.set(next);
        attempts += 1;
        state = await until(
          () => t.gql(token, DELIVERIES),
          (res) => res.data.viewer.webhooks[0].deliveries[0].attempts === attempts,
        );
      }
      // The webhook row and its deliveries are separate statements of one read, so the read that first shows the last
      // attempt may have taken the webhook just before that attempt's commit; a read begun after it sees both.
      const webhook = ok(await t.gql(token, DELIVERIES)).viewer.webhooks[0];
      expect(webhook.deliveries[0]).toMatchObject({ status: 'FAILED', nextAttemptAt: null });
      expect(webhook.active).toBe(false);
      expect(webhook.disabledReason).toMatch(
        /^switched off at .*: every attempt since 2021-06-15T12:00:00.000Z failed \(\d+ attempts; the last: answered 500\)$/,
      );
      expect(Date.parse(t.clock.now().toISOString()) - Date.parse(NOW)).toBeGreaterThanOrEqual(3 * 24 * 3600 * 1000);
    } finally {
      t.clock.set(NOW);
      await receiver.close();
    }
  });

  it("show and change only the viewer's own webhooks and deliveries", async () => {
    const receiver = await startReceiver();
    try {
      const owner = await t.createUser();
      const other = await t.createUser();
      const created = ok(await t.gql(owner.token, CREATE, { input: { url: receiver.url, events: ['GOAL_CREATED'] } }));
      const id = created.createWebhook.webhook.id;
      await createGoal(t, owner.token, { title: 'Mine', kind: 'HABIT', startDate: '2021-06-01' });
      const done = await until(
        () => t.gql(owner.token, DELIVERIES),
        (res) => res.data.viewer.webhooks[0].deliveries[0]?.status === 'SUCCEEDED',
      );
      const deliveryId = done.data.viewer.webhooks[0].deliveries[0].id;
      expect(ok(await t.gql(other.token, DELIVERIES)).viewer.webhooks).toEqual([]);
      for (const nodeId of [id, deliveryId])
        expect(ok(await t.gql(other.token, 'query($id: ID!) { node(id: $id) { id } }', { id: nodeId })).node).toBeNull();
      expect(ok(await t.gql(owner.token, 'query($id: ID!) { node(id: $id) { id } }', { id })).node).toEqual({ id });
      const update = `mutation($i: UpdateWebhookInput!) { updateWebhook(input: $i) { webhook { id } } }`;
      expect(errorCode(await t.gql(other.token, update, { i: { id, url: 'http://127.0.0.1:9/x' } }))).toBe('NOT_FOUND');
      const del = `mutation($i: DeleteWebhookInput!) { deleteWebhook(input: $i) { deletedId } }`;
      expect(errorCode(await t.gql(other.token, del, { i: { id } }))).toBe('NOT_FOUND');
      const redeliver = `mutation($i: RedeliverWebhookEventInput!) { redeliverWebhookEvent(input: $i) { delivery { id } } }`;
      expect(errorCode(await t.gql(other.token, redeliver, { i: { deliveryId } }))).toBe('NOT_FOUND');
      // The other user's goal sends nothing to this webhook.
      await createGoal(t, other.token, { title: 'Theirs', kind: 'HABIT', startDate: '2021-06-01' });
      expect(ok(await t.gql(owner.token, 'query($id: ID!) { node(id: $id) { ... on Webhook { url } } }', { id })).node.url).toBe(
        receiver.url,
      );
      expect(ok(await t.gql(owner.token, update, { i: { id, events: ['LOG_CREATED'] } })).updateWebhook.webhook.id).toBe(id);
      expect(ok(await t.gql(owner.token, del, { i: { id } })).deleteWebhook.deletedId).toBe(id);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('refuse bad input with a coded error, creating nothing', async () => {
    const { token } = await t.createUser();
    for (const input of [
      { url: 'ftp://example.com/x', events: ['GOAL_CREATED'] },
      { url: 'not a url', events: ['GOAL_CREATED'] },
      { url: 'https://example.com/x', events: [] },
      { url: 'https://user:pw@example.com/x', events: ['GOAL_CREATED'] },
    ])
      expect(errorCode(await t.gql(token, CREATE, { input }))).toBe('BAD_USER_INPUT');
    expect(ok(await t.gql(token, DELIVERIES)).viewer.webhooks).toEqual([]);
  });
});

describe('webhooks without WEBHOOKS_ALLOW_PRIVATE_NETWORKS', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await startTestApp({ now: NOW });
  });
  afterAll(async () => {
    await strict.close();
  });

  it('refuse loopback, private and link-local URLs when created', async () => {
    const { token } = await strict.createUser();
    for (const url of [
      'http://127.0.0.1:8080/x',
      'http://localhost/x',
      'http://10.0.0.5/x',
      'http://169.254.169.254/latest',
      'http://[::1]/x',
    ]) {
      const res = await strict.gql(token, CREATE, { input: { url, events: ['LOG_CREATED'] } });
      expect([url, errorCode(res)]).toEqual([url, 'BAD_USER_INPUT']);
      expect(res.errors![0].message).toContain('WEBHOOKS_ALLOW_PRIVATE_NETWORKS');
    }
    expect(ok(await strict.gql(token, 'query { viewer { webhooks { id } } }')).viewer.webhooks).toEqual([]);
  });

  it('refuse, at connect time, a host name whose DNS answer is a loopback address', async () => {
    const name = hostname();
    // This machine's name resolves to a loopback or private address (as in /etc/hosts of containers and CI).
    const { address } = await lookup(name);
    expect(address).toMatch(/^(127\.|10\.|172\.(1[6-9]|2\d|3[01])\.|192\.168\.|::1$)/);
    const receiver = await startReceiver();
    try {
      const port = new URL(receiver.url).port;
      const refused = await postJson(`http://${name}:${port}/hook`, {}, '{}', { timeoutMs: 2000, allowPrivate: false });
      expect(refused).toMatchObject({ status: null, error: expect.stringContaining('WEBHOOKS_ALLOW_PRIVATE_NETWORKS') });
      expect(receiver.received).toHaveLength(0);
      const allowed = await postJson(`http://${name}:${port}/hook`, {}, '{}', { timeoutMs: 2000, allowPrivate: true });
      expect(allowed).toMatchObject({ status: 200, error: null });
    } finally {
      await receiver.close();
    }
  });
});
