import { CREATE_GOAL, createGoal, errorCode, ok, startTestApp, type GraphQLResponse, type TestApp } from './helpers';

const NOW = '2021-06-15T12:00:00Z'; // 21:00 on 2021-06-15 in Asia/Seoul

const GOAL_FIELDS = `
  id title description kind status unit target targetType frequency { times perDays }
  startDate dueDate achievedOn tags parent { id title }
`;

const GOAL = `query Goal($id: ID!) { goal(id: $id) { ${GOAL_FIELDS} } }`;

const UPDATE_GOAL = `
  mutation UpdateGoal($input: UpdateGoalInput!) {
    updateGoal(input: $input) { goal { ${GOAL_FIELDS} } }
  }
`;

const GOALS_PAGE = `
  query Goals($first: Int, $after: String, $last: Int, $before: String, $status: GoalStatus) {
    goals(first: $first, after: $after, last: $last, before: $before, status: $status) {
      totalCount
      edges { cursor node { id title status } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

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

async function goalCount(token: string): Promise<number> {
  return ok(await t.gql(token, '{ goals { totalCount } }')).goals.totalCount as number;
}

async function getGoal(token: string, id: string): Promise<any> {
  return ok(await t.gql(token, GOAL, { id })).goal;
}

async function createGoalData(token: string, input: Record<string, unknown>): Promise<any> {
  return ok(await t.gql(token, CREATE_GOAL, { input })).createGoal.goal;
}

function expectBadInput(res: GraphQLResponse, field: string | RegExp): void {
  expect(errorCode(res)).toBe('BAD_USER_INPUT');
  const actual = res.errors![0].extensions?.field;
  if (typeof field === 'string') expect(actual).toBe(field);
  else expect(actual).toMatch(field);
}

describe('createGoal for each kind', () => {
  it('creates a yes/no HABIT done once a day by default', async () => {
    const { token } = await t.createUser();
    const goal = await createGoalData(token, { title: 'Meditate', kind: 'HABIT' });
    expect(goal).toMatchObject({
      title: 'Meditate',
      kind: 'HABIT',
      status: 'ACTIVE',
      unit: null,
      target: null,
      targetType: 'AT_LEAST',
      frequency: { times: 1, perDays: 1 },
      startDate: '2021-06-15',
      dueDate: null,
      tags: [],
      parent: null,
    });
    // And it is stored that way.
    await expect(getGoal(token, goal.id)).resolves.toMatchObject({ kind: 'HABIT', frequency: { times: 1, perDays: 1 }, target: null });
  });

  it('creates a HABIT done 3 times per 7 days', async () => {
    const { token } = await t.createUser();
    const goal = await createGoalData(token, { title: 'Run', kind: 'HABIT', frequency: { times: 3, perDays: 7 } });
    expect(goal.frequency).toEqual({ times: 3, perDays: 7 });
    await expect(getGoal(token, goal.id)).resolves.toMatchObject({ frequency: { times: 3, perDays: 7 } });
  });

  it('creates a numeric AT_LEAST habit: train ≥ 30 min a day', async () => {
    const { token } = await t.createUser();
    const goal = await createGoalData(token, { title: 'Train', kind: 'HABIT', unit: 'min', target: 30, targetType: 'AT_LEAST' });
    expect(goal).toMatchObject({ kind: 'HABIT', unit: 'min', target: 30, targetType: 'AT_LEAST', frequency: { times: 1, perDays: 1 } });
    await expect(getGoal(token, goal.id)).resolves.toMatchObject({ unit: 'min', target: 30, targetType: 'AT_LEAST' });
  });

  it('creates a numeric AT_MOST habit: overtime ≤ 5 h a week', async () => {
    const { token } = await t.createUser();
    const goal = await createGoalData(token, {
      title: 'Overtime',
      kind: 'HABIT',
      unit: 'h',
      target: 5,
      targetType: 'AT_MOST',
      frequency: { times: 1, perDays: 7 },
    });
    expect(goal).toMatchObject({ unit: 'h', target: 5, targetType: 'AT_MOST', frequency: { times: 1, perDays: 7 } });
    await expect(getGoal(token, goal.id)).resolves.toMatchObject({ target: 5, targetType: 'AT_MOST', frequency: { times: 1, perDays: 7 } });
  });

  it('creates an AT_LEAST TARGET goal without a frequency', async () => {
    const { token } = await t.createUser();
    const goal = await createGoalData(token, { title: 'Kaggle medals', kind: 'TARGET', target: 3, unit: 'medals', dueDate: '2021-12-31' });
    expect(goal).toMatchObject({
      kind: 'TARGET',
      target: 3,
      unit: 'medals',
      targetType: 'AT_LEAST',
      frequency: null,
      dueDate: '2021-12-31',
    });
  });

  it('creates an AT_MOST TARGET goal', async () => {
    const { token } = await t.createUser();
    const goal = await createGoalData(token, { title: 'Days of drinking', kind: 'TARGET', target: 10, targetType: 'AT_MOST' });
    expect(goal).toMatchObject({ kind: 'TARGET', target: 10, targetType: 'AT_MOST', frequency: null });
    await expect(getGoal(token, goal.id)).resolves.toMatchObject({ targetType: 'AT_MOST', target: 10 });
  });

  it('creates a MILESTONES goal with neither target nor frequency', async () => {
    const { token } = await t.createUser();
    const goal = await createGoalData(token, { title: 'Publish a paper', kind: 'MILESTONES' });
    expect(goal).toMatchObject({ kind: 'MILESTONES', target: null, frequency: null, status: 'ACTIVE' });
  });
});

describe('createGoal validation', () => {
  const cases: Array<[string, Record<string, unknown>, string | RegExp]> = [
    ['an empty title', { title: '', kind: 'HABIT' }, 'title'],
    ['a whitespace-only title', { title: '   \t ', kind: 'HABIT' }, 'title'],
    ['a due date before the start date', { title: 'X', kind: 'HABIT', startDate: '2021-03-01', dueDate: '2021-02-28' }, 'dueDate'],
    ['frequency times 0', { title: 'X', kind: 'HABIT', frequency: { times: 0, perDays: 7 } }, 'frequency.times'],
    ['frequency perDays below times', { title: 'X', kind: 'HABIT', frequency: { times: 3, perDays: 2 } }, 'frequency.perDays'],
    ['a TARGET goal without target', { title: 'X', kind: 'TARGET' }, 'target'],
    ['target 0', { title: 'X', kind: 'TARGET', target: 0 }, 'target'],
    ['a negative target', { title: 'X', kind: 'TARGET', target: -5 }, 'target'],
    ['a frequency on a TARGET goal', { title: 'X', kind: 'TARGET', target: 3, frequency: { times: 1, perDays: 1 } }, 'frequency'],
    ['21 tags', { title: 'X', kind: 'HABIT', tags: Array.from({ length: 21 }, (_, i) => `tag${i}`) }, 'tags'],
    ['a 41-character tag', { title: 'X', kind: 'HABIT', tags: ['ok', 'x'.repeat(41)] }, 'tags'],
    ['an empty tag', { title: 'X', kind: 'HABIT', tags: ['  '] }, 'tags'],
    // An impossible calendar date sent as a variable is refused by the LocalDate scalar.
    ['an unreal date (2021-02-29)', { title: 'X', kind: 'HABIT', dueDate: '2021-02-29' }, /(^|\.)dueDate$/],
  ];

  it.each(cases)('refuses %s with BAD_USER_INPUT naming the field, creating nothing', async (_name, input, field) => {
    const { token } = await t.createUser();
    const res = await t.gql(token, CREATE_GOAL, { input });
    expectBadInput(res, field);
    await expect(goalCount(token)).resolves.toBe(0);
  });

  it('answers an unreal date variable as a client error (HTTP 400), not a server error', async () => {
    const { token } = await t.createUser();
    const res = await t.gql(token, CREATE_GOAL, { input: { title: 'X', kind: 'HABIT', dueDate: '2021-02-29' } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.status).toBe(400);
  });

  it('accepts 20 tags of 40 characters (the limits themselves)', async () => {
    const { token } = await t.createUser();
    const tags = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(38)}`);
    const goal = await createGoalData(token, { title: 'X', kind: 'HABIT', tags });
    expect(goal.tags).toEqual(tags);
  });
});

describe('createGoal defaults and normalisation', () => {
  it("defaults startDate to the viewer's local today", async () => {
    t.clock.set('2021-06-15T20:00:00Z'); // 05:00 on 2021-06-16 in Seoul, still 2021-06-15 in UTC
    const seoul = await t.createUser({ timeZone: 'Asia/Seoul' });
    await expect(createGoalData(seoul.token, { title: 'X', kind: 'HABIT' })).resolves.toMatchObject({ startDate: '2021-06-16' });
    const london = await t.createUser({ timeZone: 'Europe/London' });
    await expect(createGoalData(london.token, { title: 'X', kind: 'HABIT' })).resolves.toMatchObject({ startDate: '2021-06-15' });
  });

  it('trims tags and drops duplicates, keeping first order', async () => {
    const { token } = await t.createUser();
    const goal = await createGoalData(token, { title: 'X', kind: 'HABIT', tags: [' kaggle ', 'health', 'kaggle', '  health'] });
    expect(goal.tags).toEqual(['kaggle', 'health']);
    await expect(getGoal(token, goal.id)).resolves.toMatchObject({ tags: ['kaggle', 'health'] });
  });

  it('trims the title', async () => {
    const { token } = await t.createUser();
    await expect(createGoalData(token, { title: '  Read 20 books  ', kind: 'TARGET', target: 20 })).resolves.toMatchObject({
      title: 'Read 20 books',
    });
  });
});

describe('parent goals', () => {
  it('links a goal to its parent, and parent { id } resolves', async () => {
    const { token } = await t.createUser();
    const grandmaster = await createGoal(t, token, { title: 'Grandmaster', kind: 'MILESTONES' });
    const master = await createGoalData(token, { title: 'Competitions Master', kind: 'TARGET', target: 5, parentId: grandmaster });
    expect(master.parent).toEqual({ id: grandmaster });
    await expect(getGoal(token, master.id)).resolves.toMatchObject({ parent: { id: grandmaster, title: 'Grandmaster' } });
    await expect(getGoal(token, grandmaster)).resolves.toMatchObject({ parent: null });
  });

  it('refuses a parent that is not one of the viewer’s goals, creating nothing', async () => {
    const other = await t.createUser();
    const foreign = await createGoal(t, other.token, { title: 'Theirs', kind: 'MILESTONES' });
    const { token } = await t.createUser();
    const res = await t.gql(token, CREATE_GOAL, { input: { title: 'Mine', kind: 'MILESTONES', parentId: foreign } });
    expect(errorCode(res)).toBe('NOT_FOUND');
    await expect(goalCount(token)).resolves.toBe(0);
  });

  it('refuses an updateGoal that would make a cycle (parent = own child) and changes nothing', async () => {
    const { token } = await t.createUser();
    const grandmaster = await createGoal(t, token, { title: 'Grandmaster', kind: 'MILESTONES' });
    const master = await createGoal(t, token, { title: 'Competitions Master', kind: 'TARGET', target: 5, parentId: grandmaster });
    const gold = await createGoal(t, token, { title: 'A gold medal', kind: 'TARGET', target: 1, parentId: master });

    const direct = await t.gql(token, UPDATE_GOAL, { input: { id: grandmaster, parentId: master, title: 'Renamed' } });
    expectBadInput(direct, 'parentId');
    const indirect = await t.gql(token, UPDATE_GOAL, { input: { id: grandmaster, parentId: gold } });
    expectBadInput(indirect, 'parentId');
    const self = await t.gql(token, UPDATE_GOAL, { input: { id: grandmaster, parentId: grandmaster } });
    expectBadInput(self, 'parentId');

    await expect(getGoal(token, grandmaster)).resolves.toMatchObject({ title: 'Grandmaster', parent: null });
    await expect(getGoal(token, master)).resolves.toMatchObject({ parent: { id: grandmaster } });
  });

  it('moves a goal under another parent and detaches it with parentId null', async () => {
    const { token } = await t.createUser();
    const a = await createGoal(t, token, { title: 'A', kind: 'MILESTONES' });
    const b = await createGoal(t, token, { title: 'B', kind: 'MILESTONES' });
    const child = await createGoal(t, token, { title: 'Child', kind: 'MILESTONES', parentId: a });
    const moved = ok(await t.gql(token, UPDATE_GOAL, { input: { id: child, parentId: b } })).updateGoal.goal;
    expect(moved.parent).toEqual({ id: b, title: 'B' });
    const detached = ok(await t.gql(token, UPDATE_GOAL, { input: { id: child, parentId: null } })).updateGoal.goal;
    expect(detached.parent).toBeNull();
    await expect(getGoal(token, child)).resolves.toMatchObject({ parent: null });
  });
});

describe('updateGoal', () => {
  it('changes title, status and dueDate, and null clears the description', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, {
      title: 'Old',
      kind: 'TARGET',
      target: 12,
      description: 'to be cleared',
      dueDate: '2021-09-30',
    });
    const updated = ok(
      await t.gql(token, UPDATE_GOAL, { input: { id, title: 'New', status: 'PAUSED', dueDate: '2021-12-31', description: null } }),
    ).updateGoal.goal;
    expect(updated).toMatchObject({ title: 'New', status: 'PAUSED', dueDate: '2021-12-31', description: null, target: 12 });
    await expect(getGoal(token, id)).resolves.toMatchObject({ title: 'New', status: 'PAUSED', dueDate: '2021-12-31', description: null });
  });

  it('leaves omitted fields as they are', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, {
      title: 'Keep',
      kind: 'TARGET',
      target: 7,
      description: 'kept',
      dueDate: '2021-10-01',
      tags: ['a'],
    });
    ok(await t.gql(token, UPDATE_GOAL, { input: { id, title: 'Kept' } }));
    await expect(getGoal(token, id)).resolves.toMatchObject({
      title: 'Kept',
      description: 'kept',
      dueDate: '2021-10-01',
      target: 7,
      tags: ['a'],
    });
  });

  it('clears the due date with dueDate null', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'X', kind: 'HABIT', dueDate: '2021-12-31' });
    ok(await t.gql(token, UPDATE_GOAL, { input: { id, dueDate: null } }));
    await expect(getGoal(token, id)).resolves.toMatchObject({ dueDate: null });
  });

  it("sets achievedOn to the viewer's today when the status becomes ACHIEVED, and clears it when it leaves", async () => {
    const { token } = await t.createUser({ timeZone: 'Asia/Seoul' });
    const id = await createGoal(t, token, { title: 'X', kind: 'MILESTONES', startDate: '2021-01-01' });
    t.clock.set('2021-06-15T20:00:00Z'); // 2021-06-16 in Seoul
    const achieved = ok(await t.gql(token, UPDATE_GOAL, { input: { id, status: 'ACHIEVED' } })).updateGoal.goal;
    expect(achieved).toMatchObject({ status: 'ACHIEVED', achievedOn: '2021-06-16' });
    await expect(getGoal(token, id)).resolves.toMatchObject({ status: 'ACHIEVED', achievedOn: '2021-06-16' });
    const reopened = ok(await t.gql(token, UPDATE_GOAL, { input: { id, status: 'ACTIVE' } })).updateGoal.goal;
    expect(reopened).toMatchObject({ status: 'ACTIVE', achievedOn: null });
  });

  it('refuses a change whose merged result breaks the rules (dueDate before startDate) and changes nothing', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Original', kind: 'HABIT', startDate: '2021-03-01', dueDate: '2021-12-31' });
    const res = await t.gql(token, UPDATE_GOAL, { input: { id, title: 'Changed', status: 'PAUSED', dueDate: '2021-02-01' } });
    expectBadInput(res, 'dueDate');
    await expect(getGoal(token, id)).resolves.toMatchObject({
      title: 'Original',
      status: 'ACTIVE',
      startDate: '2021-03-01',
      dueDate: '2021-12-31',
    });

    // Moving startDate past the stored dueDate is refused the same way.
    const later = await t.gql(token, UPDATE_GOAL, { input: { id, startDate: '2022-01-01' } });
    expectBadInput(later, 'dueDate');
    await expect(getGoal(token, id)).resolves.toMatchObject({ startDate: '2021-03-01' });
  });

  it('refuses an empty title on update', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Original', kind: 'HABIT' });
    expectBadInput(await t.gql(token, UPDATE_GOAL, { input: { id, title: '  ' } }), 'title');
    await expect(getGoal(token, id)).resolves.toMatchObject({ title: 'Original' });
  });

  it("cannot change another user's goal", async () => {
    const owner = await t.createUser();
    const id = await createGoal(t, owner.token, { title: 'Mine', kind: 'HABIT' });
    const intruder = await t.createUser();
    const res = await t.gql(intruder.token, UPDATE_GOAL, { input: { id, title: 'Stolen' } });
    expect(errorCode(res)).toBe('NOT_FOUND');
    await expect(getGoal(owner.token, id)).resolves.toMatchObject({ title: 'Mine' });
  });
});

describe('goals(status:)', () => {
  it('lists only goals with the given status', async () => {
    const { token } = await t.createUser();
    const a = await createGoal(t, token, { title: 'A', kind: 'MILESTONES' });
    const b = await createGoal(t, token, { title: 'B', kind: 'MILESTONES' });
    await createGoal(t, token, { title: 'C', kind: 'MILESTONES' });
    ok(await t.gql(token, UPDATE_GOAL, { input: { id: b, status: 'ACHIEVED' } }));
    ok(await t.gql(token, UPDATE_GOAL, { input: { id: a, status: 'PAUSED' } }));

    const achieved = ok(await t.gql(token, GOALS_PAGE, { status: 'ACHIEVED' })).goals;
    expect(achieved.totalCount).toBe(1);
    expect(achieved.edges.map((e: any) => e.node)).toEqual([{ id: b, title: 'B', status: 'ACHIEVED' }]);

    const active = ok(await t.gql(token, GOALS_PAGE, { status: 'ACTIVE' })).goals;
    expect(active.totalCount).toBe(1);
    expect(active.edges.map((e: any) => e.node.title)).toEqual(['C']);

    await expect(goalCount(token)).resolves.toBe(3);
  });
});

describe('goals pagination', () => {
  let token: string;
  let ids: string[];

  beforeAll(async () => {
    ({ token } = await t.createUser());
    ids = [];
    for (let i = 1; i <= 7; i++) ids.push(await createGoal(t, token, { title: `G${i}`, kind: 'HABIT' }));
  });

  const page = async (vars: Record<string, unknown>) => ok(await t.gql(token, GOALS_PAGE, vars)).goals;
  const titles = (conn: any): string[] => conn.edges.map((e: any) => e.node.title);

  it('pages forward with first/after through all 7 goals, oldest first', async () => {
    const p1 = await page({ first: 3 });
    expect(titles(p1)).toEqual(['G1', 'G2', 'G3']);
    expect(p1.edges.map((e: any) => e.node.id)).toEqual(ids.slice(0, 3));
    expect(p1.totalCount).toBe(7);
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(p1.pageInfo.startCursor).toBe(p1.edges[0].cursor);
    expect(p1.pageInfo.endCursor).toBe(p1.edges[2].cursor);

    const p2 = await page({ first: 3, after: p1.pageInfo.endCursor });
    expect(titles(p2)).toEqual(['G4', 'G5', 'G6']);
    expect(p2.totalCount).toBe(7);
    expect(p2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });

    const p3 = await page({ first: 3, after: p2.pageInfo.endCursor });
    expect(titles(p3)).toEqual(['G7']);
    expect(p3.totalCount).toBe(7);
    expect(p3.pageInfo.hasNextPage).toBe(false);

    const beyond = await page({ first: 3, after: p3.pageInfo.endCursor });
    expect(beyond.edges).toEqual([]);
    expect(beyond.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
  });

  it('pages backward with last/before, keeping list order within a page', async () => {
    const tail = await page({ last: 2 });
    expect(titles(tail)).toEqual(['G6', 'G7']);
    expect(tail.totalCount).toBe(7);
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });

    const before = await page({ last: 2, before: tail.pageInfo.startCursor });
    expect(titles(before)).toEqual(['G4', 'G5']);
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });

    const head = await page({ last: 5, before: before.pageInfo.startCursor });
    expect(titles(head)).toEqual(['G1', 'G2', 'G3']);
    expect(head.pageInfo.hasPreviousPage).toBe(false);
  });

  it('cursors of one page work as after/before on another request', async () => {
    const all = await page({ first: 7 });
    const cursorOfG3 = all.edges[2].cursor;
    await expect(page({ first: 2, after: cursorOfG3 }).then(titles)).resolves.toEqual(['G4', 'G5']);
    await expect(page({ last: 1, before: cursorOfG3 }).then(titles)).resolves.toEqual(['G2']);
  });

  it('refuses a garbage cursor with BAD_USER_INPUT', async () => {
    expectBadInput(await t.gql(token, GOALS_PAGE, { first: 3, after: 'garbage' }), 'after');
    expectBadInput(await t.gql(token, GOALS_PAGE, { last: 3, before: '!!not-a-cursor!!' }), 'before');
    // Valid base64 of valid JSON, but not a cursor of this list.
    const foreign = Buffer.from(JSON.stringify({ id: 1 }), 'utf8').toString('base64url');
    expectBadInput(await t.gql(token, GOALS_PAGE, { first: 3, after: foreign }), 'after');
  });

  it('refuses first and last together with BAD_USER_INPUT', async () => {
    const res = await t.gql(token, GOALS_PAGE, { first: 2, last: 2 });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  it('refuses a negative or too large page size', async () => {
    expectBadInput(await t.gql(token, GOALS_PAGE, { first: -1 }), 'first');
    expectBadInput(await t.gql(token, GOALS_PAGE, { last: 101 }), 'last');
  });

  it('only lists the viewer’s own goals', async () => {
    const other = await t.createUser();
    await createGoal(t, other.token, { title: 'Other', kind: 'HABIT' });
    const mine = await page({ first: 100 });
    expect(mine.totalCount).toBe(7);
    expect(titles(mine)).not.toContain('Other');
  });
});

describe('goals default page size', () => {
  it('returns 20 goals when neither first nor last is given', async () => {
    const { token } = await t.createUser();
    for (let i = 1; i <= 22; i++) await createGoal(t, token, { title: `D${i}`, kind: 'HABIT' });
    const conn = ok(await t.gql(token, GOALS_PAGE, {})).goals;
    expect(conn.edges).toHaveLength(20);
    expect(conn.edges[19].node.title).toBe('D20');
    expect(conn.totalCount).toBe(22);
    expect(conn.pageInfo.hasNextPage).toBe(true);
  });
});
