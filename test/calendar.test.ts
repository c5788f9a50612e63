import { createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

/** Query.days (the calendar across goals) and Query.logs (the timeline across goals). */

const DAYS = /* GraphQL */ `
  query ($from: LocalDate!, $to: LocalDate!) {
    days(from: $from, to: $to) {
      date
      logCount
      total
      paused
      logs {
        id
        value
        note
        goal {
          id
          title
        }
      }
    }
  }
`;

const LOGS = /* GraphQL */ `
  query ($from: LocalDate, $to: LocalDate, $goalIds: [ID!], $first: Int, $after: String, $last: Int, $before: String) {
    logs(from: $from, to: $to, goalIds: $goalIds, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        node {
          id
          date
          value
        }
      }
    }
  }
`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: '2021-11-20T16:00:00Z' });
});
afterAll(() => t.close());

async function logAt(token: string, goalId: string, fields: Record<string, unknown>): Promise<string> {
  return ok(await t.gql(token, 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id } } }', { i: { goalId, ...fields } }))
    .logProgress.log.id;
}

describe('Query.days', () => {
  it('counts each log once on its local day across New York’s daylight-saving changes, with a 04:00 day start', async () => {
    const { token } = await t.createUser({ timeZone: 'America/New_York', dayStartsAt: '04:00' });
    const other = await t.createUser({ timeZone: 'America/New_York', dayStartsAt: '04:00' });
    const read = await createGoal(t, token, { title: 'Read', kind: 'HABIT', startDate: '2021-03-01' });
    const run = await createGoal(t, token, { title: 'Run', kind: 'TARGET', target: 500, unit: 'km', startDate: '2021-03-01' });
    const theirs = await createGoal(t, other.token, { title: 'Theirs', kind: 'HABIT', startDate: '2021-03-01' });
    // Spring forward, 2021-03-14 02:00 EST → 03:00 EDT: that day runs 04:00 EDT to 04:00 EDT the next morning.
    await logAt(token, read, { occurredAt: '2021-03-14T06:30:00Z', note: '01:30 EST, before 04:00' });
    await logAt(token, run, { occurredAt: '2021-03-14T07:30:00Z', value: 5 }); // 03:30 EDT: still the 13th
    await logAt(token, read, { occurredAt: '2021-03-14T08:30:00Z' }); // 04:30 EDT: the 14th
    await logAt(token, run, { occurredAt: '2021-03-15T07:59:00Z', value: 7 }); // 03:59 EDT: still the 14th
    const fifteenth = await logAt(token, read, { occurredAt: '2021-03-15T08:00:00Z' }); // 04:00 EDT: the 15th
    await logAt(other.token, theirs, { occurredAt: '2021-03-14T16:00:00Z' });
    ok(
      await t.gql(token, 'mutation($i: PauseGoalInput!) { pauseGoal(input: $i) { pause { id } } }', {
        i: { goalId: run, from: '2021-03-15', to: '2021-03-20' },
      }),
    );

    const days = ok(await t.gql(token, DAYS, { from: '2021-03-13', to: '2021-03-16' })).days;
    expect(days.map((d: any) => [d.date, d.logCount, d.total, d.paused])).toEqual([
      ['2021-03-13', 2, 6, false],
      ['2021-03-14', 2, 8, false],
      ['2021-03-15', 1, 1, true],
      ['2021-03-16', 0, 0, true],
    ]);
    expect(days[2].logs).toEqual([{ id: fifteenth, value: 1, note: null, goal: { id: read, title: 'Read' } }]);
    expect(days[0].logs.map((l: any) => l.goal.title)).toEqual(['Run', 'Read']);

    // Fall back, 2021-11-07 02:00 EDT → 01:00 EST: a 25-hour day, still one day.
    await logAt(token, read, { occurredAt: '2021-11-07T08:30:00Z' }); // 03:30 EST: the 6th
    await logAt(token, read, { occurredAt: '2021-11-07T09:00:00Z' }); // 04:00 EST: the 7th
    await logAt(token, read, { occurredAt: '2021-11-08T08:59:00Z' }); // 03:59 EST the next morning: still the 7th
    const fall = ok(await t.gql(token, DAYS, { from: '2021-11-06', to: '2021-11-08' })).days;
    expect(fall.map((d: any) => [d.date, d.logCount])).toEqual([
      ['2021-11-06', 1],
      ['2021-11-07', 2],
      ['2021-11-08', 0],
    ]);
  });

  it('covers at most 366 days, from before to, and is priced by the logs it may list', async () => {
    const { token } = await t.createUser();
    const year = ok(await t.gql(token, '{ days(from: "2020-01-01", to: "2020-12-31") { date logCount } }')).days;
    expect(year).toHaveLength(366);
    const tooLong = await t.gql(token, '{ days(from: "2020-01-01", to: "2021-01-01") { date } }');
    expect(errorCode(tooLong)).toBe('BAD_USER_INPUT');
    expect(tooLong.errors![0].extensions).toMatchObject({ field: 'to' });
    expect(errorCode(await t.gql(token, '{ days(from: "2021-02-01", to: "2021-01-31") { date } }'))).toBe('BAD_USER_INPUT');
    // A month with every day's logs fits the cost limit; a year of them does not.
    ok(await t.gql(token, DAYS, { from: '2021-01-01', to: '2021-01-31' }));
    const costly = await t.gql(token, DAYS, { from: '2021-01-01', to: '2021-12-31' });
    expect(costly.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
  });
});

describe('Query.logs', () => {
  it('pages through every goal’s logs newest first, filtered by day and goal, never another user’s', async () => {
    const { token } = await t.createUser();
    const other = await t.createUser();
    const a = await createGoal(t, token, { title: 'A', kind: 'HABIT', startDate: '2021-06-01' });
    const b = await createGoal(t, token, { title: 'B', kind: 'TARGET', target: 100, startDate: '2021-06-01' });
    const theirs = await createGoal(t, other.token, { title: 'Theirs', kind: 'HABIT', startDate: '2021-06-01' });
    await logAt(other.token, theirs, { date: '2021-06-03' });
    const ids: Record<string, string> = {};
    for (const [goal, date, key] of [
      [a, '2021-06-01', 'a1'],
      [b, '2021-06-02', 'b2'],
      [a, '2021-06-02', 'a2'],
      [b, '2021-06-04', 'b4'],
      [a, '2021-06-05', 'a5'],
    ])
      ids[key] = await logAt(token, goal, { date });

    const first = ok(await t.gql(token, LOGS, { first: 2 })).logs;
    expect(first.totalCount).toBe(5);
    expect(first.edges.map((e: any) => e.node.id)).toEqual([ids.a5, ids.b4]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = ok(await t.gql(token, LOGS, { first: 2, after: first.pageInfo.endCursor })).logs;
    expect(second.edges.map((e: any) => e.node.id)).toEqual([ids.a2, ids.b2]);
    const third = ok(await t.gql(token, LOGS, { first: 2, after: second.pageInfo.endCursor })).logs;
    expect(third.edges.map((e: any) => e.node.id)).toEqual([ids.a1]);
    expect(third.pageInfo.hasNextPage).toBe(false);
    const back = ok(await t.gql(token, LOGS, { last: 2, before: third.pageInfo.startCursor })).logs;
    expect(back.edges.map((e: any) => e.node.id)).toEqual([ids.a2, ids.b2]);

    const ofA = ok(await t.gql(token, LOGS, { goalIds: [a], from: '2021-06-02', to: '2021-06-05' })).logs;
    expect(ofA.edges.map((e: any) => e.node.id)).toEqual([ids.a5, ids.a2]);
    // Another user's goal names nothing of theirs here, and their logs never show.
    const foreign = ok(await t.gql(token, LOGS, { goalIds: [theirs] })).logs;
    expect(foreign).toMatchObject({ totalCount: 0, edges: [] });
    const mineOnly = ok(await t.gql(other.token, LOGS, { goalIds: [a, theirs] })).logs;
    expect(mineOnly.totalCount).toBe(1);

    expect(errorCode(await t.gql(token, LOGS, { first: 101 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(token, LOGS, { from: '2021-06-05', to: '2021-06-01' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(token, LOGS, { goalIds: ['not-an-id'] }))).toBe('BAD_USER_INPUT');
  });
});
