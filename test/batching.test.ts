import { LOG_PROGRESS, createGoal, ok, startTestApp, type TestApp } from './helpers';

const NOW = '2021-06-15T12:00:00Z'; // 2021-06-15 in Asia/Seoul

const GOALS_DEEP = /* GraphQL */ `
  query Deep {
    goals(first: 50) {
      totalCount
      edges {
        node {
          id
          kind
          parent {
            id
          }
          logs(first: 5) {
            totalCount
            edges {
              node {
                id
                value
                date
              }
            }
          }
          milestones {
            id
            title
          }
          progress {
            current
            target
            percent
          }
        }
      }
    }
  }
`;

const ADD_MILESTONE = `mutation Add($input: AddMilestoneInput!) { addMilestone(input: $input) { milestone { id } } }`;
const COMPLETE_MILESTONE = `mutation Complete($input: CompleteMilestoneInput!) { completeMilestone(input: $input) { milestone { id } } }`;

/** One block of the mix: every kind of goal, the first one parent of the others. */
const BLOCK: Array<Record<string, unknown>> = [
  { kind: 'MILESTONES' },
  { kind: 'HABIT', frequency: { times: 3, perDays: 7 } },
  { kind: 'HABIT', unit: 'min', target: 30 },
  { kind: 'TARGET', target: 100 },
  { kind: 'TARGET', target: 5, targetType: 'AT_MOST' },
];

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ now: NOW, countStatements: true });
});

afterAll(async () => {
  await t.close();
});

/** A user with `blocks` × 5 goals, each with 6 logs on 3 days and 2 milestones (one reached). */
async function userWithGoals(blocks: number): Promise<{ token: string; goalIds: string[] }> {
  const { token } = await t.createUser({ timeZone: 'Asia/Seoul' });
  const goalIds: string[] = [];
  for (let b = 0; b < blocks; b++) {
    let parentId: string | undefined;
    for (const [i, shape] of BLOCK.entries()) {
      const id = await createGoal(t, token, { ...shape, title: `Goal ${b}.${i}`, startDate: '2021-06-01', parentId });
      parentId ??= id;
      goalIds.push(id);
      for (const [n, date] of ['2021-06-13', '2021-06-14', '2021-06-15', '2021-06-15', '2021-06-14', '2021-06-10'].entries()) {
        ok(await t.gql(token, LOG_PROGRESS, { input: { goalId: id, value: n + 1, date } }));
      }
      const first = ok(await t.gql(token, ADD_MILESTONE, { input: { goalId: id, title: 'first' } })).addMilestone.milestone.id;
      ok(await t.gql(token, ADD_MILESTONE, { input: { goalId: id, title: 'second' } }));
      ok(await t.gql(token, COMPLETE_MILESTONE, { input: { id: first } }));
    }
  }
  return { token, goalIds };
}

/** Runs `query` and returns its data with the number of SQL statements it took, authentication included. */
async function measured(token: string, query: string, variables?: Record<string, unknown>): Promise<{ data: any; statements: number }> {
  const counter = t.app.db.statements!;
  // Authentication writes lastUsedAt at most once a minute per token: make sure this request is not that one.
  ok(await t.gql(token, '{ viewer { id } }'));
  counter.count = 0;
  const data = ok(await t.gql(token, query, variables));
  return { data, statements: counter.count };
}

describe('no N+1 queries', () => {
  let small: { token: string; goalIds: string[] };
  let large: { token: string; goalIds: string[] };

  beforeAll(async () => {
    small = await userWithGoals(1); // 5 goals
    large = await userWithGoals(10); // 50 goals
  }, 120_000);

  it('counts statements (the counter works)', async () => {
    const { statements } = await measured(small.token, '{ viewer { id } }');
    expect(statements).toBeGreaterThan(0);
  });

  it('answers the deep goals query for 5 and for 50 goals with the same, small number of statements', async () => {
    const a = await measured(small.token, GOALS_DEEP);
    const b = await measured(large.token, GOALS_DEEP);

    // The answers are complete, so the counts compare equal work.
    expect(a.data.goals.edges).toHaveLength(5);
    expect(b.data.goals.edges).toHaveLength(50);
    for (const { data, goalIds } of [
      { data: a.data, goalIds: small.goalIds },
      { data: b.data, goalIds: large.goalIds },
    ]) {
      expect(data.goals.edges.map((e: any) => e.node.id)).toEqual(goalIds);
      for (const [i, { node }] of data.goals.edges.entries()) {
        expect(node.logs.totalCount).toBe(6);
        expect(node.logs.edges).toHaveLength(5);
        expect(node.logs.edges.map((e: any) => e.node.date)).toEqual([
          '2021-06-15',
          '2021-06-15',
          '2021-06-14',
          '2021-06-14',
          '2021-06-13',
        ]);
        expect(node.milestones.map((m: any) => m.title)).toEqual(['first', 'second']);
        expect(node.parent).toEqual(i % 5 === 0 ? null : { id: goalIds[i - (i % 5)] });
      }
    }
    // Progress of each kind is computed from batched totals.
    const progress = b.data.goals.edges.slice(0, 5).map((e: any) => e.node.progress);
    expect(progress).toEqual([
      { current: 1, target: 2, percent: 50 }, // MILESTONES: 1 of 2 reached
      { current: 4, target: 3, percent: 100 }, // 3 per 7: days 06-10, 13, 14, 15 in the window 06-09 … 06-15
      { current: 7, target: 30, percent: 23.33 }, // numeric daily: today's 3 + 4
      { current: 21, target: 100, percent: 21 }, // TARGET: 1 + … + 6
      { current: 21, target: 5, percent: 420 }, // AT_MOST TARGET: share of the allowance used
    ]);

    expect(b.statements).toBe(a.statements);
    expect(a.statements).toBeLessThan(15);
  });

  it('answers the daily dashboard asked again, with nothing changed, from what it kept: no statement beyond those of any request', async () => {
    const dashboard = `{ goals(first: 20) { totalCount edges { node { id title kind status progress { current target percent }
      streak { current longest } score logs(first: 5) { edges { node { id date value note } } } } } } }`;
    // A user of its own, since this test writes: 10 goals of every kind (milestones too).
    const mine = await userWithGoals(2);
    // What every request costs: the token with its user, and on PostgreSQL the shared rate-limit count.
    const floor = (await measured(mine.token, '{ viewer { id } }')).statements;
    const first = await measured(mine.token, dashboard);
    const again = await measured(mine.token, dashboard);
    expect(again.data).toEqual(first.data);
    expect(first.statements).toBeGreaterThan(floor);
    expect(again.statements).toBe(floor);
    // Another user's dashboard is their own, kept apart.
    const other = await measured(small.token, dashboard);
    expect(other.data.goals.totalCount).toBe(5);
    expect(other.data.goals.edges.map((e: any) => e.node.id)).toEqual(small.goalIds);
    // A write raises the owner's revision: the next dashboard reads again and shows it.
    const goalId = mine.goalIds[3];
    ok(await t.gql(mine.token, LOG_PROGRESS, { input: { goalId, value: 1000, date: '2021-06-15' } }));
    const after = await measured(mine.token, dashboard);
    expect(after.statements).toBeGreaterThan(floor);
    const node = after.data.goals.edges.find((e: any) => e.node.id === goalId).node;
    expect(node.progress.current).toBe(1021);
    expect(node.logs.edges[0].node.value).toBe(1000);
    expect((await measured(mine.token, dashboard)).statements).toBe(floor);
  });

  it('does not grow with the number of goals when logs are paged with a cursor or filtered', async () => {
    const query = `
      query Paged($after: String) {
        goals(first: 50) { edges { node { id logs(first: 2, after: $after, from: "2021-06-13") { totalCount edges { node { id } } } } } }
      }
    `;
    const cursor = Buffer.from(JSON.stringify(['2021-06-15', 1e9]), 'utf8').toString('base64url');
    const a = await measured(small.token, query, { after: cursor });
    const b = await measured(large.token, query, { after: cursor });
    expect(b.data.goals.edges).toHaveLength(50);
    for (const { node } of b.data.goals.edges) {
      expect(node.logs.totalCount).toBe(5);
      expect(node.logs.edges).toHaveLength(2);
    }
    expect(b.statements).toBe(a.statements);
    expect(a.statements).toBeLessThan(10);
  });
});
