import { createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

/** goals(kind:, tag:, search:), Goal.children and viewer.tags: lists a client can narrow, only ever the viewer's. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** The goals(...) query with `args`; $tag and $search are always passed, null (no filter) unless given. */
const goalsQuery = (args: string, fields: string) =>
  `query($tag: String, $search: String) { goals(${[args.replace(/,?\s*(tag|search): \$\w+/g, ''), 'tag: $tag, search: $search'].filter((a) => a.trim()).join(', ')}) { ${fields} } }`;

const ids = async (token: string, args: string, variables: Record<string, unknown> = {}) =>
  ok(await t.gql(token, goalsQuery(args, 'totalCount edges { node { id } }'), variables)).goals.edges.map((e: any) => e.node.id);

describe('goal filters', () => {
  it('narrows by kind, exact tag and search text, alone and together, and never shows another user’s goals', async () => {
    const { token } = await t.createUser();
    const other = await t.createUser();
    const run = await createGoal(t, token, { title: 'Morning run', kind: 'HABIT', startDate: '2021-06-01', tags: ['health', '운동'] });
    const read = await createGoal(t, token, {
      title: 'Read 20 books',
      kind: 'TARGET',
      target: 20,
      tags: ['mind'],
      description: 'Running list in the notes',
    });
    const paper = await createGoal(t, token, { title: 'Paper 100%_done', kind: 'MILESTONES', tags: ['health-ish', 'Health'] });
    await createGoal(t, other.token, { title: 'Morning run', kind: 'HABIT', tags: ['health'] });

    expect(await ids(token, 'kind: HABIT')).toEqual([run]);
    expect(await ids(token, 'tag: $tag', { tag: 'health' })).toEqual([run]);
    expect(await ids(token, 'tag: $tag', { tag: ' 운동 ' })).toEqual([run]);
    expect(await ids(token, 'tag: $tag', { tag: 'Health' })).toEqual([paper]);
    expect(await ids(token, 'search: $search', { search: 'RUN' })).toEqual([run, read]);
    expect(await ids(token, 'search: $search', { search: '%_' })).toEqual([paper]);
    expect(await ids(token, 'search: $search', { search: '0%' })).toEqual([paper]);
    expect(await ids(token, 'search: $search, kind: TARGET', { search: 'run' })).toEqual([read]);
    expect(await ids(token, 'tag: $tag, kind: TARGET', { tag: 'health' })).toEqual([]);
    expect(await ids(other.token, 'search: $search', { search: 'books' })).toEqual([]);

    for (const [args, variables] of [
      ['tag: $tag', { tag: '  ' }],
      ['search: $search', { search: '' }],
    ] as const) {
      const res = await t.gql(token, goalsQuery(args, 'totalCount'), variables);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
    }
  });

  it('applies the filters to needsAttention too, keeping its order', async () => {
    const { token } = await t.createUser();
    const late = await createGoal(t, token, {
      title: 'Late',
      kind: 'MILESTONES',
      startDate: '2021-06-01',
      dueDate: '2021-06-10',
      tags: ['work'],
    });
    const habit = await createGoal(t, token, { title: 'Floss', kind: 'HABIT', startDate: '2021-06-01', tags: ['work'] });
    await createGoal(t, token, { title: 'Other', kind: 'HABIT', startDate: '2021-06-01' });
    expect(await ids(token, 'needsAttention: true, tag: $tag', { tag: 'work' })).toEqual([late, habit]);
    expect(await ids(token, 'needsAttention: true, kind: HABIT, tag: $tag', { tag: 'work' })).toEqual([habit]);
  });
});

describe('Goal.children and viewer.tags', () => {
  it('lists a goal’s children, pages them and filters by status; counts every tag of the viewer’s goals', async () => {
    const { token } = await t.createUser();
    const other = await t.createUser();
    const parent = await createGoal(t, token, { title: 'Grandmaster', kind: 'MILESTONES', tags: ['kaggle'] });
    const a = await createGoal(t, token, { title: 'Competitions', kind: 'MILESTONES', parentId: parent, tags: ['kaggle', 'comp'] });
    const b = await createGoal(t, token, { title: 'Notebooks', kind: 'MILESTONES', parentId: parent, tags: ['kaggle'] });
    await createGoal(t, token, { title: 'Grandchild', kind: 'MILESTONES', parentId: a });
    await createGoal(t, other.token, { title: 'Theirs', kind: 'HABIT', tags: ['kaggle', 'secret'] });
    ok(
      await t.gql(token, 'mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { goal { id } } }', { i: { id: b, status: 'ARCHIVED' } }),
    );

    const q =
      'query($id: ID!, $first: Int, $status: GoalStatus) { goal(id: $id) { children(first: $first, status: $status) { totalCount edges { node { id } } pageInfo { hasNextPage } } } }';
    const all = ok(await t.gql(token, q, { id: parent })).goal.children;
    expect(all.totalCount).toBe(2);
    expect(all.edges.map((e: any) => e.node.id)).toEqual([a, b]);
    const firstOnly = ok(await t.gql(token, q, { id: parent, first: 1 })).goal.children;
    expect(firstOnly).toMatchObject({ edges: [{ node: { id: a } }], pageInfo: { hasNextPage: true } });
    expect(ok(await t.gql(token, q, { id: parent, status: 'ACTIVE' })).goal.children.edges).toEqual([{ node: { id: a } }]);
    expect(ok(await t.gql(other.token, q, { id: parent })).goal).toBeNull();

    const tags = ok(await t.gql(token, '{ viewer { tags { name goalCount } } }')).viewer.tags;
    expect(tags).toEqual([
      { name: 'comp', goalCount: 1 },
      { name: 'kaggle', goalCount: 3 },
    ]);
  });
});
