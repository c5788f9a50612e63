import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { createServices } from '../src/services';
import { systemClock } from '../src/clock';
import { scratchDatabase, TEST_DIALECT, type ScratchDatabase } from './db';
import { httpGql, startServerProcess, startServerProcesses, type ServerProcess } from './processes';
import { startReceiver } from './webhook-receiver';

const ENV = { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_MS: '50', WEBHOOK_TIMEOUT_MS: '1000' };
const LOG = 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id } } }';

/**
 * Webhooks with two server processes on one database: each event goes out once, whichever server wrote it and
 * however many servers look for due deliveries; and a delivery cut off by a server's death goes out again, with
 * the same Hoego-Delivery, from a server started afterwards.
 */
describe(`webhooks with two server processes on one ${TEST_DIALECT} database`, () => {
  let scratch: ScratchDatabase;
  let servers: ServerProcess[] = [];
  let token: string;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    // Migrated once first, so that both servers start on a ready database.
    const db = await Database.open(loadConfig({ DATABASE_URL: scratch.url, NODE_ENV: 'test' }).database, { migrate: true });
    try {
      const services = createServices(db, systemClock);
      const user = await services.users.create({ handle: 'mina', timeZone: 'Asia/Seoul' });
      token = (await services.tokens.create(user.id, 'test', ['read', 'write'])).secret;
    } finally {
      await db.close();
    }
    servers = await startServerProcesses([1, 2].map(() => ({ DATABASE_URL: scratch.url, ...ENV })));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await scratch?.drop();
  });

  it('deliver each event once, and again after the servers die mid-delivery, with the same Hoego-Delivery', async () => {
    // 20 answers, then one held open (the servers die meanwhile), then answers again.
    const receiver = await startReceiver([...Array.from({ length: 20 }, () => 200), 0]);
    try {
      const [a, b] = servers;
      const created = await httpGql(a.url, token, 'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }', {
        i: { url: receiver.url, events: ['LOG_CREATED'] },
      });
      expect(created.errors).toBeUndefined();
      const goal = await httpGql(b.url, token, 'mutation { createGoal(input: { title: "Plank", kind: HABIT }) { goal { id } } }');
      const goalId = goal.data.createGoal.goal.id;
      for (let i = 0; i < 20; i++) {
        const res = await httpGql((i % 2 === 0 ? a : b).url, token, LOG, { i: { goalId, value: i + 1, date: '2021-06-01' } });
        expect(res.errors).toBeUndefined();
      }
      await receiver.waitFor(20);
      const statuses = 'query { viewer { webhooks { deliveries(first: 100) { status } } } }';
      for (let settled = false; !settled; await new Promise((r) => setTimeout(r, 50))) {
        const res = await httpGql(a.url, token, statuses);
        settled = res.data.viewer.webhooks[0].deliveries.every((d: { status: string }) => d.status === 'SUCCEEDED');
      }
      expect(receiver.received).toHaveLength(20);
      const values = receiver.received.map((r) => JSON.parse(r.body).data.log.value).sort((x: number, y: number) => x - y);
      expect(values).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(new Set(receiver.received.map((r) => r.headers['hoego-delivery'])).size).toBe(20);

      expect((await httpGql(a.url, token, LOG, { i: { goalId, value: 100, date: '2021-06-02' } })).errors).toBeUndefined();
      const [held] = (await receiver.waitFor(21)).slice(20);
      await Promise.all(servers.map((s) => s.stop('SIGKILL')));
      servers = [await startServerProcess({ DATABASE_URL: scratch.url, ...ENV })];
      const [again] = (await receiver.waitFor(22, 30_000)).slice(21);
      expect(again.headers['hoego-delivery']).toBe(held.headers['hoego-delivery']);
      expect(JSON.parse(again.body).data.log.value).toBe(100);
    } finally {
      await receiver.close();
    }
  }, 120_000);
});
