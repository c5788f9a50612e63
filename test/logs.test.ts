import { LOG_PROGRESS, createGoal, errorCode, ok, startTestApp, type GraphQLResponse, type TestApp } from './helpers';

const NOW = '2021-06-15T12:00:00Z'; // 21:00 on 2021-06-15 in Asia/Seoul

const GOAL_LOGS = `
  query GoalLogs($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $from: LocalDate, $to: LocalDate) {
    goal(id: $id) {
      id status achievedOn
      logs(first: $first, after: $after, last: $last, before: $before, from: $from, to: $to) {
        totalCount
        edges { cursor node { id value date note occurredAt } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  }
`;

const PROGRESS = `query Progress($id: ID!) { goal(id: $id) { progress { current target percent } } }`;

const UPDATE_LOG = `
  mutation UpdateLog($input: UpdateProgressLogInput!) {
    updateProgressLog(input: $input) { log { id value date note occurredAt } }
  }
`;

const DELETE_LOG = `mutation DeleteLog($input: DeleteProgressLogInput!) { deleteProgressLog(input: $input) { deletedId } }`;

const NODE_LOG = `query Node($id: ID!) { node(id: $id) { id ... on ProgressLog { value date note goal { id } } } }`;

const UPDATE_VIEWER = `
  mutation UpdateViewer($input: UpdateViewerInput!) { updateViewer(input: $input) { viewer { timeZone dayStartsAt } } }
`;

const ADD_MILESTONE = `mutation Add($input: AddMilestoneInput!) { addMilestone(input: $input) { milestone { id } } }`;
const COMPLETE_MILESTONE = `mutation Complete($input: CompleteMilestoneInput!) { completeMilestone(input: $input) { milestone { id } } }`;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ now: NOW });
});

afterAll(async () => {
  await t.close();
});

afterEach(() => {
  t.clock.set(NOW);
});

async function logProgress(token: string, input: Record<string, unknown>): Promise<{ log: any; goal: any }> {
  return ok(await t.gql(token, LOG_PROGRESS, { input })).logProgress;
}

async function goalLogs(token: string, id: string, args: Record<string, unknown> = {}): Promise<any> {
  return ok(await t.gql(token, GOAL_LOGS, { id, ...args })).goal.logs;
}

async function logCount(token: string, goalId: string): Promise<number> {
  return (await goalLogs(token, goalId)).totalCount as number;
}

async function progressOf(token: string, goalId: string): Promise<{ current: number; target: number | null; percent: number | null }> {
  return ok(await t.gql(token, PROGRESS, { id: goalId })).goal.progress;
}

function expectBadInput(res: GraphQLResponse, field: string): void {
  expect(errorCode(res)).toBe('BAD_USER_INPUT');
  expect(res.errors![0].extensions?.field).toBe(field);
}

const values = (conn: any): number[] => conn.edges.map((e: any) => e.node.value);

describe('logProgress defaults', () => {
  it("defaults value to 1, occurredAt to now and date to the viewer's local day", async () => {
    t.clock.set('2021-06-15T20:00:00Z'); // 05:00 on 2021-06-16 in Seoul
    const { token } = await t.createUser({ timeZone: 'Asia/Seoul' });
    const goalId = await createGoal(t, token, { title: 'Meditate', kind: 'HABIT', startDate: '2021-06-01' });
    const { log, goal } = await logProgress(token, { goalId });
    expect(log).toMatchObject({ value: 1, occurredAt: '2021-06-15T20:00:00.000Z', date: '2021-06-16', note: null });
    expect(goal.id).toBe(goalId);
    await expect(t.gql(token, NODE_LOG, { id: log.id })).resolves.toMatchObject({
      data: { node: { id: log.id, value: 1, date: '2021-06-16', note: null, goal: { id: goalId } } },
    });
  });

  it('keeps the given value and note', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Train', kind: 'HABIT', unit: 'min', target: 30 });
    const { log } = await logProgress(token, { goalId, value: 42.5, note: 'intervals' });
    expect(log).toMatchObject({ value: 42.5, note: 'intervals', date: '2021-06-15' });
  });
});

describe('date attribution', () => {
  it('gives a Seoul user logging at 2020-12-31T15:30:00Z the date 2021-01-01', async () => {
    const { token } = await t.createUser({ timeZone: 'Asia/Seoul' });
    const goalId = await createGoal(t, token, { title: 'X', kind: 'HABIT', startDate: '2020-12-01' });
    const { log } = await logProgress(token, { goalId, occurredAt: '2020-12-31T15:30:00Z' });
    expect(log).toMatchObject({ date: '2021-01-01', occurredAt: '2020-12-31T15:30:00.000Z' });
  });

  it('uses the clock for the same attribution when occurredAt is omitted', async () => {
    t.clock.set('2020-12-31T15:30:00Z');
    const { token } = await t.createUser({ timeZone: 'Asia/Seoul' });
    const goalId = await createGoal(t, token, { title: 'X', kind: 'HABIT', startDate: '2020-12-01' });
    await expect(logProgress(token, { goalId })).resolves.toMatchObject({ log: { date: '2021-01-01' } });
  });

  it('counts a log before dayStartsAt (04:00) for the previous date', async () => {
    const { token } = await t.createUser({ timeZone: 'Asia/Seoul', dayStartsAt: '04:00' });
    const goalId = await createGoal(t, token, { title: 'Night owl', kind: 'HABIT', startDate: '2021-06-01' });
    const early = await logProgress(token, { goalId, occurredAt: '2021-06-10T02:30:00+09:00' });
    expect(early.log).toMatchObject({ date: '2021-06-09', occurredAt: '2021-06-09T17:30:00.000Z' });
    const after = await logProgress(token, { goalId, occurredAt: '2021-06-10T04:30:00+09:00' });
    expect(after.log.date).toBe('2021-06-10');
  });

  it('keeps an explicit date for an earlier day', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'X', kind: 'HABIT', startDate: '2021-06-01' });
    const { log } = await logProgress(token, { goalId, date: '2021-06-03' });
    expect(log).toMatchObject({ date: '2021-06-03', occurredAt: '2021-06-15T12:00:00.000Z' });
    await expect(goalLogs(token, goalId)).resolves.toMatchObject({ edges: [{ node: { date: '2021-06-03' } }] });
  });

  it("refuses a date after the viewer's today, creating nothing", async () => {
    const { token } = await t.createUser({ timeZone: 'Asia/Seoul' }); // today is 2021-06-15 there
    const goalId = await createGoal(t, token, { title: 'X', kind: 'HABIT', startDate: '2021-06-01' });
    expectBadInput(await t.gql(token, LOG_PROGRESS, { input: { goalId, date: '2021-06-16' } }), 'date');
    expect(errorCode(await t.gql(token, LOG_PROGRESS, { input: { goalId, occurredAt: '2021-06-16T01:00:00+09:00' } }))).toBe(
      'BAD_USER_INPUT',
    );
    await expect(logCount(token, goalId)).resolves.toBe(0);
    // Today itself is fine.
    await expect(logProgress(token, { goalId, date: '2021-06-15' })).resolves.toMatchObject({ log: { date: '2021-06-15' } });
  });

  it('keeps old log dates when the viewer changes time zone, and dates new logs in the new zone', async () => {
    t.clock.set('2021-06-15T20:00:00Z'); // 2021-06-16 05:00 in Seoul; 2021-06-15 16:00 in New York
    const { token } = await t.createUser({ timeZone: 'Asia/Seoul' });
    const goalId = await createGoal(t, token, { title: 'X', kind: 'HABIT', startDate: '2021-06-01' });
    const before = await logProgress(token, { goalId, occurredAt: '2021-06-15T20:00:00Z' });
    expect(before.log.date).toBe('2021-06-16');

    const viewer = ok(await t.gql(token, UPDATE_VIEWER, { input: { timeZone: 'America/New_York' } })).updateViewer.viewer;
    expect(viewer.timeZone).toBe('America/New_York');

    const afterChange = await logProgress(token, { goalId, occurredAt: '2021-06-15T20:00:00Z' });
    expect(afterChange.log.date).toBe('2021-06-15');
    await expect(t.gql(token, NODE_LOG, { id: before.log.id })).resolves.toMatchObject({ data: { node: { date: '2021-06-16' } } });
    const logs = await goalLogs(token, goalId);
    expect(logs.edges.map((e: any) => [e.node.id, e.node.date])).toEqual([
      [before.log.id, '2021-06-16'],
      [afterChange.log.id, '2021-06-15'],
    ]);
  });
});

describe('idempotent logProgress (requestId)', () => {
  it('returns the first log for a retry with the same requestId and input, creating only one', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'X', kind: 'HABIT', unit: 'min', target: 30 });
    const input = { goalId, value: 25, note: 'run', requestId: 'req-1' };
    const first = await logProgress(token, input);
    t.clock.set('2021-06-15T12:05:00Z'); // a retry a little later
    const retry = await logProgress(token, input);
    expect(retry.log).toEqual(first.log);
    await expect(logCount(token, goalId)).resolves.toBe(1);
  });

  it('refuses the same requestId with a different value with CONFLICT, creating nothing', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'X', kind: 'HABIT', unit: 'min', target: 30 });
    const first = await logProgress(token, { goalId, value: 25, requestId: 'req-2' });
    const res = await t.gql(token, LOG_PROGRESS, { input: { goalId, value: 26, requestId: 'req-2' } });
    expect(errorCode(res)).toBe('CONFLICT');
    expect(res.errors![0].extensions).toMatchObject({ field: 'requestId', logId: first.log.id });
    const logs = await goalLogs(token, goalId);
    expect(logs.totalCount).toBe(1);
    expect(values(logs)).toEqual([25]);
  });

  it('refuses the same requestId on a different goal with CONFLICT', async () => {
    const { token } = await t.createUser();
    const a = await createGoal(t, token, { title: 'A', kind: 'HABIT' });
    const b = await createGoal(t, token, { title: 'B', kind: 'HABIT' });
    await logProgress(token, { goalId: a, requestId: 'req-3' });
    expect(errorCode(await t.gql(token, LOG_PROGRESS, { input: { goalId: b, requestId: 'req-3' } }))).toBe('CONFLICT');
    await expect(logCount(token, a)).resolves.toBe(1);
    await expect(logCount(token, b)).resolves.toBe(0);
  });

  it('scopes requestIds to the user: another user may use the same key', async () => {
    const alice = await t.createUser();
    const bob = await t.createUser();
    const ga = await createGoal(t, alice.token, { title: 'A', kind: 'HABIT' });
    const gb = await createGoal(t, bob.token, { title: 'B', kind: 'HABIT' });
    const la = await logProgress(alice.token, { goalId: ga, requestId: 'shared' });
    const lb = await logProgress(bob.token, { goalId: gb, requestId: 'shared' });
    expect(lb.log.id).not.toBe(la.log.id);
    await expect(logCount(bob.token, gb)).resolves.toBe(1);
  });
});

describe('updateProgressLog and deleteProgressLog', () => {
  it('changes value, note and date', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'X', kind: 'HABIT', unit: 'min', target: 30, startDate: '2021-06-01' });
    const { log } = await logProgress(token, { goalId, value: 2, note: 'first' });
    const updated = ok(await t.gql(token, UPDATE_LOG, { input: { id: log.id, value: 5, note: 'edited', date: '2021-06-10' } }))
      .updateProgressLog.log;
    expect(updated).toMatchObject({ id: log.id, value: 5, note: 'edited', date: '2021-06-10' });
    await expect(t.gql(token, NODE_LOG, { id: log.id })).resolves.toMatchObject({
      data: { node: { value: 5, note: 'edited', date: '2021-06-10' } },
    });
    // null clears the note
    ok(await t.gql(token, UPDATE_LOG, { input: { id: log.id, note: null } }));
    await expect(t.gql(token, NODE_LOG, { id: log.id })).resolves.toMatchObject({ data: { node: { note: null, value: 5 } } });
  });

  it('refuses to move a log after today', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'X', kind: 'HABIT' });
    const { log } = await logProgress(token, { goalId });
    expectBadInput(await t.gql(token, UPDATE_LOG, { input: { id: log.id, date: '2021-06-16' } }), 'date');
    await expect(t.gql(token, NODE_LOG, { id: log.id })).resolves.toMatchObject({ data: { node: { date: '2021-06-15' } } });
  });

  it('deletes a log: deletedId is its id and the log is gone', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'X', kind: 'HABIT' });
    const { log } = await logProgress(token, { goalId });
    const keep = await logProgress(token, { goalId });
    const res = ok(await t.gql(token, DELETE_LOG, { input: { id: log.id } }));
    expect(res.deleteProgressLog.deletedId).toBe(log.id);
    await expect(t.gql(token, NODE_LOG, { id: log.id })).resolves.toMatchObject({ data: { node: null } });
    const logs = await goalLogs(token, goalId);
    expect(logs.totalCount).toBe(1);
    expect(logs.edges[0].node.id).toBe(keep.log.id);
    // Deleting it again fails: it is not there any more.
    expect(errorCode(await t.gql(token, DELETE_LOG, { input: { id: log.id } }))).toBe('NOT_FOUND');
  });

  it("cannot edit or delete another user's log", async () => {
    const owner = await t.createUser();
    const goalId = await createGoal(t, owner.token, { title: 'X', kind: 'HABIT' });
    const { log } = await logProgress(owner.token, { goalId, value: 3 });
    const intruder = await t.createUser();
    expect(errorCode(await t.gql(intruder.token, UPDATE_LOG, { input: { id: log.id, value: 99 } }))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(intruder.token, DELETE_LOG, { input: { id: log.id } }))).toBe('NOT_FOUND');
    await expect(t.gql(intruder.token, NODE_LOG, { id: log.id })).resolves.toMatchObject({ data: { node: null } });
    await expect(t.gql(owner.token, NODE_LOG, { id: log.id })).resolves.toMatchObject({ data: { node: { value: 3 } } });
  });
});

describe('TARGET goals follow their total', () => {
  it('becomes ACHIEVED when logs reach the target and ACTIVE again when a deletion takes it below', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Kaggle medals', kind: 'TARGET', target: 3, targetType: 'AT_LEAST' });

    const one = await logProgress(token, { goalId, value: 1 });
    expect(one.goal).toMatchObject({ status: 'ACTIVE', progress: { current: 1, target: 3 } });

    const two = await logProgress(token, { goalId, value: 2 });
    expect(two.goal).toMatchObject({ status: 'ACHIEVED', progress: { current: 3, target: 3, percent: 100 } });
    await expect(t.gql(token, GOAL_LOGS, { id: goalId })).resolves.toMatchObject({
      data: { goal: { status: 'ACHIEVED', achievedOn: '2021-06-15' } },
    });

    ok(await t.gql(token, DELETE_LOG, { input: { id: one.log.id } }));
    await expect(t.gql(token, GOAL_LOGS, { id: goalId })).resolves.toMatchObject({
      data: { goal: { status: 'ACTIVE', achievedOn: null } },
    });
  });

  it('becomes ACTIVE again when an edit lowers the total below the target', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Books', kind: 'TARGET', target: 3 });
    const { log, goal } = await logProgress(token, { goalId, value: 3 });
    expect(goal.status).toBe('ACHIEVED');
    ok(await t.gql(token, UPDATE_LOG, { input: { id: log.id, value: 2 } }));
    await expect(t.gql(token, GOAL_LOGS, { id: goalId })).resolves.toMatchObject({ data: { goal: { status: 'ACTIVE' } } });
  });
});

describe('Goal.logs connection', () => {
  let token: string;
  let goalId: string;
  let ids: Record<string, string>;

  // Six logs on five days; two on 2021-06-03 (the later one listed first).
  beforeAll(async () => {
    ({ token } = await t.createUser());
    goalId = await createGoal(t, token, { title: 'Logs', kind: 'HABIT', unit: 'min', target: 30, startDate: '2021-06-01' });
    ids = {};
    for (const [name, date] of [
      ['d3a', '2021-06-03'],
      ['d1', '2021-06-01'],
      ['d5', '2021-06-05'],
      ['d2', '2021-06-02'],
      ['d3b', '2021-06-03'],
      ['d4', '2021-06-04'],
    ] as const) {
      ids[name] = (await logProgress(token, { goalId, date, value: Number(date.slice(-2)), note: name })).log.id;
    }
  });

  const notes = (conn: any): string[] => conn.edges.map((e: any) => e.node.note);

  it('lists newest date first, then the newest log of a day first', async () => {
    const all = await goalLogs(token, goalId);
    expect(notes(all)).toEqual(['d5', 'd4', 'd3b', 'd3a', 'd2', 'd1']);
    expect(all.totalCount).toBe(6);
    expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('filters by from and to (both inclusive), and totalCount follows the filter', async () => {
    const some = await goalLogs(token, goalId, { from: '2021-06-02', to: '2021-06-04' });
    expect(notes(some)).toEqual(['d4', 'd3b', 'd3a', 'd2']);
    expect(some.totalCount).toBe(4);
    await expect(goalLogs(token, goalId, { from: '2021-06-04' }).then(notes)).resolves.toEqual(['d5', 'd4']);
    await expect(goalLogs(token, goalId, { to: '2021-06-01' }).then(notes)).resolves.toEqual(['d1']);
    await expect(goalLogs(token, goalId, { from: '2021-06-06' })).resolves.toMatchObject({ totalCount: 0, edges: [] });
  });

  it('pages forward with first/after', async () => {
    const p1 = await goalLogs(token, goalId, { first: 2 });
    expect(notes(p1)).toEqual(['d5', 'd4']);
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(p1.totalCount).toBe(6);
    const p2 = await goalLogs(token, goalId, { first: 2, after: p1.pageInfo.endCursor });
    expect(notes(p2)).toEqual(['d3b', 'd3a']); // the cursor splits no day wrongly
    expect(p2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const p3 = await goalLogs(token, goalId, { first: 2, after: p2.pageInfo.endCursor });
    expect(notes(p3)).toEqual(['d2', 'd1']);
    expect(p3.pageInfo.hasNextPage).toBe(false);
  });

  it('pages forward in the middle of a day', async () => {
    const p1 = await goalLogs(token, goalId, { first: 3 });
    expect(notes(p1)).toEqual(['d5', 'd4', 'd3b']);
    const p2 = await goalLogs(token, goalId, { first: 3, after: p1.pageInfo.endCursor });
    expect(notes(p2)).toEqual(['d3a', 'd2', 'd1']);
    expect(p2.pageInfo.hasNextPage).toBe(false);
  });

  it('pages backward with last/before, in list order', async () => {
    const tail = await goalLogs(token, goalId, { last: 2 });
    expect(notes(tail)).toEqual(['d2', 'd1']);
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const prev = await goalLogs(token, goalId, { last: 3, before: tail.pageInfo.startCursor });
    expect(notes(prev)).toEqual(['d4', 'd3b', 'd3a']);
    expect(prev.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const head = await goalLogs(token, goalId, { last: 3, before: prev.pageInfo.startCursor });
    expect(notes(head)).toEqual(['d5']);
    expect(head.pageInfo.hasPreviousPage).toBe(false);
  });

  it('combines paging with from/to: totalCount counts the filtered list, not the page', async () => {
    const p1 = await goalLogs(token, goalId, { first: 1, from: '2021-06-02', to: '2021-06-04' });
    expect(notes(p1)).toEqual(['d4']);
    expect(p1.totalCount).toBe(4);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = await goalLogs(token, goalId, { first: 10, after: p1.pageInfo.endCursor, from: '2021-06-02', to: '2021-06-04' });
    expect(notes(p2)).toEqual(['d3b', 'd3a', 'd2']);
    expect(p2.totalCount).toBe(4);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    const back = await goalLogs(token, goalId, { last: 2, from: '2021-06-02', to: '2021-06-04' });
    expect(notes(back)).toEqual(['d3a', 'd2']);
    expect(back.totalCount).toBe(4);
  });

  it('has the ids that logProgress returned', async () => {
    const all = await goalLogs(token, goalId);
    expect(all.edges.map((e: any) => e.node.id)).toEqual(['d5', 'd4', 'd3b', 'd3a', 'd2', 'd1'].map((n) => ids[n]));
  });

  it('refuses a garbage cursor and first with last', async () => {
    expectBadInput(await t.gql(token, GOAL_LOGS, { id: goalId, first: 2, after: 'nope' }), 'after');
    expect(errorCode(await t.gql(token, GOAL_LOGS, { id: goalId, first: 2, last: 2 }))).toBe('BAD_USER_INPUT');
  });
});

describe('progress', () => {
  it('TARGET: the total of all logs against the target', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Read', kind: 'TARGET', target: 10, unit: 'books', startDate: '2021-01-01' });
    await expect(progressOf(token, goalId)).resolves.toEqual({ current: 0, target: 10, percent: 0 });
    await logProgress(token, { goalId, value: 2.5, date: '2021-02-01' });
    await logProgress(token, { goalId, value: 4 });
    await expect(progressOf(token, goalId)).resolves.toEqual({ current: 6.5, target: 10, percent: 65 });
  });

  it('yes/no HABIT: days with a log in the current window against times', async () => {
    const { token } = await t.createUser(); // today 2021-06-15 in Seoul
    const goalId = await createGoal(t, token, {
      title: 'Run',
      kind: 'HABIT',
      frequency: { times: 3, perDays: 7 },
      startDate: '2021-06-01',
    });
    await logProgress(token, { goalId, date: '2021-06-15' });
    await logProgress(token, { goalId, date: '2021-06-14' });
    await logProgress(token, { goalId, date: '2021-06-14' }); // the same day counts once
    await logProgress(token, { goalId, date: '2021-06-08' }); // outside the window 06-09 … 06-15
    await expect(progressOf(token, goalId)).resolves.toEqual({ current: 2, target: 3, percent: 66.67 });
    await logProgress(token, { goalId, date: '2021-06-09' }); // first day of the window
    await expect(progressOf(token, goalId)).resolves.toEqual({ current: 3, target: 3, percent: 100 });
  });

  it('numeric HABIT: the current window sum against the per-window target', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, {
      title: 'Train',
      kind: 'HABIT',
      unit: 'min',
      target: 150,
      frequency: { times: 1, perDays: 7 },
      startDate: '2021-06-01',
    });
    await logProgress(token, { goalId, value: 30, date: '2021-06-15' });
    await logProgress(token, { goalId, value: 45, date: '2021-06-12' });
    await logProgress(token, { goalId, value: 60, date: '2021-06-08' }); // outside the window
    await expect(progressOf(token, goalId)).resolves.toEqual({ current: 75, target: 150, percent: 50 });
  });

  it('numeric daily HABIT: only today counts', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Train', kind: 'HABIT', unit: 'min', target: 30, startDate: '2021-06-01' });
    await logProgress(token, { goalId, value: 10, date: '2021-06-15' });
    await logProgress(token, { goalId, value: 5, date: '2021-06-15' });
    await logProgress(token, { goalId, value: 50, date: '2021-06-14' });
    await expect(progressOf(token, goalId)).resolves.toEqual({ current: 15, target: 30, percent: 50 });
  });

  it('AT_MOST numeric HABIT: the share of the allowance used, which may pass 100', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, {
      title: 'Overtime',
      kind: 'HABIT',
      unit: 'h',
      target: 5,
      targetType: 'AT_MOST',
      frequency: { times: 1, perDays: 7 },
      startDate: '2021-06-01',
    });
    await logProgress(token, { goalId, value: 3, date: '2021-06-14' });
    await logProgress(token, { goalId, value: 3, date: '2021-06-15' });
    await expect(progressOf(token, goalId)).resolves.toEqual({ current: 6, target: 5, percent: 120 });
  });

  it('MILESTONES: milestones achieved against all milestones', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Paper', kind: 'MILESTONES', startDate: '2021-01-01' });
    await expect(progressOf(token, goalId)).resolves.toEqual({ current: 0, target: null, percent: null });
    const milestoneIds: string[] = [];
    for (const title of ['idea', 'draft', 'submitted']) {
      milestoneIds.push(ok(await t.gql(token, ADD_MILESTONE, { input: { goalId, title } })).addMilestone.milestone.id);
    }
    await expect(progressOf(token, goalId)).resolves.toEqual({ current: 0, target: 3, percent: 0 });
    ok(await t.gql(token, COMPLETE_MILESTONE, { input: { id: milestoneIds[0] } }));
    await expect(progressOf(token, goalId)).resolves.toEqual({ current: 1, target: 3, percent: 33.33 });
  });
});
