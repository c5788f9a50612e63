import { addDays } from '../src/domain/calendar';
import { createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

const GOAL_ANALYTICS = /* GraphQL */ `
  query Analytics($id: ID!, $from: LocalDate!, $to: LocalDate!) {
    goal(id: $id) {
      id
      streak {
        current
        longest
        longestStart
        longestEnd
      }
      score
      scoreHistory(from: $from, to: $to) {
        date
        score
      }
      pace {
        expectedToDate
        actual
        onTrack
        daysAhead
        neededPerDay
        projectedCompletion
      }
      pauses {
        id
        from
        to
        reason
      }
      attention
    }
  }
`;

async function logOn(t: TestApp, token: string, goalId: string, date: string, value = 1) {
  ok(await t.gql(token, 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id } } }', { i: { goalId, date, value } }));
}

async function analytics(t: TestApp, token: string, id: string, from: string, to: string) {
  return ok(await t.gql(token, GOAL_ANALYTICS, { id, from, to })).goal;
}

describe('habit analytics through GraphQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    // 2021-06-15 12:00 UTC is 21:00 in Seoul: the user's day is 2021-06-15 and not over yet.
    t = await startTestApp({ now: '2021-06-15T12:00:00Z' });
  });
  afterAll(() => t.close());

  it("reproduces Loop Habit Tracker's vector: a daily habit logged on each of the last 20 days", async () => {
    const { token } = await t.createUser();
    const today = '2021-06-15';
    const first = addDays(today, -19);
    const id = await createGoal(t, token, { title: 'Planche practice', kind: 'HABIT', startDate: first });
    for (let i = 0; i < 20; i++) await logOn(t, token, id, addDays(first, i));
    const goal = await analytics(t, token, id, first, today);
    // Loop publishes six decimals; 1e-6 is the tolerance of its own tests.
    expect(Math.abs(goal.score - 0.655747)).toBeLessThan(1e-6);
    expect(goal.scoreHistory[0].date).toBe(first);
    expect(Math.abs(goal.scoreHistory[0].score - 0.051922)).toBeLessThan(1e-6);
    expect(goal.scoreHistory).toHaveLength(20);
    expect(goal.streak).toEqual({ current: 20, longest: 20, longestStart: first, longestEnd: today });
    expect(goal.pace).toBeNull();
    expect(goal.attention).toEqual([]);
  });

  it('keeps the streak alive until the day ends, and flags it as at risk tonight', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Push-ups', kind: 'HABIT', startDate: '2021-06-10' });
    for (const d of ['2021-06-12', '2021-06-13', '2021-06-14']) await logOn(t, token, id, d);
    let goal = await analytics(t, token, id, '2021-06-15', '2021-06-15');
    expect(goal.streak.current).toBe(3);
    expect(goal.attention).toEqual(['STREAK_AT_RISK']);
    const attention = ok(await t.gql(token, '{ goals(needsAttention: true) { totalCount edges { node { id } } } }'));
    expect(attention.goals.edges.map((e: any) => e.node.id)).toEqual([id]);

    await logOn(t, token, id, '2021-06-15');
    goal = await analytics(t, token, id, '2021-06-15', '2021-06-15');
    expect(goal.streak.current).toBe(4);
    expect(goal.attention).toEqual([]);
    expect(ok(await t.gql(token, '{ goals(needsAttention: true) { totalCount } }')).goals.totalCount).toBe(0);
  });

  it('bridges paused days: a rest week neither breaks the streak nor moves the score', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Stretching', kind: 'HABIT', startDate: '2021-06-01' });
    for (const d of ['2021-06-01', '2021-06-02', '2021-06-03', '2021-06-04']) await logOn(t, token, id, d);
    for (const d of ['2021-06-12', '2021-06-13', '2021-06-14', '2021-06-15']) await logOn(t, token, id, d);
    const before = await analytics(t, token, id, '2021-06-04', '2021-06-12');
    expect(before.streak.current).toBe(4);

    const paused = ok(
      await t.gql(token, 'mutation($i: PauseGoalInput!) { pauseGoal(input: $i) { pause { id from to reason } goal { id } } }', {
        i: { goalId: id, from: '2021-06-05', to: '2021-06-11', reason: 'rest week' },
      }),
    ).pauseGoal;
    expect(paused.pause).toMatchObject({ from: '2021-06-05', to: '2021-06-11', reason: 'rest week' });

    const after = await analytics(t, token, id, '2021-06-04', '2021-06-12');
    expect(after.streak).toEqual({ current: 8, longest: 8, longestStart: '2021-06-01', longestEnd: '2021-06-15' });
    const byDate = new Map(after.scoreHistory.map((s: any) => [s.date, s.score]));
    for (const d of ['2021-06-05', '2021-06-08', '2021-06-11']) expect(byDate.get(d)).toBeCloseTo(byDate.get('2021-06-04') as number, 12);
    expect(after.pauses).toHaveLength(1);

    const deleted = ok(
      await t.gql(token, 'mutation($i: DeletePauseInput!) { deletePause(input: $i) { deletedId } }', { i: { id: paused.pause.id } }),
    );
    expect(deleted.deletePause.deletedId).toBe(paused.pause.id);
    expect((await analytics(t, token, id, '2021-06-15', '2021-06-15')).streak.current).toBe(4);
  });

  it('pauseAll pauses every active goal and rejects a range that ends before it starts', async () => {
    const { token } = await t.createUser();
    await createGoal(t, token, { title: 'A', kind: 'HABIT' });
    await createGoal(t, token, { title: 'B', kind: 'TARGET', target: 10 });
    const res = ok(
      await t.gql(
        token,
        'mutation { pauseAll(input: { from: "2021-07-01", to: "2021-07-07", reason: "holiday" }) { pauses { id from to } } }',
      ),
    );
    expect(res.pauseAll.pauses).toHaveLength(2);
    const bad = await t.gql(token, 'mutation { pauseAll(input: { from: "2021-07-07", to: "2021-07-01" }) { pauses { id } } }');
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.field).toBe('to');
  });

  it('computes pace for a target goal and lists it as behind pace', async () => {
    const { token } = await t.createUser();
    // 30 words a day from 06-01 to 06-30 (900 in all); by the end of 06-15, 450 are expected.
    const id = await createGoal(t, token, {
      title: 'Paper draft words',
      kind: 'TARGET',
      target: 900,
      unit: 'words',
      startDate: '2021-06-01',
      dueDate: '2021-06-30',
    });
    await logOn(t, token, id, '2021-06-10', 300);
    const goal = await analytics(t, token, id, '2021-06-15', '2021-06-15');
    expect(goal.score).toBeNull();
    expect(goal.streak).toBeNull();
    expect(goal.pace).toMatchObject({ expectedToDate: 450, actual: 300, onTrack: false, daysAhead: -5 });
    expect(goal.pace.neededPerDay).toBeCloseTo(600 / 16, 9);
    expect(goal.attention).toEqual(['BEHIND_PACE']);
  });

  it('orders needsAttention most urgent first: overdue, due today, streak at risk, behind pace', async () => {
    const { token } = await t.createUser();
    const behind = await createGoal(t, token, {
      title: 'behind',
      kind: 'TARGET',
      target: 100,
      startDate: '2021-06-01',
      dueDate: '2021-12-31',
    });
    const streak = await createGoal(t, token, { title: 'streak', kind: 'HABIT', startDate: '2021-06-13' });
    await logOn(t, token, streak, '2021-06-14');
    const dueToday = await createGoal(t, token, { title: 'due today', kind: 'MILESTONES', startDate: '2021-06-01', dueDate: '2021-06-15' });
    const overdue = await createGoal(t, token, { title: 'overdue', kind: 'MILESTONES', startDate: '2021-06-01', dueDate: '2021-06-14' });
    await createGoal(t, token, { title: 'fine', kind: 'MILESTONES', startDate: '2021-06-01', dueDate: '2021-07-01' });
    const res = ok(await t.gql(token, '{ goals(needsAttention: true) { totalCount edges { node { id attention } } } }'));
    expect(res.goals.edges.map((e: any) => e.node.id)).toEqual([overdue, dueToday, streak, behind]);
    expect(res.goals.edges.map((e: any) => e.node.attention)).toEqual([['OVERDUE'], ['DUE_TODAY'], ['STREAK_AT_RISK'], ['BEHIND_PACE']]);
    const page = ok(
      await t.gql(token, '{ goals(needsAttention: true, first: 2) { edges { node { id } } pageInfo { hasNextPage endCursor } } }'),
    );
    expect(page.goals.pageInfo.hasNextPage).toBe(true);
    const next = ok(
      await t.gql(token, 'query($c: String) { goals(needsAttention: true, first: 2, after: $c) { edges { node { id } } } }', {
        c: page.goals.pageInfo.endCursor,
      }),
    );
    expect(next.goals.edges.map((e: any) => e.node.id)).toEqual([streak, behind]);
  });

  it('scores a 3-per-7 habit done twice a week toward 2/3, and the same logs as 4-per-7 toward 1/2', async () => {
    const { token } = await t.createUser();
    const start = '2020-06-15'; // a Monday, 52 weeks before the clock's day
    const three = await createGoal(t, token, { title: 'Gym', kind: 'HABIT', frequency: { times: 3, perDays: 7 }, startDate: start });
    const four = await createGoal(t, token, {
      title: 'Gym, stricter',
      kind: 'HABIT',
      frequency: { times: 4, perDays: 7 },
      startDate: start,
    });
    for (let week = 0; week < 52; week++) {
      for (const offset of [0, 3]) {
        const date = addDays(start, week * 7 + offset);
        await logOn(t, token, three, date);
        await logOn(t, token, four, date);
      }
    }
    const a = await analytics(t, token, three, '2021-06-15', '2021-06-15');
    const b = await analytics(t, token, four, '2021-06-15', '2021-06-15');
    expect(Math.abs(a.score - 2 / 3)).toBeLessThan(0.02);
    expect(Math.abs(b.score - 1 / 2)).toBeLessThan(0.02);
  });

  it('counts days across a daylight-saving change in New York without losing or doubling one', async () => {
    const ny = await startTestApp({ now: '2021-03-15T16:00:00Z' }); // 12:00 on 2021-03-15 in New York (EDT)
    try {
      const { token } = await ny.createUser({ timeZone: 'America/New_York' });
      const id = await createGoal(ny, token, { title: 'Evening run', kind: 'HABIT', startDate: '2021-03-12' });
      // 23:30 local each evening: EST (-05:00) before the change on 03-14, EDT (-04:00) from then on.
      for (const instant of ['2021-03-13T04:30:00Z', '2021-03-14T04:30:00Z', '2021-03-15T03:30:00Z']) {
        ok(
          await ny.gql(token, 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { date } } }', {
            i: { goalId: id, occurredAt: instant },
          }),
        );
      }
      const goal = ok(
        await ny.gql(
          token,
          'query($id: ID!) { goal(id: $id) { streak { current longest longestStart longestEnd } logs { edges { node { date } } } } }',
          { id },
        ),
      ).goal;
      expect(goal.logs.edges.map((e: any) => e.node.date)).toEqual(['2021-03-14', '2021-03-13', '2021-03-12']);
      expect(goal.streak).toEqual({ current: 3, longest: 3, longestStart: '2021-03-12', longestEnd: '2021-03-14' });
    } finally {
      await ny.close();
    }
  });

  it('rejects a score history longer than ten years', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'x', kind: 'HABIT' });
    const res = await t.gql(token, GOAL_ANALYTICS, { id, from: '2000-01-01', to: '2021-01-01' });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });
});
