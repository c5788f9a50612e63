import { scratchDatabase, TEST_DIALECT, type ScratchDatabase } from './db';
import { createGoal, errorCode, LOG_PROGRESS, ok, startTestApp, type TestApp } from './helpers';

/**
 * goals(orderBy:) and Goal.children(orderBy:): each field both ways, ties by id, goals without a due date last,
 * exact paging both ways across ties, cursors bound to their order, filters, and only ever the viewer's goals.
 */

let t: TestApp;
let scratch: ScratchDatabase | null;
beforeAll(async () => {
  // On PostgreSQL, a database whose own collation sorts text as a dictionary does (ignoring '_', 'É' beside 'E'):
  // the titles must still sort as on SQLite.
  scratch = TEST_DIALECT === 'postgres' ? await scratchDatabase('postgres', { icuLocale: 'en-US' }) : null;
  t = await startTestApp({ countStatements: true, databaseUrl: scratch?.url });
});
afterAll(async () => {
  await t.close();
  await scratch?.drop();
});

const LIST = /* GraphQL */ `
  query (
    $orderBy: GoalOrderInput
    $first: Int
    $after: String
    $last: Int
    $before: String
    $kind: GoalKind
    $tag: String
    $search: String
    $status: GoalStatus
    $needsAttention: Boolean
  ) {
    goals(
      orderBy: $orderBy
      first: $first
      after: $after
      last: $last
      before: $before
      kind: $kind
      tag: $tag
      search: $search
      status: $status
      needsAttention: $needsAttention
    ) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        cursor
        node {
          id
          title
          updatedAt
        }
      }
    }
  }
`;

type Order = { field: string; direction?: string } | null;

async function list(token: string, variables: Record<string, unknown>) {
  return ok(await t.gql(token, LIST, variables)).goals;
}
const idsOf = (conn: any): string[] => conn.edges.map((e: any) => e.node.id);

/** Every goal in `orderBy`, read a page of `size` at a time forwards with first/after, checking the page facts. */
async function forwards(token: string, orderBy: Order, size: number, filter: Record<string, unknown> = {}): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const page: any = await list(token, { ...filter, orderBy, first: size, after });
    seen.push(...idsOf(page));
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    if (!page.pageInfo.hasNextPage) return seen;
    expect(page.edges).toHaveLength(size);
    after = page.pageInfo.endCursor;
  }
  throw new Error(`no end after 20 pages: ${seen.join(' ')}`);
}

/** The same, backwards from the end with last/before. */
async function backwards(token: string, orderBy: Order, size: number, filter: Record<string, unknown> = {}): Promise<string[]> {
  const seen: string[] = [];
  let before: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const page: any = await list(token, { ...filter, orderBy, last: size, before });
    seen.unshift(...idsOf(page));
    expect(page.pageInfo.hasNextPage).toBe(before !== null);
    if (!page.pageInfo.hasPreviousPage) return seen;
    expect(page.edges).toHaveLength(size);
    before = page.pageInfo.startCursor;
  }
  throw new Error(`no start after 20 pages: ${seen.join(' ')}`);
}

describe('goals(orderBy:)', () => {
  let token: string;
  let other: string;
  const g: string[] = [];
  let theirs: string[];

  beforeAll(async () => {
    ({ token } = await t.createUser());
    ({ token: other } = await t.createUser());
    // In id order: title, due date, creation instant (ties and millisecond steps across a second), kind, tags.
    const goals: Array<[string, string | null, string, string, string[]]> = [
      ['banana', '2021-07-01', '2021-06-15T12:00:00.010Z', 'MILESTONES', ['x']],
      ['Apple', null, '2021-06-15T12:00:00.009Z', 'MILESTONES', []],
      ['apple', '2021-07-01', '2021-06-15T12:00:01.000Z', 'TARGET', []],
      ['Zebra', '2021-06-20', '2021-06-15T12:00:00.100Z', 'MILESTONES', ['x']],
      ['Éclair', null, '2021-06-15T12:00:00.010Z', 'MILESTONES', ['x']],
      ['apple', '2021-06-20', '2021-06-14T23:59:59.999Z', 'TARGET', []],
      ['_under', null, '2021-06-15T12:00:00.100Z', 'MILESTONES', []],
      ['10 km', '2021-12-31', '2021-06-15T12:00:00.009Z', 'MILESTONES', ['x']],
      ['9 km', '2021-07-01', '2021-06-15T11:59:59.990Z', 'TARGET', []],
    ];
    for (const [title, dueDate, at, kind, tags] of goals) {
      t.clock.set(at);
      const target = kind === 'TARGET' ? { target: 10 } : {};
      g.push(await createGoal(t, token, { title, dueDate, kind, tags, startDate: '2021-06-01', ...target }));
    }
    // Another user's goals, first in every order, never show.
    t.clock.set('2021-06-01T00:00:00.000Z');
    theirs = [
      await createGoal(t, other, { title: '0 apple', kind: 'MILESTONES', dueDate: '2021-06-02', startDate: '2021-06-01', tags: ['x'] }),
      await createGoal(t, other, { title: 'apple', kind: 'TARGET', target: 1, startDate: '2021-06-01' }),
    ];
    const update = 'mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { goal { updatedAt } } }';
    t.clock.set('2021-06-15T12:30:00.001Z');
    ok(await t.gql(token, update, { i: { id: g[0], status: 'ARCHIVED' } }));
    t.clock.set('2021-06-15T13:00:00.000Z');
    ok(await t.gql(token, update, { i: { id: g[1], description: 'red ones' } }));
    ok(await t.gql(token, update, { i: { id: g[5], description: 'green ones' } }));
    t.clock.set('2021-06-15T12:00:00Z');
  });

  const order = (ids: number[]) => ids.map((i) => g[i]);
  const cases: Array<[string, string, number[]]> = [
    // A–Z fold to a–z; otherwise code point order: digits, '_', letters, then 'É' after 'z'. Ties by id.
    ['TITLE', 'ASC', [7, 8, 6, 1, 2, 5, 0, 3, 4]],
    ['TITLE', 'DESC', [4, 3, 0, 5, 2, 1, 6, 8, 7]],
    // No due date last in both directions.
    ['DUE_DATE', 'ASC', [3, 5, 0, 2, 8, 7, 1, 4, 6]],
    ['DUE_DATE', 'DESC', [7, 8, 2, 0, 5, 3, 6, 4, 1]],
    ['CREATED_AT', 'ASC', [5, 8, 1, 7, 0, 4, 3, 6, 2]],
    ['CREATED_AT', 'DESC', [2, 6, 3, 4, 0, 7, 1, 8, 5]],
    ['UPDATED_AT', 'ASC', [8, 7, 4, 3, 6, 2, 0, 1, 5]],
    ['UPDATED_AT', 'DESC', [5, 1, 0, 2, 6, 3, 4, 7, 8]],
  ];

  it.each(cases)('sorts by %s %s, ties by id in the same direction', async (field, direction, expected) => {
    const all = await list(token, { orderBy: { field, direction }, first: 100 });
    expect(idsOf(all)).toEqual(order(expected));
    expect(all.totalCount).toBe(9);
    expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it.each(cases)('pages %s %s exactly, forwards and backwards across ties', async (field, direction, expected) => {
    const orderBy = { field, direction };
    for (const size of [1, 2, 4]) {
      expect(await forwards(token, orderBy, size)).toEqual(order(expected));
      expect(await backwards(token, orderBy, size)).toEqual(order(expected));
    }
    // Between two cursors, from both ends.
    const all = await list(token, { orderBy, first: 100 });
    const [after, before] = [all.edges[1].cursor, all.edges[6].cursor];
    expect(idsOf(await list(token, { orderBy, after, before, first: 100 }))).toEqual(order(expected.slice(2, 6)));
    const lastTwo = await list(token, { orderBy, after, before, last: 2 });
    expect(idsOf(lastTwo)).toEqual(order(expected.slice(4, 6)));
    expect(lastTwo.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('keeps the default order (by id) and its cursors when orderBy is absent; direction defaults to ASC', async () => {
    expect(await forwards(token, null, 4)).toEqual(g);
    expect(idsOf(await list(token, { orderBy: { field: 'TITLE' }, first: 100 }))).toEqual(order(cases[0][2]));
  });

  it('refuses a cursor made under another order, or none, and changes nothing', async () => {
    const titleAsc = (await list(token, { orderBy: { field: 'TITLE', direction: 'ASC' }, first: 2 })).pageInfo.endCursor;
    const byId = (await list(token, { first: 2 })).pageInfo.endCursor;
    for (const [orderBy, cursor] of [
      [{ field: 'TITLE', direction: 'DESC' }, titleAsc],
      [{ field: 'CREATED_AT', direction: 'ASC' }, titleAsc],
      [null, titleAsc],
      [{ field: 'TITLE', direction: 'ASC' }, byId],
    ] as const) {
      for (const args of [
        { after: cursor, first: 2 },
        { before: cursor, last: 2 },
      ]) {
        const res = await t.gql(token, LIST, { orderBy, ...args });
        expect(errorCode(res)).toBe('BAD_USER_INPUT');
        expect(res.errors![0].message).toMatch(/this cursor is from the list with (no orderBy|orderBy TITLE ASC), not with/);
        expect(res.data?.goals ?? null).toBeNull();
      }
    }
    const forged = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    for (const [field, direction, cursor] of [
      ['TITLE', 'ASC', forged(['TITLE ASC', 'Apple', 1])], // not a folded title
      ['CREATED_AT', 'ASC', forged(['CREATED_AT ASC', '2021-06-15 12:00:00.010', 1])],
      ['DUE_DATE', 'ASC', forged(['DUE_DATE ASC', '', 1])], // where DESC puts no due date
      ['DUE_DATE', 'DESC', forged(['DUE_DATE DESC', '2021-02-30', 1])],
      ['UPDATED_AT', 'DESC', forged(['UPDATED_AT DESC', '2021-06-15T12:00:00.000Z', -1])],
      ['TITLE', 'ASC', forged(['TITLE ASC', 'apple'])],
    ]) {
      const res = await t.gql(token, LIST, { orderBy: { field, direction }, after: cursor });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
    }
  });

  it('combines with kind, tag, search and status; totalCount counts the filtered list on every page', async () => {
    const cases: Array<[Record<string, unknown>, Order, number[]]> = [
      [{ kind: 'TARGET' }, { field: 'TITLE', direction: 'ASC' }, [8, 2, 5]],
      [{ tag: 'x' }, { field: 'DUE_DATE', direction: 'DESC' }, [7, 0, 3, 4]],
      [{ search: 'APPLE' }, { field: 'CREATED_AT', direction: 'DESC' }, [2, 1, 5]],
      [{ search: 'ones' }, { field: 'UPDATED_AT', direction: 'ASC' }, [1, 5]],
      [{ status: 'ARCHIVED' }, { field: 'TITLE', direction: 'DESC' }, [0]],
      [{ status: 'ACTIVE', tag: 'x' }, { field: 'DUE_DATE', direction: 'ASC' }, [3, 7, 4]],
    ];
    for (const [filter, orderBy, expected] of cases) {
      const all = await list(token, { ...filter, orderBy, first: 100 });
      expect(idsOf(all)).toEqual(order(expected));
      expect(all.totalCount).toBe(expected.length);
      const firstPage = await list(token, { ...filter, orderBy, first: 1 });
      expect(firstPage.totalCount).toBe(expected.length);
      expect(await forwards(token, orderBy, 1, filter)).toEqual(order(expected));
      expect(await backwards(token, orderBy, 2, filter)).toEqual(order(expected));
    }
  });

  it('refuses orderBy with needsAttention, which has its own order', async () => {
    const res = await t.gql(token, LIST, { needsAttention: true, orderBy: { field: 'TITLE', direction: 'ASC' } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/^orderBy: cannot be combined with needsAttention/);
    expect(ok(await t.gql(token, LIST, { needsAttention: true })).goals.totalCount).toBeGreaterThan(0);
  });

  it('lists only the viewer’s goals, whatever the order', async () => {
    for (const [field, direction] of cases) {
      const mine = await list(token, { orderBy: { field, direction }, first: 100 });
      expect(idsOf(mine).filter((id) => theirs.includes(id))).toEqual([]);
      const theirList = await list(other, { orderBy: { field, direction }, first: 100 });
      expect([...idsOf(theirList)].sort()).toEqual([...theirs].sort());
      expect(theirList.totalCount).toBe(2);
    }
    // A cursor of the other user's list only says where to start: it shows none of their goals.
    const theirCursor = (await list(other, { orderBy: { field: 'TITLE', direction: 'ASC' }, first: 1 })).pageInfo.endCursor;
    const after = await list(token, { orderBy: { field: 'TITLE', direction: 'ASC' }, after: theirCursor, first: 100 });
    expect(idsOf(after)).toEqual(order(cases[0][2]));
  });

  it('reads a page in the same number of statements whatever the order and the page size', async () => {
    const counted = async (variables: Record<string, unknown>) => {
      ok(await t.gql(token, '{ viewer { id } }'));
      t.app.db.statements!.count = 0;
      await list(token, variables);
      return t.app.db.statements!.count;
    };
    const plain = await counted({ first: 2 });
    for (const [field, direction] of cases) {
      expect(await counted({ orderBy: { field, direction }, first: 2 })).toBe(plain);
      expect(await counted({ orderBy: { field, direction }, first: 100, tag: 'x' })).toBe(plain);
    }
  });
});

describe('Goal.children(orderBy:)', () => {
  it('sorts and pages a goal’s children', async () => {
    const { token } = await t.createUser();
    const parent = await createGoal(t, token, { title: 'Parent', kind: 'MILESTONES' });
    const b = await createGoal(t, token, { title: 'b', kind: 'MILESTONES', parentId: parent });
    const bigA = await createGoal(t, token, { title: 'A', kind: 'MILESTONES', parentId: parent });
    const a = await createGoal(t, token, { title: 'a', kind: 'MILESTONES', parentId: parent });
    await createGoal(t, token, { title: 'Aa not a child', kind: 'MILESTONES' });
    const q = `query($id: ID!, $orderBy: GoalOrderInput, $first: Int, $after: String) {
      goal(id: $id) { children(orderBy: $orderBy, first: $first, after: $after) { totalCount pageInfo { endCursor } edges { node { id } } } } }`;
    const children = async (variables: Record<string, unknown>) => ok(await t.gql(token, q, { id: parent, ...variables })).goal.children;
    expect(idsOf(await children({ orderBy: { field: 'TITLE', direction: 'ASC' } }))).toEqual([bigA, a, b]);
    expect(idsOf(await children({ orderBy: { field: 'TITLE', direction: 'DESC' } }))).toEqual([b, a, bigA]);
    expect(idsOf(await children({}))).toEqual([b, bigA, a]);
    const first = await children({ orderBy: { field: 'TITLE', direction: 'ASC' }, first: 1 });
    expect(first.totalCount).toBe(3);
    const rest = await children({ orderBy: { field: 'TITLE', direction: 'ASC' }, after: first.pageInfo.endCursor });
    expect(idsOf(rest)).toEqual([a, b]);
    expect(errorCode(await t.gql(token, q, { id: parent, after: first.pageInfo.endCursor }))).toBe('BAD_USER_INPUT');
  });

  it('pages the children of every goal of a list at once, in statements that do not grow with the goals', async () => {
    const { token } = await t.createUser();
    const other = await t.createUser();
    const child = (title: string, parentId: string, dueDate: string | null = null) =>
      createGoal(t, token, { title, kind: 'MILESTONES', parentId, dueDate, startDate: '2021-06-01' });
    const p1 = await createGoal(t, token, { title: 'P1', kind: 'MILESTONES' });
    const p2 = await createGoal(t, token, { title: 'P2', kind: 'MILESTONES' });
    const c1 = [
      await child('a', p1, '2021-07-01'),
      await child('b', p1),
      await child('c', p1, '2021-06-20'),
      await child('d', p1, '2021-07-01'),
    ];
    const c2 = [await child('x', p2), await child('y', p2, '2021-08-01'), await child('z', p2)];
    ok(
      await t.gql(token, 'mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { goal { id } } }', {
        i: { id: c2[1], status: 'ARCHIVED' },
      }),
    );
    await createGoal(t, other.token, { title: 'Theirs', kind: 'MILESTONES' });

    const q = `query($orderBy: GoalOrderInput, $status: GoalStatus, $first: Int, $last: Int, $after: String, $before: String) {
      goals(first: 100) { edges { node { id children(orderBy: $orderBy, status: $status, first: $first, last: $last, after: $after, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id } } } } } } }`;
    const pages = async (variables: Record<string, unknown>) => {
      const nodes = ok(await t.gql(token, q, variables)).goals.edges.map((e: any) => e.node);
      return new Map<string, any>(nodes.map((n: any) => [n.id, n.children]));
    };
    const dueDesc = { field: 'DUE_DATE', direction: 'DESC' };
    const firstTwo = await pages({ orderBy: dueDesc, first: 2 });
    expect(idsOf(firstTwo.get(p1))).toEqual([c1[3], c1[0]]);
    expect(firstTwo.get(p1)).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    expect(idsOf(firstTwo.get(p2))).toEqual([c2[1], c2[2]]);
    expect(idsOf(firstTwo.get(c1[0]))).toEqual([]);
    // One cursor for every list: each parent's page continues after that point of the order.
    const after = firstTwo.get(p1).pageInfo.endCursor;
    const next = await pages({ orderBy: dueDesc, first: 2, after });
    expect(idsOf(next.get(p1))).toEqual([c1[2], c1[1]]);
    expect(next.get(p1).pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = await pages({ orderBy: dueDesc, last: 2, before: next.get(p1).pageInfo.endCursor });
    expect(idsOf(back.get(p1))).toEqual([c1[0], c1[2]]);
    expect(back.get(p1).pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const active = await pages({ orderBy: { field: 'TITLE', direction: 'DESC' }, status: 'ACTIVE', last: 1 });
    expect(idsOf(active.get(p2))).toEqual([c2[0]]);
    expect(active.get(p2)).toMatchObject({ totalCount: 2, pageInfo: { hasPreviousPage: true, hasNextPage: false } });
    expect(idsOf((await pages({})).get(p1))).toEqual(c1);

    const counted = async () => {
      ok(await t.gql(token, '{ viewer { id } }'));
      t.app.db.statements!.count = 0;
      await pages({ orderBy: dueDesc, first: 2 });
      return t.app.db.statements!.count;
    };
    const before = await counted();
    for (let i = 0; i < 6; i++) {
      const parent = await createGoal(t, token, { title: `More ${i}`, kind: 'MILESTONES' });
      await child(`child ${i}`, parent);
    }
    // The list itself is read again after the writes (its kept pages went with the owner's revision), then kept.
    await counted();
    expect(await counted()).toBe(before);
  });
});

describe('updatedAt', () => {
  const GOAL = 'query($id: ID!) { goal(id: $id) { updatedAt status parent { id } } }';
  const goal = async (token: string, id: string) => ok(await t.gql(token, GOAL, { id })).goal;

  it('moves with every change to the goal: an edit, a status its logs decide, losing its parent', async () => {
    const { token } = await t.createUser();
    t.clock.set('2021-06-15T12:00:00.000Z');
    const parent = await createGoal(t, token, { title: 'Parent', kind: 'MILESTONES', startDate: '2021-06-01' });
    const child = await createGoal(t, token, { title: 'Child', kind: 'TARGET', target: 5, parentId: parent, startDate: '2021-06-01' });
    expect((await goal(token, child)).updatedAt).toBe('2021-06-15T12:00:00.000Z');

    t.clock.set('2021-06-15T12:00:00.001Z');
    ok(await t.gql(token, 'mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { goal { id } } }', { i: { id: child, unit: 'km' } }));
    expect((await goal(token, child)).updatedAt).toBe('2021-06-15T12:00:00.001Z');

    // A log that leaves the status as it is does not change the goal; one that achieves it does.
    t.clock.set('2021-06-15T12:05:00.000Z');
    ok(await t.gql(token, LOG_PROGRESS, { input: { goalId: child, value: 2 } }));
    expect((await goal(token, child)).updatedAt).toBe('2021-06-15T12:00:00.001Z');
    t.clock.set('2021-06-15T12:10:00.000Z');
    ok(await t.gql(token, LOG_PROGRESS, { input: { goalId: child, value: 3 } }));
    expect(await goal(token, child)).toMatchObject({ status: 'ACHIEVED', updatedAt: '2021-06-15T12:10:00.000Z' });

    t.clock.set('2021-06-15T12:20:00.000Z');
    ok(await t.gql(token, 'mutation($i: DeleteGoalInput!) { deleteGoal(input: $i) { deletedId } }', { i: { id: parent } }));
    expect(await goal(token, child)).toEqual({ status: 'ACHIEVED', parent: null, updatedAt: '2021-06-15T12:20:00.000Z' });
    const latest = await list(token, { orderBy: { field: 'UPDATED_AT', direction: 'DESC' }, first: 1 });
    expect(latest.edges[0].node).toMatchObject({ id: child, updatedAt: '2021-06-15T12:20:00.000Z' });
    t.clock.set('2021-06-15T12:00:00Z');
  });
});
