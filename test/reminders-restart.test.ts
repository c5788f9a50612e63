import { EventEntity } from '../src/modules/event/event.entity';
import { scratchDatabase, TEST_DIALECT, type ScratchDatabase } from './db';
import { createGoal, ok, startTestApp, type TestApp } from './helpers';

const SET = `mutation($input: SetReminderInput!) { setReminder(input: $input) { reminder { id nextFireAt } } }`;

async function remindersOf(t: TestApp, userId: number): Promise<any[]> {
  const rows = await t.app.db.read((em) => em.find(EventEntity, { where: { userId, type: 'REMINDER' }, order: { id: 'ASC' } }));
  return rows.map((e) => JSON.parse(e.payload));
}

/** Servers that come and go on one database, each with its own test clock; the database outlives them. */
describe('reminders across server restarts and several servers', () => {
  let scratch: ScratchDatabase;
  const running: TestApp[] = [];

  const server = async (now: string) => {
    const t = await startTestApp({ databaseUrl: scratch.url, now });
    running.push(t);
    return t;
  };
  const stop = async (t: TestApp) => {
    running.splice(running.indexOf(t), 1);
    await t.close();
  };

  beforeEach(async () => {
    scratch = await scratchDatabase();
  });

  afterEach(async () => {
    for (const t of running.splice(0)) await t.close();
    await scratch.drop();
  });

  /** A user in Seoul with a habit and a reminder at 21:00 (12:00Z), made at 2021-06-15T10:00Z. */
  async function setUp(): Promise<{ userId: number; reminderId: string }> {
    const t = await server('2021-06-15T10:00:00Z');
    const { user, token } = await t.createUser({ timeZone: 'Asia/Seoul', handle: 'sleeper' });
    const goalId = await createGoal(t, token, { title: 'Stretch', kind: 'HABIT', startDate: '2021-06-01' });
    const reminder = ok(await t.gql(token, SET, { input: { goalId, at: '21:00' } })).setReminder.reminder;
    expect(reminder.nextFireAt).toBe('2021-06-15T12:00:00.000Z');
    await stop(t);
    return { userId: user.id, reminderId: reminder.id };
  }

  it('a reminder due while no server ran fires once, late, when one starts within the hour', async () => {
    const { userId, reminderId } = await setUp();
    // The server comes back 20 minutes after the reminder was due: starting, it catches up before it serves.
    const t = await server('2021-06-15T12:20:00Z');
    expect(await remindersOf(t, userId)).toEqual([
      expect.objectContaining({ reminder: expect.objectContaining({ id: reminderId }), dueAt: '2021-06-15T12:00:00.000Z', late: true }),
    ]);
    await t.app.scheduler.runOnce();
    await stop(t);
    // Another start (a crash and restart, say) does not send it again.
    const again = await server('2021-06-15T12:30:00Z');
    await again.app.scheduler.runOnce();
    expect(await remindersOf(again, userId)).toHaveLength(1);
    expect(again.app.scheduler.counts.skipped).toBe(0);
  });

  it('skips, and counts, fires missed by more than an hour, and goes on from the next one', async () => {
    const { userId } = await setUp();
    const t = await server('2021-06-17T13:30:00Z');
    expect(await remindersOf(t, userId)).toEqual([]);
    // The reminder's own missed fires, and the user's daily checks missed since 2021-06-15.
    expect(t.app.scheduler.counts.skipped).toBe(2);
    t.clock.set('2021-06-18T12:00:00Z');
    await t.app.scheduler.runOnce();
    expect((await remindersOf(t, userId)).map((e) => [e.dueAt, e.late])).toEqual([['2021-06-18T12:00:00.000Z', false]]);
  });

  it('two servers on one database fire each reminder once', async () => {
    const { userId } = await setUp();
    const a = await server('2021-06-15T11:00:00Z');
    const b = await server('2021-06-15T11:00:00Z');
    for (const day of ['15', '16', '17']) {
      a.clock.set(`2021-06-${day}T12:00:00Z`);
      b.clock.set(`2021-06-${day}T12:00:00Z`);
      const passes = [a, b, a, b].map((t) => () => t.app.scheduler.runOnce());
      // On PostgreSQL the passes race. better-sqlite3 waits for a lock synchronously, so two SQLite databases in one
      // process cannot wait for each other: there they take turns (reminders-multi-process.test.ts races two
      // SQLite processes).
      if (TEST_DIALECT === 'postgres') await Promise.all(passes.map((pass) => pass()));
      else for (const pass of passes) await pass();
    }
    const fired = await remindersOf(a, userId);
    expect(fired.map((e) => e.dueAt)).toEqual(['2021-06-15T12:00:00.000Z', '2021-06-16T12:00:00.000Z', '2021-06-17T12:00:00.000Z']);
  });
});
