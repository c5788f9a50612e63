import { DateTime } from 'luxon';
import { systemClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { EventEntity } from '../src/modules/event/event.entity';
import { createServices } from '../src/services';
import { scratchDatabase, TEST_DIALECT, type ScratchDatabase } from './db';
import { httpGql, startServerProcesses, type ServerProcess } from './processes';
import { startReceiver } from './webhook-receiver';

const ENV = { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_MS: '50', WEBHOOK_TIMEOUT_MS: '1000' };

/**
 * Reminders with two server processes on one database, on the real clock: the reminder set through one server
 * wakes both schedulers at its minute, and it fires once (one REMINDER event, one delivery), whichever wins.
 */
describe(`reminders with two server processes on one ${TEST_DIALECT} database`, () => {
  let scratch: ScratchDatabase;
  let servers: ServerProcess[] = [];
  let token: string;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    const db = await Database.open(loadConfig({ DATABASE_URL: scratch.url, NODE_ENV: 'test' }).database, { migrate: true });
    try {
      const services = createServices(db, systemClock);
      const user = await services.users.create({ handle: 'mina', timeZone: 'UTC' });
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

  it('fire a reminder once, at its minute', async () => {
    const receiver = await startReceiver(Array.from({ length: 5 }, () => 200));
    try {
      const [a, b] = servers;
      const hook = await httpGql(a.url, token, 'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }', {
        i: { url: receiver.url, events: ['REMINDER'] },
      });
      expect(hook.errors).toBeUndefined();
      const goal = await httpGql(b.url, token, 'mutation { createGoal(input: { title: "Plank", kind: HABIT }) { goal { id } } }');
      const goalId = goal.data.createGoal.goal.id;
      // The next whole minute at least 10 s away, set through the server that did not create the goal.
      const due = DateTime.utc().plus({ seconds: 10 }).startOf('minute').plus({ minutes: 1 });
      const set = await httpGql(b.url, token, 'mutation($i: SetReminderInput!) { setReminder(input: $i) { reminder { nextFireAt } } }', {
        i: { goalId, at: due.toFormat('HH:mm') },
      });
      expect(set.errors).toBeUndefined();
      expect(set.data.setReminder.reminder.nextFireAt).toBe(due.toISO({ suppressMilliseconds: false }));
      const [delivery] = await receiver.waitFor(1, 90_000);
      expect(delivery.headers['hoego-event']).toBe('REMINDER');
      expect(JSON.parse(delivery.body).data).toMatchObject({ dueAt: due.toISO(), late: false });
      // Both schedulers were awake at that minute: give the other time to fire a second one, if it would.
      await new Promise((r) => setTimeout(r, 3_000));
      expect(receiver.received).toHaveLength(1);
      const db = await Database.open(loadConfig({ DATABASE_URL: scratch.url, NODE_ENV: 'test' }).database, { migrate: false });
      try {
        expect(await db.read((em) => em.countBy(EventEntity, { type: 'REMINDER' }))).toBe(1);
      } finally {
        await db.close();
      }
    } finally {
      await receiver.close();
    }
  }, 120_000);
});
