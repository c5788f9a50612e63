import { createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

const NOW = '2021-06-15T12:00:00Z'; // 2021-06-15 in Asia/Seoul

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ now: NOW });
});

afterAll(async () => {
  await t.close();
});

/** One creating mutation: how to call it, what it answers, and how many of its things the viewer has. */
interface Kind {
  name: string;
  /** The input for a user, given a fresh goal of theirs (of the kind `goal` asks for). */
  input: (goalId: string) => Record<string, unknown>;
  /** The same input changed in one field. */
  other: (input: Record<string, unknown>) => Record<string, unknown>;
  mutation: string;
  /** The ids of what one call answered. */
  created: (data: any) => string[];
  /** How many of the things it creates the viewer has. */
  count: (token: string, goalId: string) => Promise<number>;
  goal?: Record<string, unknown>;
}

async function query(token: string, q: string, variables?: Record<string, unknown>) {
  return ok(await t.gql(token, q, variables));
}

const countGoals = async (token: string) => (await query(token, '{ goals(first: 100) { totalCount } }')).goals.totalCount as number;

const KINDS: Kind[] = [
  {
    name: 'createGoal',
    input: () => ({ title: 'Read 20 books', kind: 'TARGET', target: 20, startDate: '2021-01-01' }),
    other: (i) => ({ ...i, target: 21 }),
    mutation: 'mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id } } }',
    created: (d) => [d.createGoal.goal.id],
    count: countGoals,
  },
  {
    name: 'createGoalFromTemplate',
    input: () => ({ template: 'PAPER_PIPELINE', title: 'SR paper', startDate: '2021-01-01' }),
    other: (i) => ({ ...i, title: 'Another paper' }),
    mutation: 'mutation($i: CreateGoalFromTemplateInput!) { createGoalFromTemplate(input: $i) { goal { id milestones { id } } } }',
    created: (d) => [d.createGoalFromTemplate.goal.id, ...d.createGoalFromTemplate.goal.milestones.map((m: any) => m.id)],
    count: countGoals,
  },
  {
    name: 'addMilestone',
    goal: { kind: 'MILESTONES' },
    input: (goalId) => ({ goalId, title: 'draft' }),
    other: (i) => ({ ...i, title: 'final' }),
    mutation: 'mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { id } } }',
    created: (d) => [d.addMilestone.milestone.id],
    count: async (token, goalId) =>
      (await query(token, 'query($id: ID!) { node(id: $id) { ... on Goal { milestones { id } } } }', { id: goalId })).node.milestones
        .length,
  },
  {
    name: 'logWorkout',
    goal: { kind: 'HABIT' },
    input: (goalId) => ({ goalId, durationMinutes: 40, date: '2021-06-14', sets: [{ exercise: 'planche lean', holdSeconds: 30 }] }),
    other: (i) => ({ ...i, durationMinutes: 41 }),
    mutation: 'mutation($i: LogWorkoutInput!) { logWorkout(input: $i) { workout { id } } }',
    created: (d) => [d.logWorkout.workout.id],
    count: async (token, goalId) => {
      const data = await query(
        token,
        'query($id: ID!) { workouts(first: 100) { totalCount } node(id: $id) { ... on Goal { logs { totalCount } } } }',
        { id: goalId },
      );
      // The workout and the log it owns come and go together.
      expect(data.node.logs.totalCount).toBe(data.workouts.totalCount);
      return data.workouts.totalCount;
    },
  },
  {
    name: 'logKaggleResult',
    goal: { template: 'KAGGLE_COMPETITIONS' },
    input: (goalId) => ({ goalId, competition: 'Birdcall', kind: 'FEATURED', teams: 1390, rank: 40, date: '2021-06-01' }),
    other: (i) => ({ ...i, rank: 41 }),
    mutation: 'mutation($i: LogKaggleResultInput!) { logKaggleResult(input: $i) { result { id } } }',
    created: (d) => [d.logKaggleResult.result.id],
    count: async (token, goalId) => {
      const data = await query(
        token,
        'query($id: ID!) { node(id: $id) { ... on Goal { kaggle { results { id } } logs { totalCount } } } }',
        { id: goalId },
      );
      expect(data.node.logs.totalCount).toBe(data.node.kaggle.results.length);
      return data.node.kaggle.results.length;
    },
  },
  {
    name: 'pauseGoal',
    goal: { kind: 'HABIT' },
    input: (goalId) => ({ goalId, from: '2021-06-20', to: '2021-06-25', reason: 'trip' }),
    other: (i) => ({ ...i, to: '2021-06-26' }),
    mutation: 'mutation($i: PauseGoalInput!) { pauseGoal(input: $i) { pause { id } } }',
    created: (d) => [d.pauseGoal.pause.id],
    count: async (token, goalId) =>
      (await query(token, 'query($id: ID!) { node(id: $id) { ... on Goal { pauses { id } } } }', { id: goalId })).node.pauses.length,
  },
  {
    name: 'pauseAll',
    goal: { kind: 'HABIT' },
    input: () => ({ from: '2021-07-01', to: '2021-07-03' }),
    other: (i) => ({ ...i, reason: 'moving' }),
    mutation: 'mutation($i: PauseAllInput!) { pauseAll(input: $i) { pauses { id } } }',
    created: (d) => d.pauseAll.pauses.map((p: any) => p.id),
    count: async (token, goalId) =>
      (await query(token, 'query($id: ID!) { node(id: $id) { ... on Goal { pauses { id } } } }', { id: goalId })).node.pauses.length,
  },
  {
    name: 'createVenue',
    input: () => ({ name: 'ECCV 2022', deadline: '2022-03-07' }),
    other: (i) => ({ ...i, deadline: '2022-03-08' }),
    mutation: 'mutation($i: CreateVenueInput!) { createVenue(input: $i) { venue { id } } }',
    created: (d) => [d.createVenue.venue.id],
    count: async (token) => (await query(token, '{ venues { id } }')).venues.length,
  },
];

async function setUp(kind: Kind): Promise<{ token: string; goalId: string }> {
  const { token } = await t.createUser();
  const shape = kind.goal ?? { kind: 'HABIT' };
  const goalId =
    'template' in shape
      ? ok(
          await t.gql(token, 'mutation($i: CreateGoalFromTemplateInput!) { createGoalFromTemplate(input: $i) { goal { id } } }', {
            i: { template: shape.template, startDate: '2021-01-01' },
          }),
        ).createGoalFromTemplate.goal.id
      : await createGoal(t, token, { title: 'the goal', startDate: '2021-01-01', ...shape });
  return { token, goalId };
}

describe.each(KINDS)('$name with a requestId', (kind) => {
  it('returns what the first call created for a retry with the same input, and creates nothing more', async () => {
    const { token, goalId } = await setUp(kind);
    const before = await kind.count(token, goalId);
    const input = { ...kind.input(goalId), requestId: `${kind.name}-1` };
    const first = kind.created(ok(await t.gql(token, kind.mutation, { i: input })));
    const after = await kind.count(token, goalId);
    expect(after).toBeGreaterThan(before);
    // The same input with its fields in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(input).reverse());
    const again = kind.created(ok(await t.gql(token, kind.mutation, { i: reordered })));
    expect(again).toEqual(first);
    await expect(kind.count(token, goalId)).resolves.toBe(after);
  });

  it('refuses the same requestId with other input with CONFLICT, creating nothing', async () => {
    const { token, goalId } = await setUp(kind);
    const input = { ...kind.input(goalId), requestId: `${kind.name}-2` };
    ok(await t.gql(token, kind.mutation, { i: input }));
    const after = await kind.count(token, goalId);
    const res = await t.gql(token, kind.mutation, { i: kind.other(input) });
    expect(errorCode(res)).toBe('CONFLICT');
    expect(res.errors![0].extensions).toMatchObject({ field: 'requestId' });
    expect(res.errors![0].message).toBe(`requestId "${kind.name}-2" was already used for ${kind.name} with different input`);
    await expect(kind.count(token, goalId)).resolves.toBe(after);
  });

  it('creates once for two concurrent calls with the same requestId', async () => {
    const { token, goalId } = await setUp(kind);
    const before = await kind.count(token, goalId);
    const input = { ...kind.input(goalId), requestId: `${kind.name}-3` };
    const answers = await Promise.all([1, 2].map(() => t.gql(token, kind.mutation, { i: input })));
    const [a, b] = answers.map((r) => kind.created(ok(r)));
    expect(b).toEqual(a);
    const after = await kind.count(token, goalId);
    expect(after - before).toBe(kind.name === 'pauseAll' ? a.length : 1);
  });
});

describe('request keys', () => {
  it('are the user’s own: another user may use the same key', async () => {
    const alice = await t.createUser();
    const bob = await t.createUser();
    const input = { title: 'Shared key', kind: 'HABIT', requestId: 'same-key' };
    const mutation = 'mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id } } }';
    const a = ok(await t.gql(alice.token, mutation, { i: input })).createGoal.goal.id;
    const b = ok(await t.gql(bob.token, mutation, { i: input })).createGoal.goal.id;
    expect(b).not.toBe(a);
  });

  it('are per mutation: the same key on another kind of creation creates that too', async () => {
    const { token } = await t.createUser();
    const goal = ok(
      await t.gql(token, 'mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id } } }', {
        i: { title: 'g', kind: 'HABIT', requestId: 'k' },
      }),
    );
    const venue = ok(
      await t.gql(token, 'mutation($i: CreateVenueInput!) { createVenue(input: $i) { venue { id } } }', {
        i: { name: 'v', deadline: '2022-01-01', requestId: 'k' },
      }),
    );
    expect(await countGoals(token)).toBe(1);
    expect((await query(token, '{ venues { id } }')).venues).toEqual([{ id: venue.createVenue.venue.id }]);
    expect(goal.createGoal.goal.id).not.toBe(venue.createVenue.venue.id);
  });

  it('refuse an empty or too long requestId, creating nothing', async () => {
    const { token } = await t.createUser();
    for (const requestId of ['', 'x'.repeat(101)]) {
      const res = await t.gql(token, 'mutation($i: CreateVenueInput!) { createVenue(input: $i) { venue { id } } }', {
        i: { name: 'v', deadline: '2022-01-01', requestId },
      });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions).toMatchObject({ field: 'requestId' });
    }
    expect((await query(token, '{ venues { id } }')).venues).toEqual([]);
  });

  it('answer CONFLICT for a retry of something deleted since, and make nothing again', async () => {
    const { token } = await t.createUser();
    const mutation = 'mutation($i: CreateVenueInput!) { createVenue(input: $i) { venue { id } } }';
    const input = { name: 'gone', deadline: '2022-01-01', requestId: 'deleted' };
    const id = ok(await t.gql(token, mutation, { i: input })).createVenue.venue.id;
    ok(await t.gql(token, 'mutation($i: DeleteVenueInput!) { deleteVenue(input: $i) { deletedId } }', { i: { id } }));
    const res = await t.gql(token, mutation, { i: input });
    expect(errorCode(res)).toBe('CONFLICT');
    expect((await query(token, '{ venues { id } }')).venues).toEqual([]);
  });
});
