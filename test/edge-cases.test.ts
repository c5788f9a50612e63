import { createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

/** Inputs at the edges of what hoego accepts, and status rules under edits. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: '2021-06-15T12:00:00Z' });
});
afterAll(() => t.close());

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const LOG = 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id date } goal { status achievedOn } } }';

describe('the supported calendar', () => {
  it('refuses dates before 1900 or after 2199 and instants outside it, as BAD_USER_INPUT naming the field', async () => {
    const { token } = await t.createUser();
    const early = await t.gql(token, 'mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id } } }', {
      i: { title: 'x', kind: 'HABIT', startDate: '1899-12-31' },
    });
    expect(errorCode(early)).toBe('BAD_USER_INPUT');
    expect(early.errors![0].extensions!.field).toBe('startDate');
    const id = await createGoal(t, token, { title: 'Runs', kind: 'HABIT', startDate: '2021-01-01' });
    for (const occurredAt of ['9999-12-31T23:00:00Z', '0000-01-01T00:00:00Z', '2200-01-01T00:00:00+09:00']) {
      const res = await t.gql(token, LOG, { i: { goalId: id, occurredAt } });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.status).toBe(400);
    }
    expect(ok(await t.gql(token, '{ goals { edges { node { logs { totalCount } } } } }')).goals.edges[0].node.logs.totalCount).toBe(0);
  });

  it('gives no projected completion centuries away instead of failing', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, {
      title: 'Huge',
      kind: 'TARGET',
      target: 1_000_000,
      startDate: '2021-06-01',
      dueDate: '2021-12-31',
    });
    ok(await t.gql(token, LOG, { i: { goalId: id, value: 1, date: '2021-06-05' } }));
    const goal = ok(await t.gql(token, 'query($id: ID!) { goal(id: $id) { pace { actual projectedCompletion } } }', { id })).goal;
    expect(goal.pace).toEqual({ actual: 1, projectedCompletion: null });
  });
});

describe('ids, cursors and text', () => {
  it('reads an id beyond the 32-bit range as nothing, and refuses it in a mutation as bad input', async () => {
    const { token } = await t.createUser();
    const huge = b64('Goal:9999999999');
    expect(ok(await t.gql(token, 'query($id: ID!) { node(id: $id) { id } goal(id: $id) { id } }', { id: huge }))).toEqual({
      node: null,
      goal: null,
    });
    const res = await t.gql(token, LOG, { i: { goalId: huge } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  it('refuses cursors whose values do not fit the list', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Runs', kind: 'HABIT' });
    for (const cursor of [b64('["abc"]'), b64('[1e300]'), b64('[1.5]')]) {
      expect(errorCode(await t.gql(token, 'query($c: String) { goals(after: $c) { totalCount } }', { c: cursor }))).toBe('BAD_USER_INPUT');
    }
    const logs = await t.gql(token, 'query($id: ID!, $c: String) { goal(id: $id) { logs(after: $c) { totalCount } } }', {
      id,
      c: b64('["2021-06-01","x"]'),
    });
    expect(errorCode(logs)).toBe('BAD_USER_INPUT');
  });

  it('refuses text with a NUL character, in variables and in the query', async () => {
    const { token } = await t.createUser();
    const res = await t.gql(token, 'mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id } } }', {
      i: { title: 'a\u0000b', kind: 'HABIT' },
    });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    const inline = await t.gql(token, 'mutation { createGoal(input: { title: "a\\u0000b", kind: HABIT }) { goal { id } } }');
    expect(errorCode(inline)).toBe('BAD_USER_INPUT');
    expect(ok(await t.gql(token, '{ goals { totalCount } }')).goals.totalCount).toBe(0);
  });

  it('refuses a log range that ends before it starts', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Runs', kind: 'HABIT' });
    const res = await t.gql(token, 'query($id: ID!) { goal(id: $id) { logs(from: "2021-12-31", to: "2021-01-01") { totalCount } } }', {
      id,
    });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('to');
  });

  it('prices scoreHistory by the days it returns', async () => {
    const { token } = await t.createUser();
    const res = await t.gql(
      token,
      '{ goals(first: 100) { edges { node { scoreHistory(from: "2011-06-15", to: "2021-06-15") { date score } } } } }',
    );
    expect(errorCode(res)).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors![0].extensions!.limit).toBe('cost');
  });
});

describe('target status', () => {
  it('follows a changed target both ways, dated by the logs', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Words', kind: 'TARGET', target: 100, startDate: '2021-01-01' });
    ok(await t.gql(token, LOG, { i: { goalId: id, value: 6, date: '2021-03-01' } }));
    ok(await t.gql(token, LOG, { i: { goalId: id, value: 4, date: '2021-04-01' } }));
    const update = 'mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { goal { status achievedOn } } }';
    expect(ok(await t.gql(token, update, { i: { id, target: 10 } })).updateGoal.goal).toEqual({
      status: 'ACHIEVED',
      achievedOn: '2021-04-01',
    });
    expect(ok(await t.gql(token, update, { i: { id, target: 5 } })).updateGoal.goal).toEqual({
      status: 'ACHIEVED',
      achievedOn: '2021-04-01',
    });
    expect(ok(await t.gql(token, update, { i: { id, target: 1000 } })).updateGoal.goal).toEqual({ status: 'ACTIVE', achievedOn: null });
  });

  it('dates an achievement by the backdated log that reached it', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Gold', kind: 'TARGET', target: 1, startDate: '2020-01-01' });
    expect(ok(await t.gql(token, LOG, { i: { goalId: id, value: 1, date: '2020-10-07' } })).logProgress.goal).toEqual({
      status: 'ACHIEVED',
      achievedOn: '2020-10-07',
    });
  });

  it('is not undone by more progress on a goal marked achieved by hand', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Medal', kind: 'TARGET', target: 1 });
    ok(await t.gql(token, 'mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { goal { id } } }', { i: { id, status: 'ACHIEVED' } }));
    expect(ok(await t.gql(token, LOG, { i: { goalId: id, value: 0.5 } })).logProgress.goal.status).toBe('ACHIEVED');
  });
});

describe('several mutations in one operation', () => {
  it('answers each from the data as it is after that mutation', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Ten', kind: 'TARGET', target: 10 });
    const fields = 'goal { status progress { current percent } logs { totalCount } }';
    const res = ok(
      await t.gql(
        token,
        `mutation($g: ID!) { a: logProgress(input: { goalId: $g, value: 5 }) { ${fields} } b: logProgress(input: { goalId: $g, value: 5 }) { ${fields} } }`,
        { g: id },
      ),
    );
    expect(res.a.goal).toEqual({ status: 'ACTIVE', progress: { current: 5, percent: 50 }, logs: { totalCount: 1 } });
    expect(res.b.goal).toEqual({ status: 'ACHIEVED', progress: { current: 10, percent: 100 }, logs: { totalCount: 2 } });
  });
});

describe('milestones', () => {
  it("date a goal's achievement by its latest milestone, whatever the order of completion", async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Paper', kind: 'MILESTONES', startDate: '2021-01-01' });
    const add = 'mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { id } } }';
    const first = ok(await t.gql(token, add, { i: { goalId, title: 'idea' } })).addMilestone.milestone.id;
    const second = ok(await t.gql(token, add, { i: { goalId, title: 'draft' } })).addMilestone.milestone.id;
    const complete = 'mutation($i: CompleteMilestoneInput!) { completeMilestone(input: $i) { goal { status achievedOn } } }';
    ok(await t.gql(token, complete, { i: { id: second, achievedOn: '2021-06-10' } }));
    expect(ok(await t.gql(token, complete, { i: { id: first, achievedOn: '2021-02-01' } })).completeMilestone.goal).toEqual({
      status: 'ACHIEVED',
      achievedOn: '2021-06-10',
    });
  });
});

describe('logs that belong to a workout', () => {
  it('are changed through the workout, not on their own', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Daily training', kind: 'HABIT', startDate: '2021-06-01' });
    const workout = ok(
      await t.gql(token, 'mutation($i: LogWorkoutInput!) { logWorkout(input: $i) { workout { id log { id value } } } }', {
        i: { goalId, date: '2021-06-14', durationMinutes: 30, sets: [{ exercise: 'tuck planche', holdSeconds: 10 }] },
      }),
    ).logWorkout.workout;
    const logId = workout.log.id;
    const edit = await t.gql(token, 'mutation($i: UpdateProgressLogInput!) { updateProgressLog(input: $i) { log { id } } }', {
      i: { id: logId, value: 5 },
    });
    expect(errorCode(edit)).toBe('CONFLICT');
    const del = await t.gql(token, 'mutation($i: DeleteProgressLogInput!) { deleteProgressLog(input: $i) { deletedId } }', {
      i: { id: logId },
    });
    expect(errorCode(del)).toBe('CONFLICT');
    const node = ok(await t.gql(token, 'query($id: ID!) { node(id: $id) { ... on ProgressLog { value date } } }', { id: logId })).node;
    expect(node).toEqual({ value: workout.log.value, date: '2021-06-14' });
  });
});

describe('a Kaggle tier', () => {
  it("is the person's: a new Kaggle goal starts from the medals of the earlier ones", async () => {
    const { token } = await t.createUser();
    const make = async (title: string, startDate: string) =>
      ok(
        await t.gql(token, 'mutation($i: CreateGoalFromTemplateInput!) { createGoalFromTemplate(input: $i) { goal { id } } }', {
          i: { template: 'KAGGLE_COMPETITIONS', title, startDate },
        }),
      ).createGoalFromTemplate.goal.id as string;
    const first = await make('Kaggle 2020', '2020-01-01');
    for (const medal of ['SILVER', 'SILVER', 'SILVER', 'BRONZE']) {
      ok(
        await t.gql(token, 'mutation($i: LogKaggleResultInput!) { logKaggleResult(input: $i) { result { id } } }', {
          i: { goalId: first, competition: `C ${medal}`, kind: 'FEATURED', medal, teamSize: 4, date: '2020-10-01' },
        }),
      );
    }
    const second = await make('Kaggle 2021: one gold', '2021-01-01');
    const goal = ok(
      await t.gql(
        token,
        'query($id: ID!) { goal(id: $id) { kaggle { tier nextTier medals { silver bronze } missing { medal count } results { id } } } }',
        {
          id: second,
        },
      ),
    ).goal;
    expect(goal.kaggle).toEqual({
      tier: 'EXPERT',
      nextTier: 'MASTER',
      medals: { silver: 3, bronze: 1 },
      missing: [{ medal: 'GOLD', count: 1 }],
      results: [],
    });
  });
});
