import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { measureOperation } from '../src/graphql/limits';
import { MAX_MILESTONES_PER_GOAL } from '../src/modules/milestone/milestone.service';
import { createGoal, errorCode, ok, postGraphQL, type GraphQLResponse, type TestApp, startTestApp } from './helpers';

/**
 * Requests built to make the server do far more work than they are priced at. Each must be refused with a coded
 * 4xx before anything runs, change no data, and leave the server answering.
 */

/**
 * A coded refusal with no data: HTTP 400 when refused before execution (limits, variables), 200 when a resolver
 * refuses the input, as GraphQL over HTTP answers execution errors; never a 5xx.
 */
function expectRefused(res: GraphQLResponse & { status: number }, code: string, limit?: string): void {
  expect(errorCode(res)).toBe(code);
  if (limit) expect(res.errors![0].extensions?.limit).toBe(limit);
  if (limit) expect(res.status).toBe(400);
  expect(res.data ?? null).toBeNull();
  expect([200, 400]).toContain(res.status);
}

/** Fragments F0..F(levels-1), each spreading the next twice, the last selecting `leaf`: 2^levels copies of it. */
function doublingFragments(levels: number, on: string, leaf: string): string {
  const defs = Array.from({ length: levels }, (_, i) =>
    i === levels - 1 ? `fragment F${i} on ${on} { ${leaf} }` : `fragment F${i} on ${on} { ...F${i + 1} ...F${i + 1} }`,
  );
  return defs.join('\n');
}

function operationOf(source: string): { operation: OperationDefinitionNode; fragments: Map<string, FragmentDefinitionNode> } {
  const document = parse(source);
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    if (def.kind === Kind.OPERATION_DEFINITION) operation = def;
  }
  return { operation: operation!, fragments };
}

describe('the depth and alias measure', () => {
  it('measures each fragment once, so spreads that double at every level cost a walk of the document only', () => {
    // 60 levels: 2^60 walks on a measure without a memo, which would never finish.
    const { operation, fragments } = operationOf(`{ ...F0 }\n${doublingFragments(60, 'Query', 'a: viewer { id }')}`);
    const measure = measureOperation(operation, fragments);
    expect(measure.aliases).toBe(2 ** 59);
    expect(measure.depth).toBe(1);
  });

  it('still finds the depth and ofType chains through shared fragments', () => {
    const { operation, fragments } = operationOf(
      `{ goals(first: 1) { ...E } __schema { types { ...T } queryType { ...T } } }
       fragment E on GoalConnection { edges { node { parent { id } } } x: edges { node { id } } }
       fragment T on __Type { name ofType { ofType { name } } }`,
    );
    const measure = measureOperation(operation, fragments);
    expect(measure).toEqual({ depth: 4, aliases: 1, introspectionTypeDepth: 2, introspectionFields: 1 + 2 * 4 + 1 });
  });
});

describe('hostile requests against the default limits', () => {
  let t: TestApp;
  let token: string;
  let goalId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ token } = await t.createUser());
    goalId = await createGoal(t, token, { title: 'Stages', kind: 'MILESTONES' });
    for (let i = 1; i <= 3; i++) {
      ok(
        await t.gql(token, `mutation($g: ID!, $t: String!) { addMilestone(input: { goalId: $g, title: $t }) { milestone { id } } }`, {
          g: goalId,
          t: `Stage ${i}`,
        }),
      );
    }
  });

  afterAll(async () => {
    await t.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  async function expectHealthy(): Promise<void> {
    const health = await t.app.server.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
  }

  it('prices Goal.milestones at its cap, so milestones nested through their goal are refused by cost', async () => {
    const list = jest.spyOn(t.app.services.goals, 'list');
    const res = await t.gql(
      token,
      `{ a: goals(first: 1) { edges { node { milestones { goal { milestones { goal { milestones { goal { milestones { id } } } } } } } } } } }`,
    );
    expectRefused(res, 'QUERY_TOO_COMPLEX', 'cost');
    expect(list).not.toHaveBeenCalled();
    await expectHealthy();
  });

  it('runs one goal’s milestones, priced at the cap', async () => {
    const data = ok(await t.gql(token, `query($id: ID!) { node(id: $id) { ... on Goal { milestones { title } } } }`, { id: goalId }));
    expect(data.node.milestones.map((m: { title: string }) => m.title)).toEqual(['Stage 1', 'Stage 2', 'Stage 3']);
  });

  it('refuses a query whose cost analysis gives up (too many selections to price) instead of running it unpriced', async () => {
    const history = jest.spyOn(t.app.services.analytics, 'scoreHistory');
    // 2^14 copies of one field, merged into one at execution: past what the analysis evaluates, with no alias.
    const query = `query($id: ID!) { node(id: $id) { ...F0 } }\n${doublingFragments(
      15,
      'Node',
      '... on Goal { scoreHistory(from: "2021-01-01", to: "2021-01-02") { score } }',
    )}`;
    const res = await t.gql(token, query, { id: goalId });
    expect(errorCode(res)).toBe('QUERY_TOO_COMPLEX');
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(history).not.toHaveBeenCalled();
    await expectHealthy();
  });

  it('refuses fragments that double at every level quickly, by their alias count', async () => {
    const res = await t.gql(token, `{ ...F0 }\n${doublingFragments(40, 'Query', 'a: viewer { id }')}`);
    expectRefused(res, 'QUERY_TOO_COMPLEX', 'aliases');
    expect(res.errors![0].extensions?.actual).toBe(2 ** 39);
    await expectHealthy();
  });

  it(`refuses a milestone past ${MAX_MILESTONES_PER_GOAL} on one goal, naming the cap, and adds nothing`, async () => {
    const { user } = await t.createUser();
    const goal = await t.app.services.goals.create(user, { title: 'Many stages', kind: 'MILESTONES' } as never);
    for (let i = 0; i < MAX_MILESTONES_PER_GOAL; i++) await t.app.services.milestones.add(user, { goalId: goal.id, title: `M${i}` });
    await expect(t.app.services.milestones.add(user, { goalId: goal.id, title: 'One too many' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining(`at most ${MAX_MILESTONES_PER_GOAL} milestones`),
    });
    const rows = await t.app.db.dataSource.query(`SELECT COUNT(*) AS n FROM milestones WHERE goal_id = ${goal.id}`);
    expect(Number(rows[0].n)).toBe(MAX_MILESTONES_PER_GOAL);
  });
});

describe('strict inputs', () => {
  let t: TestApp;
  let token: string;
  let goalId: string;

  const CREATE = 'mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id target } } }';
  const LOG = 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id occurredAt note } } }';

  beforeAll(async () => {
    t = await startTestApp();
    ({ token } = await t.createUser());
    goalId = await createGoal(t, token, { title: 'Reading', kind: 'TARGET', target: 100 });
  });

  afterAll(async () => {
    await t.close();
  });

  async function counts(): Promise<{ goals: number; logs: number }> {
    const data = ok(
      await t.gql(token, `query($id: ID!) { goals(first: 1) { totalCount } goal(id: $id) { logs(first: 1) { totalCount } } }`, {
        id: goalId,
      }),
    );
    return { goals: data.goals.totalCount, logs: data.goal.logs.totalCount };
  }

  async function expectHealthy(): Promise<void> {
    expect((await t.app.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }

  it.each([
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a reversed pair', '\udc00\ud800'],
    ['NUL', 'a\u0000b'],
  ])('refuses %s in a text variable, naming the field, and stores nothing', async (_what, text) => {
    const before = await counts();
    const goal = await t.gql(token, CREATE, { i: { title: text, kind: 'HABIT' } });
    expectRefused(goal, 'BAD_USER_INPUT');
    expect(goal.errors![0].extensions?.field).toBe('title');
    expect(goal.errors![0].message).toMatch(/^title: text must not contain NUL \(U\+0000\) or a lone surrogate/);
    const log = await t.gql(token, LOG, { i: { goalId, value: 1, note: `x${text}` } });
    expectRefused(log, 'BAD_USER_INPUT');
    expect(log.errors![0].extensions?.field).toBe('note');
    expect(await counts()).toEqual(before);
    await expectHealthy();
  });

  it('keeps a well-formed surrogate pair (an emoji) as it was sent', async () => {
    const data = ok(await t.gql(token, LOG, { i: { goalId, value: 1, note: 'read 📚 today' } }));
    expect(data.logProgress.log.note).toBe('read 📚 today');
  });

  it('refuses a lone surrogate written as an escape in the query text', async () => {
    const before = await counts();
    const res = await t.gql(token, `mutation { createGoal(input: { title: "a\\ud800", kind: HABIT }) { goal { id } } }`);
    expect(res.status).toBe(400);
    expect(['BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED']).toContain(errorCode(res));
    expect(await counts()).toEqual(before);
  });

  it('refuses variables nested 10 000 levels deep with BAD_USER_INPUT, not a stack overflow', async () => {
    // Written out by hand: JSON.stringify itself overflows the stack on a value this deep.
    const deep = `${'{"a":'.repeat(10_000)}"leaf"${'}'.repeat(10_000)}`;
    const before = await counts();
    const body = `{"query":${JSON.stringify(CREATE)},"variables":{"i":{"title":"Deep","kind":"HABIT"},"extra":${deep}}}`;
    const raw = await postGraphQL(t.app, body, { authorization: `Bearer ${token}` });
    const res = { status: raw.statusCode, ...(JSON.parse(raw.body) as GraphQLResponse) };
    expectRefused(res, 'BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/at most 32 levels deep/);
    expect(await counts()).toEqual(before);
    await expectHealthy();
  });

  it('refuses a target so large that its pace would overflow, and keeps the bound itself', async () => {
    const before = await counts();
    for (const target of [1e308, 1e12 + 1]) {
      const res = await t.gql(token, CREATE, { i: { title: 'Huge', kind: 'TARGET', target, dueDate: '2021-12-31' } });
      expectRefused(res, 'BAD_USER_INPUT');
      expect(res.errors![0].extensions?.field).toBe('target');
    }
    const update = await t.gql(token, 'mutation($id: ID!) { updateGoal(input: { id: $id, target: 1e308 }) { goal { id } } }', {
      id: goalId,
    });
    expectRefused(update, 'BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
    const fits = ok(await t.gql(token, CREATE, { i: { title: 'Big', kind: 'TARGET', target: 1e12, dueDate: '2021-12-31' } }));
    const pace = ok(
      await t.gql(token, `query($id: ID!) { node(id: $id) { ... on Goal { pace { expectedToDate } } } }`, { id: fits.createGoal.goal.id }),
    );
    expect(Number.isFinite(pace.node.pace.expectedToDate)).toBe(true);
  });

  it('refuses an update that names nothing to change', async () => {
    const viewer = await t.gql(token, 'mutation { updateViewer(input: {}) { viewer { id } } }');
    expectRefused(viewer, 'BAD_USER_INPUT');
    expect(viewer.errors![0].message).toMatch(/names nothing to change/);
    const goal = await t.gql(token, 'mutation($id: ID!) { updateGoal(input: { id: $id }) { goal { id } } }', { id: goalId });
    expectRefused(goal, 'BAD_USER_INPUT');
    await expectHealthy();
  });

  it.each(['+99:00', '+18:01', '-18:30', '+05:60'])('refuses a DateTime offset of %s', async (offset) => {
    const before = await counts();
    const res = await t.gql(token, LOG, { i: { goalId, value: 1, occurredAt: `2021-06-15T10:00:00${offset}` } });
    expectRefused(res, 'BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  it('accepts DateTime offsets at ±18:00', async () => {
    for (const offset of ['+18:00', '-18:00']) {
      const data = ok(await t.gql(token, LOG, { i: { goalId, value: 1, occurredAt: `2021-06-10T10:00:00${offset}` } }));
      expect(data.logProgress.log.occurredAt).toBe(new Date(`2021-06-10T10:00:00${offset}`).toISOString());
    }
  });

  it('accepts a global ID only in its canonical form', async () => {
    const raw = Buffer.from(goalId, 'base64url').toString('utf8');
    const variants = [
      Buffer.from(raw).toString('base64'), // padded, standard alphabet
      `${goalId}=`,
      `${goalId}.`,
      ` ${goalId}`,
    ].filter((v) => v !== goalId);
    expect(variants.length).toBeGreaterThan(2);
    for (const id of variants) {
      const data = ok(await t.gql(token, 'query($id: ID!) { node(id: $id) { id } }', { id }));
      expect(data.node).toBeNull();
      const res = await t.gql(token, LOG, { i: { goalId: id, value: 1 } });
      expectRefused(res, 'BAD_USER_INPUT');
    }
    expect(ok(await t.gql(token, 'query($id: ID!) { node(id: $id) { id } }', { id: goalId })).node.id).toBe(goalId);
  });
});
