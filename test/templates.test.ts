import { createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

const FROM_TEMPLATE = /* GraphQL */ `
  mutation ($input: CreateGoalFromTemplateInput!) {
    createGoalFromTemplate(input: $input) {
      goal {
        id
        title
        description
        template
        kind
        unit
        target
        targetType
        frequency {
          times
          perDays
        }
        startDate
        dueDate
        tags
        parent {
          id
        }
        milestones {
          title
        }
      }
    }
  }
`;

const VIEWS = /* GraphQL */ `
  query {
    goals(first: 50) {
      edges {
        node {
          id
          template
          kaggle {
            tier
          }
          skill {
            currentLevel {
              id
            }
            weeklyVolume {
              sets
            }
          }
          pipeline {
            currentStage {
              late
            }
          }
          reflection {
            trend
          }
        }
      }
    }
  }
`;

describe('goal templates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-15T12:00:00Z', countStatements: true });
  });
  afterAll(() => t.close());

  it('lists the ready-made goals with their defaults', async () => {
    const { token } = await t.createUser();
    const { goalTemplates } = ok(
      await t.gql(
        token,
        '{ goalTemplates { key title kind description unit target frequency { times perDays } tags dueEndOfYear stages submissionStage ladder { name criterion criterionDetail { sets holdSeconds addedWeightKg summary } } } }',
      ),
    );
    expect(goalTemplates.map((g: any) => g.key)).toEqual([
      'KAGGLE_COMPETITIONS',
      'SKILL_LADDER_PLANCHE',
      'PAPER_PIPELINE',
      'DAILY_HABIT',
      'WEEKLY_HABIT',
      'REFLECTION',
      'REST_DAYS',
    ]);
    const byKey = Object.fromEntries(goalTemplates.map((g: any) => [g.key, g]));
    expect(byKey.KAGGLE_COMPETITIONS).toMatchObject({
      kind: 'TARGET',
      unit: 'competitions',
      target: 3,
      dueEndOfYear: true,
      tags: ['kaggle'],
    });
    expect(byKey.SKILL_LADDER_PLANCHE.ladder).toHaveLength(6);
    expect(byKey.SKILL_LADDER_PLANCHE.ladder[1]).toEqual({
      name: 'tuck planche',
      criterion: '3 × 10 s holds',
      criterionDetail: { sets: 3, holdSeconds: 10, addedWeightKg: null, summary: '3 × 10 s holds' },
    });
    expect(byKey.DAILY_HABIT).toMatchObject({ title: 'Daily habit', kind: 'HABIT', description: 'Something done every day.' });
    expect(byKey.PAPER_PIPELINE).toMatchObject({
      kind: 'MILESTONES',
      submissionStage: 4,
      stages: ['idea', 'experiments', 'draft', 'submitted', 'decision', 'camera-ready'],
    });
    expect(byKey.WEEKLY_HABIT.frequency).toEqual({ times: 1, perDays: 7 });
    expect(byKey.REST_DAYS).toMatchObject({ kind: 'HABIT', frequency: { times: 1, perDays: 7 }, tags: ['rest'] });
  });

  it('applies overrides: null clears a default, omitted fields keep it', async () => {
    const { token } = await t.createUser();
    const parentId = await createGoal(t, token, { title: 'Look after myself', kind: 'MILESTONES' });
    const goal = ok(
      await t.gql(token, FROM_TEMPLATE, {
        input: {
          template: 'REST_DAYS',
          overrides: { title: 'Two rest days', frequency: { times: 2, perDays: 7 }, description: null, tags: ['rest', '2021'], parentId },
        },
      }),
    ).createGoalFromTemplate.goal;
    expect(goal).toMatchObject({
      title: 'Two rest days',
      description: null,
      template: 'REST_DAYS',
      kind: 'HABIT',
      frequency: { times: 2, perDays: 7 },
      startDate: '2021-06-15',
      dueDate: null,
      tags: ['rest', '2021'],
      parent: { id: parentId },
    });
    const kaggle = ok(
      await t.gql(token, FROM_TEMPLATE, { input: { template: 'KAGGLE_COMPETITIONS', overrides: { unit: null, dueDate: null } } }),
    ).createGoalFromTemplate.goal;
    expect(kaggle).toMatchObject({ unit: null, dueDate: null, target: 3, title: 'Kaggle Competitions Master' });
    const plain = ok(await t.gql(token, FROM_TEMPLATE, { input: { template: 'DAILY_HABIT' } })).createGoalFromTemplate.goal;
    expect(plain).toMatchObject({ title: 'Daily habit', frequency: { times: 1, perDays: 1 }, milestones: [] });
  });

  it('takes title, startDate and dueDate at the top level of the input, as clients write them', async () => {
    const { token } = await t.createUser();
    const goal = ok(
      await t.gql(
        token,
        `mutation {
          createGoalFromTemplate(input: { template: DAILY_HABIT, title: "Stretch every day", startDate: "2021-03-01", dueDate: "2021-12-31" }) {
            goal { id title template kind startDate dueDate frequency { times perDays } }
          }
        }`,
      ),
    ).createGoalFromTemplate.goal;
    expect(goal).toMatchObject({
      title: 'Stretch every day',
      template: 'DAILY_HABIT',
      kind: 'HABIT',
      startDate: '2021-03-01',
      dueDate: '2021-12-31',
      frequency: { times: 1, perDays: 1 },
    });
    // Top level and overrides together: the other fields still come from overrides; a null dueDate clears the default.
    const kaggle = ok(
      await t.gql(token, FROM_TEMPLATE, {
        input: { template: 'KAGGLE_COMPETITIONS', startDate: '2021-01-01', dueDate: null, overrides: { target: 5, title: 'Master' } },
      }),
    ).createGoalFromTemplate.goal;
    expect(kaggle).toMatchObject({ title: 'Master', startDate: '2021-01-01', dueDate: null, target: 5 });
    // The same value in both places is no conflict.
    const same = ok(
      await t.gql(token, FROM_TEMPLATE, {
        input: { template: 'WEEKLY_HABIT', title: 'Long run', overrides: { title: 'Long run', startDate: '2021-02-01' } },
      }),
    ).createGoalFromTemplate.goal;
    expect(same).toMatchObject({ title: 'Long run', startDate: '2021-02-01', dueDate: null });
  });

  it.each([
    ['title', { title: 'A' }, { title: 'B' }],
    ['startDate', { startDate: '2021-01-01' }, { startDate: '2021-02-01' }],
    ['dueDate', { dueDate: '2021-12-31' }, { dueDate: null }],
  ])('refuses %s given at the top level and in overrides with different values, creating nothing', async (field, top, overrides) => {
    const { token } = await t.createUser();
    const res = await t.gql(token, FROM_TEMPLATE, { input: { template: 'DAILY_HABIT', ...top, overrides } });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors![0].message).toContain('overrides');
    expect(ok(await t.gql(token, '{ goals { totalCount } }')).goals.totalCount).toBe(0);
  });

  it('checks the top-level fields as createGoal does', async () => {
    const { token } = await t.createUser();
    const res = await t.gql(token, FROM_TEMPLATE, { input: { template: 'DAILY_HABIT', startDate: '2021-06-01', dueDate: '2021-05-01' } });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dueDate' });
    const blank = await t.gql(token, FROM_TEMPLATE, { input: { template: 'DAILY_HABIT', title: ' ' } });
    expect(blank.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
  });

  it.each([
    ['frequency.perDays', 'DAILY_HABIT', { frequency: { times: 3, perDays: 2 } }],
    ['title', 'WEEKLY_HABIT', { title: '   ' }],
    ['dueDate', 'KAGGLE_COMPETITIONS', { startDate: '2021-06-01', dueDate: '2021-05-01' }],
    ['target', 'KAGGLE_COMPETITIONS', { target: -1 }],
    ['target', 'PAPER_PIPELINE', { target: 5 }],
    ['venueId', 'DAILY_HABIT', { venueId: 'VmVudWU6MQ' }],
    ['tags', 'REFLECTION', { tags: [''] }],
  ])('rejects a bad %s as createGoal does, creating nothing (%s)', async (field, template, overrides) => {
    const { token } = await t.createUser();
    const res = await t.gql(token, FROM_TEMPLATE, { input: { template, overrides } });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(ok(await t.gql(token, '{ goals { totalCount } }')).goals.totalCount).toBe(0);
  });

  it("refuses another user's goal as parent", async () => {
    const alice = await t.createUser();
    const bob = await t.createUser();
    const parentId = await createGoal(t, alice.token, { title: 'Alice', kind: 'MILESTONES' });
    expect(errorCode(await t.gql(bob.token, FROM_TEMPLATE, { input: { template: 'DAILY_HABIT', overrides: { parentId } } }))).toBe(
      'NOT_FOUND',
    );
    expect(ok(await t.gql(bob.token, '{ goals { totalCount } }')).goals.totalCount).toBe(0);
  });

  it('leaves plain goals without a template or typed views', async () => {
    const { token } = await t.createUser();
    await createGoal(t, token, { title: 'Plain', kind: 'TARGET', target: 1 });
    const [node] = ok(await t.gql(token, VIEWS)).goals.edges.map((e: any) => e.node);
    expect(node).toMatchObject({ template: null, kaggle: null, skill: null, pipeline: null, reflection: null });
  });

  it('answers the typed views of 7 and of 28 goals with the same number of statements', async () => {
    const measure = async (copies: number) => {
      const { token } = await t.createUser();
      for (let i = 0; i < copies; i++) {
        for (const template of [
          'KAGGLE_COMPETITIONS',
          'SKILL_LADDER_PLANCHE',
          'PAPER_PIPELINE',
          'DAILY_HABIT',
          'WEEKLY_HABIT',
          'REFLECTION',
          'REST_DAYS',
        ]) {
          ok(await t.gql(token, FROM_TEMPLATE, { input: { template } }));
        }
      }
      ok(
        await t.gql(token, 'mutation { logWorkout(input: { sets: [{ exercise: "planche lean", holdSeconds: 30 }] }) { workout { id } } }'),
      );
      ok(await t.gql(token, '{ viewer { id } }')); // authentication's occasional write happens here, not below
      t.app.db.statements!.count = 0;
      const data = ok(await t.gql(token, VIEWS));
      expect(data.goals.edges).toHaveLength(7 * copies);
      expect(data.goals.edges[1].node.skill.weeklyVolume.at(-1).sets).toBe(1);
      return t.app.db.statements!.count;
    };
    const few = await measure(1);
    const many = await measure(4);
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(15);
  });
});
