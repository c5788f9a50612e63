import { EventEntity } from '../src/modules/event/event.entity';
import { createGoal, errorCode, LOG_PROGRESS, ok, startTestApp, type TestApp } from './helpers';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

const SET = /* GraphQL */ `
  mutation ($input: SetReminderInput!) {
    setReminder(input: $input) {
      reminder {
        id
        at
        weekdays
        when
        nextFireAt
        goal {
          id
        }
      }
      goal {
        id
        reminders {
          id
        }
      }
    }
  }
`;
const DELETE = `mutation($input: DeleteReminderInput!) { deleteReminder(input: $input) { deletedId goal { id reminders { id } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on Reminder { at when } } }`;
const NODE_GOAL = `query($id: ID!) { node(id: $id) { ... on Goal { reminders { id } } } }`;

async function eventsOf(userId: number, types: string[] = ['REMINDER']): Promise<Array<EventEntity & { data: any }>> {
  const rows = await t.app.db.read((em) => em.find(EventEntity, { where: { userId }, order: { id: 'ASC' } }));
  return rows.filter((e) => types.includes(e.type)).map((e) => Object.assign(e, { data: JSON.parse(e.payload) }));
}

/** Moves the test clock to `instant` and runs the scheduler there. */
async function runAt(instant: string): Promise<void> {
  t.clock.set(instant);
  await t.app.scheduler.runOnce();
}

describe('setReminder and deleteReminder', () => {
  it('adds reminders to a goal, shows them on the goal and through node(id:), and deletes them', async () => {
    t.clock.set('2021-06-15T12:00:00Z');
    const { token } = await t.createUser({ timeZone: 'Asia/Seoul' });
    const goalId = await createGoal(t, token, { title: 'Stretch', kind: 'HABIT', startDate: '2021-06-01' });
    const first = ok(await t.gql(token, SET, { input: { goalId, at: '21:00' } })).setReminder;
    // 21:00 in Seoul is 12:00Z, which has just passed: the next one is tomorrow's.
    expect(first.reminder).toMatchObject({
      at: '21:00',
      weekdays: null,
      when: 'ALWAYS',
      nextFireAt: '2021-06-16T12:00:00.000Z',
      goal: { id: goalId },
    });
    const second = ok(
      await t.gql(token, SET, { input: { goalId, at: '07:30', weekdays: ['SATURDAY', 'MONDAY'], when: 'IF_DUE' } }),
    ).setReminder;
    // 2021-06-19 is a Saturday; 07:30 in Seoul is 22:30Z the day before.
    expect(second.reminder).toMatchObject({ weekdays: ['MONDAY', 'SATURDAY'], when: 'IF_DUE', nextFireAt: '2021-06-18T22:30:00.000Z' });
    expect(second.goal.reminders).toEqual([{ id: first.reminder.id }, { id: second.reminder.id }]);
    expect(ok(await t.gql(token, NODE, { id: first.reminder.id })).node).toEqual({
      __typename: 'Reminder',
      id: first.reminder.id,
      at: '21:00',
      when: 'ALWAYS',
    });
    const deleted = ok(await t.gql(token, DELETE, { input: { id: first.reminder.id } })).deleteReminder;
    expect(deleted).toEqual({ deletedId: first.reminder.id, goal: { id: goalId, reminders: [{ id: second.reminder.id }] } });
    expect(ok(await t.gql(token, NODE, { id: first.reminder.id })).node).toBeNull();
    expect(errorCode(await t.gql(token, DELETE, { input: { id: first.reminder.id } }))).toBe('NOT_FOUND');
  });

  it('refuses bad times, empty weekdays and an eleventh reminder, and changes nothing', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Read', kind: 'HABIT', startDate: '2021-06-01' });
    for (const at of ['24:00', '9:00', '12:60', '', '12:00:00']) {
      const res = await t.gql(token, SET, { input: { goalId, at } });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('at');
    }
    expect(errorCode(await t.gql(token, SET, { input: { goalId, at: '08:00', weekdays: [] } }))).toBe('BAD_USER_INPUT');
    for (let i = 0; i < 10; i++) ok(await t.gql(token, SET, { input: { goalId, at: `0${i}:00` } }));
    expect(errorCode(await t.gql(token, SET, { input: { goalId, at: '23:59' } }))).toBe('CONFLICT');
    const goal = ok(await t.gql(token, `query($id: ID!) { node(id: $id) { ... on Goal { reminders { at } } } }`, { id: goalId }));
    expect(goal.node.reminders.map((r: { at: string }) => r.at)).toEqual([...Array(10).keys()].map((i) => `0${i}:00`));
  });

  it('answers a retry with the same requestId with the first reminder, and refuses its reuse for another', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Walk', kind: 'HABIT', startDate: '2021-06-01' });
    const input = { goalId, at: '18:00', weekdays: ['FRIDAY'], requestId: 'r-1' };
    const a = ok(await t.gql(token, SET, { input })).setReminder;
    const b = ok(await t.gql(token, SET, { input })).setReminder;
    expect(b.reminder.id).toBe(a.reminder.id);
    expect(b.goal.reminders).toHaveLength(1);
    expect(errorCode(await t.gql(token, SET, { input: { ...input, at: '19:00' } }))).toBe('CONFLICT');
    // Sent several times at once, it still makes one reminder.
    const together = { ...input, requestId: 'r-2' };
    const answers = await Promise.all([1, 2, 3, 4].map(() => t.gql(token, SET, { input: together })));
    expect(new Set(answers.map((res) => ok(res).setReminder.reminder.id)).size).toBe(1);
    expect(ok(await t.gql(token, NODE_GOAL, { id: goalId })).node.reminders).toHaveLength(2);
  });

  it("keeps each user's reminders to themselves: another user's are NOT_FOUND everywhere", async () => {
    const owner = await t.createUser();
    const other = await t.createUser();
    const goalId = await createGoal(t, owner.token, { title: 'Mine', kind: 'HABIT', startDate: '2021-06-01' });
    const id = ok(await t.gql(owner.token, SET, { input: { goalId, at: '21:00' } })).setReminder.reminder.id;
    expect(ok(await t.gql(other.token, NODE, { id })).node).toBeNull();
    expect(errorCode(await t.gql(other.token, DELETE, { input: { id } }))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(other.token, SET, { input: { goalId, at: '21:00' } }))).toBe('NOT_FOUND');
    const goal = ok(await t.gql(owner.token, `query($id: ID!) { node(id: $id) { ... on Goal { reminders { id } } } }`, { id: goalId }));
    expect(goal.node.reminders).toEqual([{ id }]);
  });
});

describe('the scheduler', () => {
  it("fires a REMINDER at the owner's local time in Seoul, once", async () => {
    t.clock.set('2021-06-15T12:00:00Z');
    const { user, token } = await t.createUser({ timeZone: 'Asia/Seoul' });
    const goalId = await createGoal(t, token, { title: 'Stretch', kind: 'HABIT', startDate: '2021-06-01' });
    const reminderId = ok(await t.gql(token, SET, { input: { goalId, at: '21:00' } })).setReminder.reminder.id;
    await runAt('2021-06-16T11:59:59Z');
    expect(await eventsOf(user.id)).toEqual([]);
    await runAt('2021-06-16T12:00:00Z');
    await t.app.scheduler.runOnce();
    const events = await eventsOf(user.id);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({
      reminder: { id: reminderId, goalId, at: '21:00' },
      dueAt: '2021-06-16T12:00:00.000Z',
      late: false,
    });
    expect(events[0].goalId).toBe(Number(Buffer.from(goalId, 'base64url').toString().split(':')[1]));
    const after = ok(await t.gql(token, NODE.replace('at when', 'at when nextFireAt'), { id: reminderId }));
    expect(after.node.nextFireAt).toBe('2021-06-17T12:00:00.000Z');
  });

  it('in New York, a time the spring-forward gap skips fires at the next valid minute, and a repeated one fires once', async () => {
    t.clock.set('2021-03-13T12:00:00Z');
    const { user, token } = await t.createUser({ timeZone: 'America/New_York' });
    const goalId = await createGoal(t, token, { title: 'Night walk', kind: 'HABIT', startDate: '2021-03-01' });
    const gap = ok(await t.gql(token, SET, { input: { goalId, at: '02:30' } })).setReminder.reminder;
    // 2021-03-14 02:00 EST jumps to 03:00 EDT (07:00Z): 02:30 does not exist that night.
    expect(gap.nextFireAt).toBe('2021-03-14T07:00:00.000Z');
    await runAt('2021-03-14T07:00:00Z');
    expect((await eventsOf(user.id)).map((e) => e.data.dueAt)).toEqual(['2021-03-14T07:00:00.000Z']);
    // The day after, 02:30 EDT is 06:30Z.
    const moved = ok(await t.gql(token, NODE.replace('at when', 'nextFireAt'), { id: gap.id }));
    expect(moved.node.nextFireAt).toBe('2021-03-15T06:30:00.000Z');
    ok(await t.gql(token, DELETE, { input: { id: gap.id } }));

    t.clock.set('2021-11-06T12:00:00Z');
    const repeated = ok(await t.gql(token, SET, { input: { goalId, at: '01:30' } })).setReminder.reminder;
    // 2021-11-07 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST): it fires at the first.
    expect(repeated.nextFireAt).toBe('2021-11-07T05:30:00.000Z');
    await runAt('2021-11-07T05:30:00Z');
    await runAt('2021-11-07T06:30:00Z');
    await runAt('2021-11-07T06:45:00Z');
    const fired = (await eventsOf(user.id)).map((e) => e.data.dueAt);
    expect(fired).toEqual(['2021-03-14T07:00:00.000Z', '2021-11-07T05:30:00.000Z']);
    const next = ok(await t.gql(token, NODE.replace('at when', 'nextFireAt'), { id: repeated.id }));
    expect(next.node.nextFireAt).toBe('2021-11-08T06:30:00.000Z');
  });

  it('IF_DUE stays silent once the habit is done today, and speaks when it is not', async () => {
    t.clock.set('2021-06-15T12:00:00Z');
    const { user, token } = await t.createUser({ timeZone: 'Asia/Seoul' });
    const goalId = await createGoal(t, token, { title: 'Floss', kind: 'HABIT', startDate: '2021-06-01' });
    ok(await t.gql(token, SET, { input: { goalId, at: '22:00', when: 'IF_DUE' } }));
    ok(await t.gql(token, SET, { input: { goalId, at: '22:30', when: 'IF_STREAK_AT_RISK' } }));
    t.clock.set('2021-06-16T10:00:00Z');
    ok(await t.gql(token, LOG_PROGRESS, { input: { goalId, value: 1, date: '2021-06-16' } }));
    await runAt('2021-06-16T13:00:00Z');
    await runAt('2021-06-16T13:30:00Z');
    expect(await eventsOf(user.id)).toEqual([]);
    // The next day nothing is logged: due at 22:00, and the one-day streak is at risk at 22:30.
    await runAt('2021-06-17T13:00:00Z');
    await runAt('2021-06-17T13:30:00Z');
    const events = await eventsOf(user.id);
    expect(events.map((e) => [e.data.reminder.when, e.data.reasons])).toEqual([
      ['IF_DUE', ['STREAK_AT_RISK']],
      ['IF_STREAK_AT_RISK', ['STREAK_AT_RISK']],
    ]);
  });

  it('stays silent for a goal that is not active, and goes with a deleted goal', async () => {
    t.clock.set('2021-06-15T12:00:00Z');
    const { user, token } = await t.createUser({ timeZone: 'Asia/Seoul' });
    const archived = await createGoal(t, token, { title: 'Old', kind: 'HABIT', startDate: '2021-06-01' });
    const deleted = await createGoal(t, token, { title: 'Gone', kind: 'HABIT', startDate: '2021-06-01' });
    ok(await t.gql(token, SET, { input: { goalId: archived, at: '21:00' } }));
    const gone = ok(await t.gql(token, SET, { input: { goalId: deleted, at: '21:00' } })).setReminder.reminder.id;
    ok(
      await t.gql(token, `mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { goal { status } } }`, {
        i: { id: archived, status: 'ARCHIVED' },
      }),
    );
    ok(await t.gql(token, `mutation($i: DeleteGoalInput!) { deleteGoal(input: $i) { deletedId } }`, { i: { id: deleted } }));
    expect(ok(await t.gql(token, NODE, { id: gone })).node).toBeNull();
    await runAt('2021-06-16T12:00:00Z');
    expect(await eventsOf(user.id)).toEqual([]);
  });

  it("works the next instants out again when the owner's zone changes", async () => {
    t.clock.set('2021-06-15T12:00:00Z');
    const { token } = await t.createUser({ timeZone: 'Asia/Seoul' });
    const goalId = await createGoal(t, token, { title: 'Tea', kind: 'HABIT', startDate: '2021-06-01' });
    const id = ok(await t.gql(token, SET, { input: { goalId, at: '21:00' } })).setReminder.reminder.id;
    ok(await t.gql(token, `mutation { updateViewer(input: { timeZone: "Europe/Berlin" }) { viewer { timeZone } } }`));
    // 21:00 in Berlin (CEST) is 19:00Z, still ahead today.
    expect(ok(await t.gql(token, NODE.replace('at when', 'nextFireAt'), { id })).node.nextFireAt).toBe('2021-06-15T19:00:00.000Z');
  });
});

describe('the daily check', () => {
  const HABIT = { kind: 'HABIT', startDate: '2021-06-10' };

  it('sends STREAK_AT_RISK and HABIT_DUE once a day at 20:00, for the goals in that state then', async () => {
    t.clock.set('2021-06-15T12:00:00Z');
    const { user, token } = await t.createUser({ timeZone: 'Asia/Seoul' });
    const kept = await createGoal(t, token, { ...HABIT, title: 'kept' });
    const fresh = await createGoal(t, token, { ...HABIT, title: 'fresh' });
    const done = await createGoal(t, token, { ...HABIT, title: 'done' });
    await createGoal(t, token, { title: 'book', kind: 'TARGET', target: 10, startDate: '2021-06-10' });
    for (const date of ['2021-06-14', '2021-06-15']) ok(await t.gql(token, LOG_PROGRESS, { input: { goalId: kept, value: 1, date } }));
    ok(await t.gql(token, LOG_PROGRESS, { input: { goalId: done, value: 1, date: '2021-06-15' } }));
    t.clock.set('2021-06-16T09:00:00Z');
    ok(await t.gql(token, LOG_PROGRESS, { input: { goalId: done, value: 1, date: '2021-06-16' } }));
    const types = ['STREAK_AT_RISK', 'HABIT_DUE'];
    await runAt('2021-06-16T10:59:00Z');
    expect(await eventsOf(user.id, types)).toEqual([]);
    // 20:00 in Seoul is 11:00Z.
    await runAt('2021-06-16T11:00:00Z');
    await runAt('2021-06-16T11:30:00Z');
    const first = await eventsOf(user.id, types);
    expect(first.map((e) => [e.type, e.data.goal.id, e.data.date, e.data.late])).toEqual([
      ['STREAK_AT_RISK', kept, '2021-06-16', false],
      ['HABIT_DUE', fresh, '2021-06-16', false],
    ]);
    await runAt('2021-06-17T11:00:00Z');
    const second = await eventsOf(user.id, types);
    expect(second.slice(2).map((e) => [e.type, e.data.goal.id, e.data.date])).toEqual([
      ['STREAK_AT_RISK', done, '2021-06-17'],
      ['HABIT_DUE', kept, '2021-06-17'],
      ['HABIT_DUE', fresh, '2021-06-17'],
    ]);
  });

  it('runs at the hour the owner chooses, and not at all when switched off; a bad hour is refused', async () => {
    t.clock.set('2021-06-15T12:00:00Z');
    const { user, token } = await t.createUser({ timeZone: 'Asia/Seoul' });
    await createGoal(t, token, { ...HABIT, title: 'x' });
    const UPDATE = `mutation($i: UpdateViewerInput!) { updateViewer(input: $i) { viewer { dailyCheckAt } } }`;
    expect(ok(await t.gql(token, `{ viewer { dailyCheckAt } }`)).viewer.dailyCheckAt).toBe('20:00');
    const bad = await t.gql(token, UPDATE, { i: { dailyCheckAt: '7:00' } });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(ok(await t.gql(token, UPDATE, { i: { dailyCheckAt: '07:00' } })).updateViewer.viewer.dailyCheckAt).toBe('07:00');
    const types = ['STREAK_AT_RISK', 'HABIT_DUE'];
    await runAt('2021-06-16T11:00:00Z');
    expect(await eventsOf(user.id, types)).toEqual([]);
    // 07:00 in Seoul is 22:00Z the day before.
    await runAt('2021-06-16T22:00:00Z');
    expect((await eventsOf(user.id, types)).map((e) => e.data.date)).toEqual(['2021-06-17']);
    expect(ok(await t.gql(token, UPDATE, { i: { dailyCheckAt: '' } })).updateViewer.viewer.dailyCheckAt).toBeNull();
    await runAt('2021-06-17T22:00:00Z');
    await runAt('2021-06-18T11:00:00Z');
    expect(await eventsOf(user.id, types)).toHaveLength(1);
  });
});
