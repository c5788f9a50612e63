import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { measureOperation } from '../src/graphql/limits';
import { MAX_MILESTONES_PER_GOAL } from '../src/modules/milestone/milestone.service';
import { createGoal, errorCode, ok, type GraphQLResponse, type TestApp, startTestApp } from './helpers';

/**
 * Requests built to make the server do far more work than they are priced at. Each must be refused with a coded
 * 4xx before anything runs, change no data, and leave the server answering.
 */

function expectRefused(res: GraphQLResponse & { status: number }, code: string, limit?: string): void {
  expect(errorCode(res)).toBe(code);
  if (limit) expect(res.errors![0].extensions?.limit).toBe(limit);
  expect(res.data ?? null).toBeNull();
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
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
