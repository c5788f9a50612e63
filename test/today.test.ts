import { addDays } from '../src/domain/calendar';
import { createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

/**
 * `today` lists what each active goal asks of the day, most urgent first, and goals(needsAttention: true) answers
 * exactly the goals of its due items, in the same order. Users are in Seoul; noon there is 03:00 UTC.
 */

const TODAY = /* GraphQL */ `
  {
    today {
      date
      items {
        goal {
          id
          title
        }
        due
        done
        loggedToday
        remainingToday
        reasons
      }
    }
    goals(needsAttention: true) {
      edges {
        node {
          id
        }
      }
    }
  }
`;

const MONDAY = '2021-06-14';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: `${MONDAY}T03:00:00Z` });
});
afterAll(() => t.close());

/** Moves the clock to noon of `date` in Seoul. */
const noonOn = (date: string) => t.clock.set(`${date}T03:00:00Z`);

async function today(token: string) {
  const data = ok(await t.gql(token, TODAY));
  const dueIds = data.today.items.filter((i: any) => i.due).map((i: any) => i.goal.id);
  // The contract of needsAttention: the due items of today, in the same order.
  expect(data.goals.edges.map((e: any) => e.node.id)).toEqual(dueIds);
  return data.today as { date: string; items: any[] };
}

async function logOn(token: string, goalId: string, date: string, value = 1) {
  ok(await t.gql(token, 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id } } }', { i: { goalId, date, value } }));
}

const itemOf = (day: { items: any[] }, id: string) => day.items.find((i) => i.goal.id === id);

describe('Query.today', () => {
  afterEach(() => noonOn(MONDAY));

  it('lists a daily habit never logged as due, then done once logged, and never another user’s goals', async () => {
    const { token } = await t.createUser();
    const other = await t.createUser();
    await createGoal(t, other.token, { title: 'Theirs', kind: 'HABIT', startDate: '2021-06-01' });
    const id = await createGoal(t, token, { title: 'Floss', kind: 'HABIT', startDate: '2021-06-01' });

    let day = await today(token);
    expect(day.date).toBe(MONDAY);
    expect(day.items).toEqual([
      { goal: { id, title: 'Floss' }, due: true, done: false, loggedToday: 0, remainingToday: 1, reasons: ['DUE'] },
    ]);
    const attention = ok(await t.gql(token, 'query($id: ID!) { goal(id: $id) { attention } }', { id })).goal.attention;
    expect(attention).toEqual(['DUE']);

    await logOn(token, id, MONDAY);
    day = await today(token);
    expect(day.items).toEqual([{ goal: { id, title: 'Floss' }, due: false, done: true, loggedToday: 1, remainingToday: 0, reasons: [] }]);

    // The next day the streak of one is at risk: due again, for that reason.
    noonOn(addDays(MONDAY, 1));
    day = await today(token);
    expect(itemOf(day, id)).toMatchObject({ due: true, done: false, reasons: ['STREAK_AT_RISK'] });
    expect(day.items.map((i) => i.goal.title)).toEqual(['Floss']);
  });

  it('lists a 3-per-7 habit as due only on the days its window cannot be met without them', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Gym', kind: 'HABIT', frequency: { times: 3, perDays: 7 }, startDate: MONDAY });
    const dueOn: Record<string, boolean> = {};
    for (let n = 0; n < 7; n++) {
      const date = addDays(MONDAY, n);
      noonOn(date);
      dueOn[date] = itemOf(await today(token), id).due;
    }
    // Three logs in seven days: Friday is the last day that leaves room for all three.
    expect(Object.values(dueOn)).toEqual([false, false, false, false, true, true, true]);

    // Logged on Monday and Tuesday, only Sunday is needed for the third (with no streak yet to lose).
    const two = await createGoal(t, token, { title: 'Swim', kind: 'HABIT', frequency: { times: 3, perDays: 7 }, startDate: MONDAY });
    noonOn(addDays(MONDAY, 1));
    await logOn(token, two, MONDAY);
    await logOn(token, two, addDays(MONDAY, 1));
    const seen: boolean[] = [];
    for (let n = 2; n < 7; n++) {
      noonOn(addDays(MONDAY, n));
      seen.push(itemOf(await today(token), two).due);
    }
    expect(seen).toEqual([false, false, false, false, true]);
    expect(itemOf(await today(token), two).reasons).toEqual(['DUE']);
  });

  it('takes Mon/Wed/Fri at its word: due on those days only, shown as such, cleared with a new frequency', async () => {
    const { token } = await t.createUser();
    const created = ok(
      await t.gql(token, 'mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id frequency { times perDays weekdays } } } }', {
        i: {
          title: 'Run',
          kind: 'HABIT',
          startDate: MONDAY,
          frequency: { times: 3, perDays: 7, weekdays: ['FRIDAY', 'MONDAY', 'WEDNESDAY'] },
        },
      }),
    ).createGoal.goal;
    expect(created.frequency).toEqual({ times: 3, perDays: 7, weekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'] });
    const id = created.id;
    const dueOn: boolean[] = [];
    for (let n = 0; n < 7; n++) {
      noonOn(addDays(MONDAY, n));
      dueOn.push(itemOf(await today(token), id).due);
    }
    expect(dueOn).toEqual([true, false, true, false, true, false, false]);
    noonOn(addDays(MONDAY, 2));
    await logOn(token, id, addDays(MONDAY, 2));
    expect(itemOf(await today(token), id)).toMatchObject({ due: false, done: true, loggedToday: 1 });

    const updated = ok(
      await t.gql(token, 'mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { goal { frequency { times perDays weekdays } } } }', {
        i: { id, frequency: { times: 3, perDays: 7 } },
      }),
    ).updateGoal.goal;
    expect(updated.frequency).toEqual({ times: 3, perDays: 7, weekdays: null });
  });

  it('refuses weekdays that cannot apply, naming the field, and creates nothing', async () => {
    const { token } = await t.createUser();
    const target = await t.gql(token, 'mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id } } }', {
      i: { title: 'Read', kind: 'TARGET', target: 10, frequency: { times: 1, perDays: 1, weekdays: ['MONDAY'] } },
    });
    expect(errorCode(target)).toBe('BAD_USER_INPUT');
    const empty = await t.gql(token, 'mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id } } }', {
      i: { title: 'Run', kind: 'HABIT', frequency: { times: 1, perDays: 1, weekdays: [] } },
    });
    expect(errorCode(empty)).toBe('BAD_USER_INPUT');
    expect(empty.errors![0].message).toMatch(/frequency\.weekdays/);
    expect(ok(await t.gql(token, '{ goals { totalCount } }')).goals.totalCount).toBe(0);
  });

  it('orders the day: overdue, due today, streak at risk, due, behind pace, then open, then done', async () => {
    const { token } = await t.createUser();
    const behind = await createGoal(t, token, {
      title: 'behind',
      kind: 'TARGET',
      target: 100,
      startDate: '2021-06-01',
      dueDate: '2021-12-31',
    });
    const dueHabit = await createGoal(t, token, { title: 'due', kind: 'HABIT', startDate: MONDAY });
    const streak = await createGoal(t, token, { title: 'streak', kind: 'HABIT', startDate: '2021-06-12' });
    await logOn(token, streak, '2021-06-13');
    const done = await createGoal(t, token, { title: 'done', kind: 'HABIT', startDate: MONDAY });
    await logOn(token, done, MONDAY);
    const open = await createGoal(t, token, { title: 'open', kind: 'HABIT', frequency: { times: 1, perDays: 7 }, startDate: MONDAY });
    const dueToday = await createGoal(t, token, { title: 'due today', kind: 'MILESTONES', startDate: '2021-06-01', dueDate: MONDAY });
    const overdue = await createGoal(t, token, { title: 'overdue', kind: 'MILESTONES', startDate: '2021-06-01', dueDate: '2021-06-13' });
    await createGoal(t, token, { title: 'quiet', kind: 'MILESTONES', startDate: '2021-06-01', dueDate: '2021-07-01' });
    const paused = await createGoal(t, token, { title: 'set aside', kind: 'HABIT', startDate: '2021-06-01' });
    ok(
      await t.gql(token, 'mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { goal { id } } }', {
        i: { id: paused, status: 'PAUSED' },
      }),
    );

    const day = await today(token);
    expect(day.items.map((i) => i.goal.id)).toEqual([overdue, dueToday, streak, dueHabit, behind, open, done]);
    expect(day.items.map((i) => i.reasons)).toEqual([['OVERDUE'], ['DUE_TODAY'], ['STREAK_AT_RISK'], ['DUE'], ['BEHIND_PACE'], [], []]);
    const behindItem = itemOf(day, behind);
    expect(behindItem.due).toBe(true);
    expect(behindItem.remainingToday).toBeGreaterThan(0);
    expect(itemOf(day, open)).toMatchObject({ due: false, done: false });
  });
});
