import { systemClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { createServices } from '../src/services';
import { scratchDatabase, type ScratchDatabase } from './db';
import { httpGql, startServerProcesses, type ServerProcess } from './processes';
import { wsSubscribe, wsUrl, type WsSubscription } from './ws-client';

const EVENTS = 'subscription { events { type goal { id progress { current } } log { value } } }';
const CREATE_GOAL = 'mutation($t: String!) { createGoal(input: { title: $t, kind: TARGET, target: 100 }) { goal { id } } }';
const LOG = 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id } } }';

/**
 * Subscriptions with two server processes on one PostgreSQL: an event committed by either server reaches the
 * subscribers of both (PostgreSQL's NOTIFY wakes each server's feed), in order, once, and only its owner's.
 */
describe('subscriptions with two server processes on one PostgreSQL database', () => {
  let scratch: ScratchDatabase;
  let servers: ServerProcess[] = [];
  let mina: string;
  let juno: string;
  const open: WsSubscription[] = [];

  beforeAll(async () => {
    scratch = await scratchDatabase('postgres');
    const db = await Database.open(loadConfig({ DATABASE_URL: scratch.url, NODE_ENV: 'test' }).database, { migrate: true });
    try {
      const services = createServices(db, systemClock);
      for (const handle of ['mina', 'juno']) {
        const user = await services.users.create({ handle, timeZone: 'Asia/Seoul' });
        const { secret } = await services.tokens.create(user.id, 'test', ['read', 'write']);
        if (handle === 'mina') mina = secret;
        else juno = secret;
      }
    } finally {
      await db.close();
    }
    servers = await startServerProcesses([1, 2].map(() => ({ DATABASE_URL: scratch.url })));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    await Promise.all(servers.map((s) => s.stop()));
    await scratch?.drop();
  });

  /** Subscribes on `server` and waits until a goal created on `other` arrives, so that the subscription is live. */
  async function liveSubscription(server: ServerProcess, other: ServerProcess, token: string): Promise<WsSubscription> {
    const sub = await wsSubscribe(wsUrl(server.url), { authorization: `Bearer ${token}` }, EVENTS);
    open.push(sub);
    for (let i = 0; sub.results.length === 0; i++) {
      if (i > 100) throw new Error(`no event reached the subscriber on ${server.url}: ${JSON.stringify(sub.errors)}`);
      expect((await httpGql(other.url, token, CREATE_GOAL, { t: `warm-up ${i}` })).errors).toBeUndefined();
      await new Promise((r) => setTimeout(r, 100));
    }
    return sub;
  }

  it("delivers an event committed on either server to the owner's subscribers on both, in order, once", async () => {
    const [a, b] = servers;
    const onA = await liveSubscription(a, b, mina);
    const onB = await liveSubscription(b, a, mina);
    const other = await liveSubscription(a, b, juno);
    const goal = await httpGql(a.url, mina, CREATE_GOAL, { t: 'Pages' });
    const goalId = goal.data.createGoal.goal.id;
    // Once its GOAL_CREATED has arrived on both, every warm-up event before it has too.
    const arrived = (sub: WsSubscription) => sub.results.some((r) => r.events.goal?.id === goalId);
    for (let i = 0; !arrived(onA) || !arrived(onB); i++) {
      if (i > 500) throw new Error('the goal did not reach both subscribers');
      await new Promise((r) => setTimeout(r, 10));
    }
    const warmA = onA.results.length;
    const warmB = onB.results.length;
    const warmOther = other.results.length;
    for (let i = 1; i <= 10; i++) {
      const res = await httpGql((i % 2 === 0 ? a : b).url, mina, LOG, { i: { goalId, value: i, date: '2021-06-01' } });
      expect(res.errors).toBeUndefined();
    }
    for (const [sub, warm] of [
      [onA, warmA],
      [onB, warmB],
    ] as const) {
      const logs = (await sub.waitFor(warm + 10)).slice(warm).map((r) => r.events);
      expect(logs.map((e) => e.type)).toEqual(Array(10).fill('LOG_CREATED'));
      expect(logs.map((e) => e.log.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(logs.every((e) => e.goal.id === goalId)).toBe(true);
    }
    // Juno's own next event arrives after all of Mina's, and none of Mina's came before it.
    const junoGoal = await httpGql(b.url, juno, CREATE_GOAL, { t: 'Own' });
    const [own] = (await other.waitFor(warmOther + 1)).slice(warmOther);
    expect(own.events.goal.id).toBe(junoGoal.data.createGoal.goal.id);
    expect(other.results).toHaveLength(warmOther + 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(onA.results).toHaveLength(warmA + 10);
    expect(onB.results).toHaveLength(warmB + 10);
  }, 60_000);
});
