import { createGoal, errorCode, ok, startTestApp, type GraphQLResponse, type TestApp } from './helpers';

const NOW = '2021-06-15T12:00:00Z'; // 21:00 on 2021-06-15 in Asia/Seoul

const MILESTONE_FIELDS = 'id title position dueDate achievedOn evidenceUrl goal { id }';

const ADD_MILESTONE = `
  mutation Add($input: AddMilestoneInput!) { addMilestone(input: $input) { milestone { ${MILESTONE_FIELDS} } } }
`;

const COMPLETE_MILESTONE = `
  mutation Complete($input: CompleteMilestoneInput!) {
    completeMilestone(input: $input) {
      milestone { ${MILESTONE_FIELDS} }
      goal { id status achievedOn progress { current target percent } }
    }
  }
`;

const GOAL_MILESTONES = `
  query Goal($id: ID!) { goal(id: $id) { id status achievedOn milestones { ${MILESTONE_FIELDS} } } }
`;

const NODE_MILESTONE = `query Node($id: ID!) { node(id: $id) { id ... on Milestone { title achievedOn evidenceUrl } } }`;

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

async function addMilestone(token: string, input: Record<string, unknown>): Promise<any> {
  return ok(await t.gql(token, ADD_MILESTONE, { input })).addMilestone.milestone;
}

async function complete(token: string, input: Record<string, unknown>): Promise<{ milestone: any; goal: any }> {
  return ok(await t.gql(token, COMPLETE_MILESTONE, { input })).completeMilestone;
}

async function goalWithMilestones(token: string, id: string): Promise<any> {
  return ok(await t.gql(token, GOAL_MILESTONES, { id })).goal;
}

/** A MILESTONES goal of a new user, with the given milestones added in order. */
async function paperGoal(titles: string[]): Promise<{ token: string; goalId: string; ids: string[] }> {
  const { token } = await t.createUser({ timeZone: 'Asia/Seoul' });
  const goalId = await createGoal(t, token, { title: 'Publish a paper', kind: 'MILESTONES', startDate: '2021-01-01' });
  const ids: string[] = [];
  for (const title of titles) ids.push((await addMilestone(token, { goalId, title })).id);
  return { token, goalId, ids };
}

function expectBadInput(res: GraphQLResponse, field: string): void {
  expect(errorCode(res)).toBe('BAD_USER_INPUT');
  expect(res.errors![0].extensions?.field).toBe(field);
}

describe('addMilestone', () => {
  it('appends milestones with positions 1, 2, 3, and milestones lists them in order', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Publish a paper', kind: 'MILESTONES', startDate: '2021-01-01' });
    const first = await addMilestone(token, { goalId, title: 'idea', dueDate: '2021-03-01' });
    const second = await addMilestone(token, { goalId, title: '  experiments  ' });
    const third = await addMilestone(token, { goalId, title: 'draft', evidenceUrl: 'https://example.org/draft.pdf' });
    expect([first.position, second.position, third.position]).toEqual([1, 2, 3]);
    expect(first).toMatchObject({ title: 'idea', dueDate: '2021-03-01', achievedOn: null, evidenceUrl: null, goal: { id: goalId } });
    expect(second.title).toBe('experiments');

    const goal = await goalWithMilestones(token, goalId);
    expect(goal.milestones.map((m: any) => [m.id, m.title, m.position])).toEqual([
      [first.id, 'idea', 1],
      [second.id, 'experiments', 2],
      [third.id, 'draft', 3],
    ]);
    expect(goal.milestones[2].evidenceUrl).toBe('https://example.org/draft.pdf');
  });

  it('numbers each goal’s milestones on their own', async () => {
    const { token } = await t.createUser();
    const a = await createGoal(t, token, { title: 'A', kind: 'MILESTONES' });
    const b = await createGoal(t, token, { title: 'B', kind: 'MILESTONES' });
    await addMilestone(token, { goalId: a, title: 'a1' });
    await addMilestone(token, { goalId: a, title: 'a2' });
    await expect(addMilestone(token, { goalId: b, title: 'b1' })).resolves.toMatchObject({ position: 1 });
    await expect(addMilestone(token, { goalId: a, title: 'a3' })).resolves.toMatchObject({ position: 3 });
  });

  it('refuses an evidenceUrl that is not http(s), adding nothing', async () => {
    const { token, goalId } = await paperGoal([]);
    expectBadInput(await t.gql(token, ADD_MILESTONE, { input: { goalId, title: 'x', evidenceUrl: 'ftp://x' } }), 'evidenceUrl');
    expectBadInput(await t.gql(token, ADD_MILESTONE, { input: { goalId, title: 'x', evidenceUrl: 'not a url' } }), 'evidenceUrl');
    await expect(goalWithMilestones(token, goalId)).resolves.toMatchObject({ milestones: [] });
    await expect(addMilestone(token, { goalId, title: 'x', evidenceUrl: 'http://example.org/x' })).resolves.toMatchObject({
      evidenceUrl: 'http://example.org/x',
      position: 1,
    });
  });

  it('refuses an empty title, adding nothing', async () => {
    const { token, goalId } = await paperGoal([]);
    expectBadInput(await t.gql(token, ADD_MILESTONE, { input: { goalId, title: '   ' } }), 'title');
    await expect(goalWithMilestones(token, goalId)).resolves.toMatchObject({ milestones: [] });
  });

  it("cannot add to another user's goal", async () => {
    const owner = await paperGoal([]);
    const intruder = await t.createUser();
    expect(errorCode(await t.gql(intruder.token, ADD_MILESTONE, { input: { goalId: owner.goalId, title: 'x' } }))).toBe('NOT_FOUND');
    await expect(goalWithMilestones(owner.token, owner.goalId)).resolves.toMatchObject({ milestones: [] });
  });
});

describe('completeMilestone', () => {
  it("sets achievedOn to the viewer's today by default", async () => {
    const { token, ids } = await paperGoal(['idea', 'draft']);
    t.clock.set('2021-06-15T20:00:00Z'); // 2021-06-16 05:00 in Seoul
    const { milestone } = await complete(token, { id: ids[0] });
    expect(milestone).toMatchObject({ id: ids[0], achievedOn: '2021-06-16' });
    await expect(t.gql(token, NODE_MILESTONE, { id: ids[0] })).resolves.toMatchObject({ data: { node: { achievedOn: '2021-06-16' } } });
  });

  it('keeps an explicit earlier date and stores the evidence', async () => {
    const { token, ids } = await paperGoal(['idea', 'draft']);
    const { milestone } = await complete(token, { id: ids[0], achievedOn: '2021-02-03', evidenceUrl: 'https://example.org/idea' });
    expect(milestone).toMatchObject({ achievedOn: '2021-02-03', evidenceUrl: 'https://example.org/idea' });
    await expect(t.gql(token, NODE_MILESTONE, { id: ids[0] })).resolves.toMatchObject({
      data: { node: { achievedOn: '2021-02-03', evidenceUrl: 'https://example.org/idea' } },
    });
  });

  it('refuses a date after today, leaving the milestone open', async () => {
    const { token, ids } = await paperGoal(['idea']);
    expectBadInput(await t.gql(token, COMPLETE_MILESTONE, { input: { id: ids[0], achievedOn: '2021-06-16' } }), 'achievedOn');
    await expect(t.gql(token, NODE_MILESTONE, { id: ids[0] })).resolves.toMatchObject({ data: { node: { achievedOn: null } } });
  });

  it('refuses an evidenceUrl that is not http(s), leaving the milestone open', async () => {
    const { token, goalId, ids } = await paperGoal(['idea']);
    expectBadInput(await t.gql(token, COMPLETE_MILESTONE, { input: { id: ids[0], evidenceUrl: 'ftp://x' } }), 'evidenceUrl');
    await expect(t.gql(token, NODE_MILESTONE, { id: ids[0] })).resolves.toMatchObject({
      data: { node: { achievedOn: null, evidenceUrl: null } },
    });
    await expect(goalWithMilestones(token, goalId)).resolves.toMatchObject({ status: 'ACTIVE' });
  });

  it('achieves a MILESTONES goal when its last open milestone is completed', async () => {
    const { token, goalId, ids } = await paperGoal(['idea', 'draft', 'submitted']);
    await expect(complete(token, { id: ids[0], achievedOn: '2021-03-01' })).resolves.toMatchObject({
      goal: { id: goalId, status: 'ACTIVE' },
    });
    await expect(complete(token, { id: ids[1], achievedOn: '2021-05-01' })).resolves.toMatchObject({ goal: { status: 'ACTIVE' } });
    const last = await complete(token, { id: ids[2], achievedOn: '2021-06-10' });
    expect(last.goal).toMatchObject({
      id: goalId,
      status: 'ACHIEVED',
      achievedOn: '2021-06-10',
      progress: { current: 3, target: 3, percent: 100 },
    });

    const later = await goalWithMilestones(token, goalId);
    expect(later).toMatchObject({ status: 'ACHIEVED', achievedOn: '2021-06-10' });
    expect(later.milestones.map((m: any) => m.achievedOn)).toEqual(['2021-03-01', '2021-05-01', '2021-06-10']);
  });

  it('makes an achieved MILESTONES goal active again when a stage is added to it', async () => {
    const { token, goalId, ids } = await paperGoal(['idea', 'experiments']);
    await complete(token, { id: ids[0] });
    expect((await complete(token, { id: ids[1] })).goal.status).toBe('ACHIEVED');
    await addMilestone(token, { goalId, title: 'camera-ready' });
    const goal = await goalWithMilestones(token, goalId);
    expect(goal).toMatchObject({ status: 'ACTIVE', achievedOn: null });
    expect(goal.milestones.map((m: any) => m.title)).toEqual(['idea', 'experiments', 'camera-ready']);
  });

  it('does not achieve the goal while another milestone is open, even when the one completed is the last in order', async () => {
    const { token, goalId, ids } = await paperGoal(['idea', 'draft', 'submitted']);
    await expect(complete(token, { id: ids[2] })).resolves.toMatchObject({ goal: { status: 'ACTIVE', achievedOn: null } });
    await expect(complete(token, { id: ids[0] })).resolves.toMatchObject({ goal: { status: 'ACTIVE' } });
    await expect(goalWithMilestones(token, goalId)).resolves.toMatchObject({ status: 'ACTIVE', achievedOn: null });
    await expect(complete(token, { id: ids[1] })).resolves.toMatchObject({ goal: { status: 'ACHIEVED' } });
  });

  it('does not achieve a goal of another kind when all its milestones are done', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Kaggle medals', kind: 'TARGET', target: 3 });
    const m = await addMilestone(token, { goalId, title: 'first medal' });
    await expect(complete(token, { id: m.id })).resolves.toMatchObject({ goal: { status: 'ACTIVE' } });
  });

  it("cannot complete another user's milestone", async () => {
    const owner = await paperGoal(['idea']);
    const intruder = await t.createUser();
    expect(errorCode(await t.gql(intruder.token, COMPLETE_MILESTONE, { input: { id: owner.ids[0] } }))).toBe('NOT_FOUND');
    await expect(t.gql(owner.token, NODE_MILESTONE, { id: owner.ids[0] })).resolves.toMatchObject({ data: { node: { achievedOn: null } } });
  });
});
