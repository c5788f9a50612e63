import { LOG_PROGRESS, createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

const LOG_REFLECTION = /* GraphQL */ `
  mutation ($input: LogReflectionInput!) {
    logReflection(input: $input) {
      log {
        id
        date
        value
        rating
        note
      }
      goal {
        id
        streak {
          current
        }
      }
    }
  }
`;

const RATE = /* GraphQL */ `
  mutation ($input: RateProgressLogInput!) {
    rateProgressLog(input: $input) {
      log {
        id
        rating
      }
    }
  }
`;

const REFLECTION = /* GraphQL */ `
  query ($id: ID!, $months: Int) {
    goal(id: $id) {
      template
      reflection(months: $months) {
        months {
          month
          average
          count
        }
        slope
        trend
        ratedLogs
        averageRating
      }
      logs {
        totalCount
        edges {
          node {
            rating
          }
        }
      }
    }
  }
`;

async function retrospective(t: TestApp, token: string): Promise<string> {
  const data = ok(
    await t.gql(
      token,
      'mutation($i: CreateGoalFromTemplateInput!) { createGoalFromTemplate(input: $i) { goal { id frequency { times perDays } } } }',
      {
        i: { template: 'REFLECTION', overrides: { startDate: '2021-01-01' } },
      },
    ),
  );
  expect(data.createGoalFromTemplate.goal.frequency).toEqual({ times: 1, perDays: 7 });
  return data.createGoalFromTemplate.goal.id;
}

/** Sundays from January to June 2021, rated up from 2 to 5. */
const RATINGS: Array<[string, number]> = [
  ['2021-01-10', 2],
  ['2021-01-24', 3],
  ['2021-02-14', 3],
  ['2021-03-14', 3],
  ['2021-04-11', 4],
  ['2021-05-09', 4],
  ['2021-06-13', 5],
];

describe('reflection goals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-15T12:00:00Z' });
  });
  afterAll(() => t.close());

  it('shows monthly averages and an improving trend over the last six months', async () => {
    const { token } = await t.createUser();
    const goalId = await retrospective(t, token);
    const empty = ok(await t.gql(token, REFLECTION, { id: goalId })).goal;
    expect(empty.reflection).toMatchObject({ slope: null, trend: null, ratedLogs: 0, averageRating: null });
    expect(empty.reflection.months.map((m: any) => m.month)).toEqual(['2021-01', '2021-02', '2021-03', '2021-04', '2021-05', '2021-06']);

    let last: any;
    for (const [date, rating] of RATINGS) {
      last = ok(
        await t.gql(token, LOG_REFLECTION, { input: { goalId, date, rating, note: 'what went well, what to change' } }),
      ).logReflection;
    }
    expect(last.log).toMatchObject({ date: '2021-06-13', value: 1, rating: 5 });
    expect(last.goal.streak.current).toBe(3); // the 13th's week covers the 13th to today

    const goal = ok(await t.gql(token, REFLECTION, { id: goalId })).goal;
    expect(goal.reflection.months).toEqual([
      { month: '2021-01', average: 2.5, count: 2 },
      { month: '2021-02', average: 3, count: 1 },
      { month: '2021-03', average: 3, count: 1 },
      { month: '2021-04', average: 4, count: 1 },
      { month: '2021-05', average: 4, count: 1 },
      { month: '2021-06', average: 5, count: 1 },
    ]);
    expect(goal.reflection.slope).toBeCloseTo(8.25 / 17.5, 9);
    expect(goal.reflection).toMatchObject({ trend: 'IMPROVING', ratedLogs: 7 });
    expect(goal.reflection.averageRating).toBeCloseTo(24 / 7, 9);

    const recent = ok(await t.gql(token, REFLECTION, { id: goalId, months: 2 })).goal.reflection;
    expect(recent).toMatchObject({ slope: 1, trend: 'IMPROVING' });
    expect(errorCode(await t.gql(token, REFLECTION, { id: goalId, months: 1 }))).toBe('BAD_USER_INPUT');
  });

  it.each([
    [0, 'rating'],
    [6, 'rating'],
  ])('rejects a rating of %i naming %s, saving nothing', async (rating, field) => {
    const { token } = await t.createUser();
    const goalId = await retrospective(t, token);
    const res = await t.gql(token, LOG_REFLECTION, { input: { goalId, rating } });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(ok(await t.gql(token, REFLECTION, { id: goalId })).goal.logs.totalCount).toBe(0);
  });

  it('rates any log, which gives any goal a reflection view', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Talk to the team daily', kind: 'HABIT' });
    const logId = ok(await t.gql(token, LOG_PROGRESS, { input: { goalId } })).logProgress.log.id;
    expect(ok(await t.gql(token, REFLECTION, { id: goalId })).goal.reflection).toBeNull();

    expect(ok(await t.gql(token, RATE, { input: { id: logId, rating: 4 } })).rateProgressLog.log).toEqual({ id: logId, rating: 4 });
    expect(ok(await t.gql(token, REFLECTION, { id: goalId })).goal.reflection).toMatchObject({ ratedLogs: 1, averageRating: 4 });
    const bad = await t.gql(token, RATE, { input: { id: logId, rating: 9 } });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rating' });
    expect(ok(await t.gql(token, RATE, { input: { id: logId, rating: null } })).rateProgressLog.log.rating).toBeNull();
    expect(ok(await t.gql(token, REFLECTION, { id: goalId })).goal.reflection).toBeNull();
  });

  it("keeps one user's reflections from another", async () => {
    const alice = await t.createUser();
    const bob = await t.createUser();
    const goalId = await retrospective(t, alice.token);
    const logId = ok(await t.gql(alice.token, LOG_REFLECTION, { input: { goalId, rating: 3 } })).logReflection.log.id;
    expect(errorCode(await t.gql(bob.token, LOG_REFLECTION, { input: { goalId, rating: 5 } }))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(bob.token, RATE, { input: { id: logId, rating: 1 } }))).toBe('NOT_FOUND');
    expect(ok(await t.gql(bob.token, REFLECTION, { id: goalId })).goal).toBeNull();
    const mine = ok(await t.gql(alice.token, REFLECTION, { id: goalId })).goal;
    expect(mine.logs.edges.map((e: any) => e.node.rating)).toEqual([3]);
  });

  it('sums a year of ratings for the year in review', async () => {
    const { user, token } = await t.createUser();
    const goalId = await retrospective(t, token);
    for (const [date, rating] of [...RATINGS, ['2020-12-27', 1] as [string, number]])
      ok(await t.gql(token, LOG_REFLECTION, { input: { goalId, date, rating } }));
    const [year] = await t.app.services.reflections.yearInReview(user.id, 2021);
    expect(year).toMatchObject({ goalTitle: 'Weekly retrospective', ratedLogs: 7, direction: 'IMPROVING' });
    expect(year.months).toHaveLength(12);
    expect(year.months[11]).toEqual({ month: '2021-12', average: null, count: 0 });
    expect(year.slope).toBeCloseTo(8.25 / 17.5, 9);
    expect(await t.app.services.reflections.yearInReview(user.id, 2019)).toEqual([]);
  });
});
