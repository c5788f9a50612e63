import { DEFAULT_LIMITS } from '../src/graphql/limits';
import { createGoal, errorCode, ok, postGraphQL, startTestApp, type GraphQLResponse, type TestApp } from './helpers';

/** `count` aliased copies of `viewer { id }`. */
function aliasedViewers(count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `v${i}: viewer { id }`).join(' ')} }`;
}

/** A `node` query whose selection is `parents` levels of Goal.parent deep: depth 1 + parents. */
function parentChain(parents: number): string {
  return `query($id: ID!) { node(id: $id) { ... on Goal { ${'parent { '.repeat(parents)}id${' }'.repeat(parents)} } } }`;
}

function expectTooComplex(
  res: GraphQLResponse & { status: number },
  limit: 'depth' | 'aliases' | 'cost' | 'introspectionTypeDepth' | 'introspectionFields',
) {
  expect(errorCode(res)).toBe('QUERY_TOO_COMPLEX');
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0].extensions?.limit).toBe(limit);
  expect(res.data ?? null).toBeNull();
  expect(res.status).toBe(400);
}

describe('query limits (small limits)', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ limits: { maxDepth: 3, maxAliases: 2, maxCost: 50 } });
    ({ token } = await t.createUser());
  });

  afterAll(async () => {
    await t.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('refuses a query deeper than maxDepth with limit "depth", and runs no resolver', async () => {
    const list = jest.spyOn(t.app.services.goals, 'list');
    // goals(1) > edges(2) > node(3) > parent(4)
    const res = await t.gql(token, `{ goals(first: 1) { edges { node { parent { id } } } } }`);
    expectTooComplex(res, 'depth');
    expect(res.errors![0].extensions).toMatchObject({ max: 3, actual: 4 });
    expect(list).not.toHaveBeenCalled();
  });

  it('counts depth through fragments', async () => {
    const res = await t.gql(
      token,
      `query { goals(first: 1) { ...G } } fragment G on GoalConnection { edges { node { ... on Goal { parent { id } } } } }`,
    );
    expectTooComplex(res, 'depth');
  });

  it('runs a query at exactly maxDepth', async () => {
    const list = jest.spyOn(t.app.services.goals, 'list');
    const data = ok(await t.gql(token, `{ goals(first: 1) { edges { node { id } } } }`));
    expect(Array.isArray(data.goals.edges)).toBe(true);
    expect(list).toHaveBeenCalledTimes(1);
  });

  it('refuses more aliases than maxAliases with limit "aliases"', async () => {
    const res = await t.gql(token, aliasedViewers(3));
    expectTooComplex(res, 'aliases');
    expect(res.errors![0].extensions).toMatchObject({ max: 2, actual: 3 });
  });

  it('counts aliases at every level', async () => {
    const res = await t.gql(token, `{ a: viewer { x: id y: handle } }`);
    expectTooComplex(res, 'aliases');
  });

  it('runs a query with exactly maxAliases aliases', async () => {
    const data = ok(await t.gql(token, aliasedViewers(2)));
    expect(data.v0.id).toBe(data.v1.id);
  });

  it('refuses a query costing more than maxCost with limit "cost", without running any resolver', async () => {
    const list = jest.spyOn(t.app.services.goals, 'list');
    const find = jest.spyOn(t.app.services.logs, 'find');
    // goals: 1 + 20 × (edges 1 + node 1 + id 1) = 61 > 50
    const res = await t.gql(token, `{ goals(first: 20) { edges { node { id } } } }`);
    expectTooComplex(res, 'cost');
    expect(res.errors![0].extensions).toMatchObject({ max: 50, actual: 61 });
    expect(list).not.toHaveBeenCalled();
    expect(find).not.toHaveBeenCalled();
  });

  it('does not run a mutation that is over the cost limit', async () => {
    const create = jest.spyOn(t.app.services.goals, 'create');
    const res = await t.gql(
      token,
      `mutation { createGoal(input: { title: "Too costly", kind: TARGET, target: 1 }) { goal { id logs(first: 50) { totalCount } } } }`,
    );
    // createGoal: 1 + goal (1 + id 1 + logs (1 + 50 × 1)) = 54 > 50
    expectTooComplex(res, 'cost');
    expect(create).not.toHaveBeenCalled();
    const goals = ok(await t.gql(token, `{ goals(first: 10) { totalCount } }`));
    expect(goals.goals.totalCount).toBe(0);
  });

  it('cannot be talked under the cost limit with a negative page size', async () => {
    const list = jest.spyOn(t.app.services.goals, 'list');
    // b alone costs 1 + 20 × 3 = 61 > 50; a negative `first` elsewhere must not offset it.
    const res = await t.gql(token, `{ a: goals(first: -100) { totalCount } b: goals(first: 20) { edges { node { id } } } }`);
    expectTooComplex(res, 'cost');
    expect(list).not.toHaveBeenCalled();
  });

  it('uses the default page size for a connection without first/last when costing', async () => {
    // 1 + 20 (default page size) × 3 = 61 > 50
    const res = await t.gql(token, `{ goals { edges { node { id } } } }`);
    expectTooComplex(res, 'cost');
  });

  it('prices the same query text again when its variables can change its cost', async () => {
    // Each document is sent cheap first, then with variables that take it over the limit: a price kept from the
    // first request would let the second run.
    const byFirst = `query($n: Int) { goals(first: $n) { edges { node { id } } } }`;
    ok(await t.gql(token, byFirst, { n: 1 }));
    // 1 + 20 × 3 = 61 > 50
    expectTooComplex(await t.gql(token, byFirst, { n: 20 }), 'cost');

    const included = `query($b: Boolean!) { viewer { id } goals(first: 20) @include(if: $b) { edges { node { id } } } }`;
    ok(await t.gql(token, included, { b: false }));
    expectTooComplex(await t.gql(token, included, { b: true }), 'cost');

    // A field that prices itself from its input: logProgressBatch costs 1 + 2 per log.
    const batch = `mutation($i: LogProgressBatchInput!) { logProgressBatch(input: $i) { results { index } } }`;
    const logs = (n: number) => Array.from({ length: n }, () => ({ goalId: 'R29hbDo5OTk5', value: 1 }));
    ok(await t.gql(token, batch, { i: { logs: logs(1) } }));
    const logMany = jest.spyOn(t.app.services.logs, 'logMany');
    expectTooComplex(await t.gql(token, batch, { i: { logs: logs(30) } }), 'cost');
    expect(logMany).not.toHaveBeenCalled();
  });

  it('keeps the price of a query text whose variables cannot change it, and still refuses one over the limit', async () => {
    const create = jest.spyOn(t.app.services.goals, 'create');
    // createGoal: 1 + goal (1 + id 1 + logs (1 + 50 × 1)) = 54 > 50, whatever the input says.
    const costly = `mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id logs(first: 50) { totalCount } } } }`;
    for (const title of ['One', 'Two']) {
      const res = await t.gql(token, costly, { i: { title, kind: 'HABIT' } });
      expectTooComplex(res, 'cost');
      expect(res.errors![0].extensions).toMatchObject({ max: 50, actual: 54 });
    }
    expect(create).not.toHaveBeenCalled();
    // Invalid variables of a query priced before are still refused by execution, and nothing runs.
    const cheap = `mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id } } }`;
    ok(await t.gql(token, cheap, { i: { title: 'Three', kind: 'HABIT' } }));
    const bad = await t.gql(token, cheap, { i: { title: 'Four', kind: 'NO_SUCH_KIND' } });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('runs a query under the cost limit', async () => {
    const list = jest.spyOn(t.app.services.goals, 'list');
    // 1 + 5 × 3 = 16
    const data = ok(await t.gql(token, `{ goals(first: 5) { edges { node { id } } } }`));
    expect(Array.isArray(data.goals.edges)).toBe(true);
    expect(list).toHaveBeenCalledTimes(1);
  });
});

describe('default limits', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ token } = await t.createUser());
  });

  afterAll(async () => {
    await t.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('are depth 12, 30 aliases, cost 20000, an ofType chain of 12 and 500 introspection fields', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxDepth: 12,
      maxAliases: 30,
      maxCost: 20_000,
      maxIntrospectionTypeDepth: 12,
      maxIntrospectionFields: 500,
    });
  });

  it('refuses 31 aliases and runs 30', async () => {
    expectTooComplex(await t.gql(token, aliasedViewers(31)), 'aliases');
    const data = ok(await t.gql(token, aliasedViewers(30)));
    expect(Object.keys(data)).toHaveLength(30);
  });

  it('refuses depth 13 and runs depth 12', async () => {
    const goalId = await createGoal(t, token, { title: 'Deep', kind: 'MILESTONES' });
    expectTooComplex(await t.gql(token, parentChain(12), { id: goalId }), 'depth');
    const data = ok(await t.gql(token, parentChain(11), { id: goalId }));
    expect(data.node).toEqual({ parent: null });
  });

  it('refuses a nested page of 100 × 100 logs by cost before running it', async () => {
    const list = jest.spyOn(t.app.services.goals, 'list');
    // logs: 1 + 100 × 3 = 301; node: 302; edges: 303; goals: 1 + 100 × 303 = 30301
    const res = await t.gql(token, `{ goals(first: 100) { edges { node { logs(first: 100) { edges { node { id } } } } } } }`);
    expectTooComplex(res, 'cost');
    expect(list).not.toHaveBeenCalled();
  });

  it('runs a nested page of 100 × 20 logs (cost 6101)', async () => {
    const list = jest.spyOn(t.app.services.goals, 'list');
    const data = ok(await t.gql(token, `{ goals(first: 100) { edges { node { logs(first: 20) { edges { node { id } } } } } } }`));
    expect(Array.isArray(data.goals.edges)).toBe(true);
    expect(list).toHaveBeenCalledTimes(1);
  });
});

describe('page sizes', () => {
  let t: TestApp;
  let token: string;
  let goalId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ token } = await t.createUser());
    goalId = await createGoal(t, token, { title: 'Paged', kind: 'TARGET', target: 10 });
  });

  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['first', 101],
    ['last', 101],
    ['first', -1],
    ['last', -1],
  ])('refuses goals(%s: %d) with BAD_USER_INPUT naming the argument', async (arg, value) => {
    const res = await t.gql(token, `{ goals(${arg}: ${value}) { totalCount } }`);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions?.field).toBe(arg);
    expect(res.data?.goals ?? null).toBeNull();
  });

  it.each([
    ['first', 101],
    ['last', 101],
    ['first', -1],
  ])('refuses Goal.logs(%s: %d) with BAD_USER_INPUT', async (arg, value) => {
    const res = await t.gql(token, `query($id: ID!) { goal(id: $id) { logs(${arg}: ${value}) { totalCount } } }`, { id: goalId });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions?.field).toBe(arg);
  });

  it('accepts first: 100 and last: 100', async () => {
    const first = ok(await t.gql(token, `{ goals(first: 100) { totalCount edges { node { id } } } }`));
    expect(first.goals.totalCount).toBe(1);
    expect(first.goals.edges.map((e: any) => e.node.id)).toEqual([goalId]);
    const last = ok(await t.gql(token, `{ goals(last: 100) { totalCount edges { node { id } } } }`));
    expect(last.goals.edges.map((e: any) => e.node.id)).toEqual([goalId]);
    const logs = ok(await t.gql(token, `query($id: ID!) { goal(id: $id) { logs(first: 100) { totalCount } } }`, { id: goalId }));
    expect(logs.goal.logs.totalCount).toBe(0);
  });
});

describe('request body size', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ token } = await t.createUser());
  });

  afterAll(async () => {
    await t.close();
  });

  function post(padding: number) {
    const payload = JSON.stringify({ query: '{ viewer { id } }', variables: { padding: 'x'.repeat(padding) } });
    return postGraphQL(t.app, payload, { authorization: `Bearer ${token}` });
  }

  it('refuses a body over 1 MiB with HTTP 413 and runs nothing', async () => {
    expect(t.app.config.bodyLimit).toBe(1024 * 1024);
    const authenticate = jest.spyOn(t.app.services.tokens, 'authenticate');
    const res = await post(1024 * 1024 + 10);
    expect(res.statusCode).toBe(413);
    expect(authenticate).not.toHaveBeenCalled();
    authenticate.mockRestore();
  });

  it('accepts a body just under 1 MiB (control)', async () => {
    const res = await post(1024 * 1024 - 200);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).data.viewer.id).toMatch(/\S/);
  });
});

/** `__type(name: "Goal")` with `fields { type { ofType { … } } }` nested `chain` times. */
function ofTypeChain(chain: number): string {
  return `{ __type(name: "Goal") { fields { type { ${'ofType { '.repeat(chain)}name${' }'.repeat(chain)} } } } }`;
}

describe('introspection limits (small limits)', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ limits: { maxDepth: 3, maxAliases: 2, maxIntrospectionTypeDepth: 4, maxIntrospectionFields: 12 } });
    ({ token } = await t.createUser());
  });

  afterAll(async () => {
    await t.close();
  });

  it('measures introspection by its own bounds, not by maxDepth', async () => {
    // Depth 8 by the ordinary measure, over maxDepth 3.
    const data = ok(await t.gql(token, ofTypeChain(4)));
    expect(data.__type.fields.length).toBeGreaterThan(3);
  });

  it('refuses an ofType chain longer than maxIntrospectionTypeDepth, through fragments too', async () => {
    const res = await t.gql(token, ofTypeChain(5));
    expectTooComplex(res, 'introspectionTypeDepth');
    expect(res.errors![0].extensions).toMatchObject({ max: 4, actual: 5 });
    const viaFragment = await t.gql(
      token,
      `{ __schema { types { fields { type { ...T } } } } } fragment T on __Type { ofType { ofType { ofType { ofType { ofType { name } } } } } }`,
    );
    expectTooComplex(viaFragment, 'introspectionTypeDepth');
  });

  it('refuses more introspection fields than maxIntrospectionFields, counting each use of a fragment', async () => {
    // 7 fields in F, used twice, plus types and queryType: 16 fields.
    const query = `{ __schema { types { ...F } a: queryType { ...F } } } fragment F on __Type { kind name description specifiedByURL isOneOf ofType { name } }`;
    const res = await t.gql(token, query);
    expectTooComplex(res, 'introspectionFields');
    expect(res.errors![0].message).toBe('Number of introspection fields 16 exceeds the limit of 12');
    const fits = ok(await t.gql(token, `{ __schema { types { kind name } queryType { name } } }`));
    expect(fits.__schema.queryType).toEqual({ name: 'Query' });
  });

  it('still counts aliases inside introspection and ordinary fields beside it', async () => {
    expectTooComplex(await t.gql(token, `{ __schema { a: types { name } b: types { name } c: types { name } } }`), 'aliases');
    expectTooComplex(await t.gql(token, `{ __schema { types { name } } goals(first: 1) { edges { node { parent { id } } } } }`), 'depth');
  });
});
