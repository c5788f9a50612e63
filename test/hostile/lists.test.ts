import { createGoal, errorCode, ok, startTestApp, type TestApp } from '../helpers';

/**
 * The lists without cursors (a goal's pauses, a Kaggle goal's results, the viewer's tokens, a year's goals) answer
 * at most `first` items (default 20, at most 500), and the query is priced at that many, so none can be asked for
 * in bulk at the price of 20.
 */
describe('lists bounded by first', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function healthy(): Promise<void> {
    expect((await t.app.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }

  it('answers at most `first` pauses, oldest first, and prices pauses at `first` on every goal of a page', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Run', kind: 'HABIT', startDate: '2021-01-01' });
    for (const month of ['02', '03', '04']) {
      ok(
        await t.gql(token, 'mutation($i: PauseGoalInput!) { pauseGoal(input: $i) { pause { id } } }', {
          i: { goalId, from: `2021-${month}-01`, to: `2021-${month}-05` },
        }),
      );
    }
    const read = (first: string) =>
      t.gql(token, `query($id: ID!) { goal(id: $id) { ... on Goal { pauses${first} { from } } } }`, { id: goalId });
    expect(ok(await read('(first: 2)')).goal.pauses).toEqual([{ from: '2021-02-01' }, { from: '2021-03-01' }]);
    expect(ok(await read('')).goal.pauses).toHaveLength(3);
    // 100 goals × 500 pauses: refused by cost before anything runs (at the old price of 20 it passed).
    const bulk = await t.gql(token, '{ goals(first: 100) { edges { node { pauses(first: 500) { from to } } } } }');
    expect(errorCode(bulk)).toBe('QUERY_TOO_COMPLEX');
    expect(bulk.errors![0].extensions).toMatchObject({ limit: 'cost' });
    expect(bulk.status).toBe(400);
    await healthy();
  });

  it('refuses a `first` out of range with BAD_USER_INPUT naming first', async () => {
    const { token } = await t.createUser();
    for (const first of [-1, 501]) {
      const res = await t.gql(token, `{ viewer { apiTokens(first: ${first}) { id } } }`);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions?.field).toBe('first');
      expect(res.errors![0].message).toContain('from 0 to 500');
    }
    await healthy();
  });

  it('answers the most recently created tokens, oldest first, 20 unless asked for more', async () => {
    const { user, token } = await t.createUser();
    for (let i = 1; i <= 24; i += 1) await t.app.services.tokens.create(user.id, `token ${i}`, ['read']);
    const names = async (args: string) =>
      ok(await t.gql(token, `{ viewer { apiTokens${args} { name } } }`)).viewer.apiTokens.map((x: { name: string }) => x.name);
    const byDefault = await names('');
    expect(byDefault).toHaveLength(20);
    expect(byDefault[0]).toBe('token 5');
    expect(byDefault[19]).toBe('token 24');
    const all = await names('(first: 100)');
    expect(all).toHaveLength(25);
    expect(all[0]).toBe('test');
  });

  it("answers a year's goals up to `first`, with goalCount saying how many there are", async () => {
    const { token } = await t.createUser();
    for (let i = 1; i <= 3; i += 1) await createGoal(t, token, { title: `Goal ${i}`, kind: 'HABIT', startDate: '2021-01-01' });
    const review = ok(
      await t.gql(token, '{ yearInReview(year: 2021) { goalCount goals(first: 2) { goal { title } } all: goals { goal { title } } } }'),
    ).yearInReview;
    expect(review.goalCount).toBe(3);
    expect(review.goals.map((g: { goal: { title: string } }) => g.goal.title)).toEqual(['Goal 1', 'Goal 2']);
    expect(review.all).toHaveLength(3);
    const bulk = await t.gql(token, '{ a: yearInReview(year: 2021) { goals(first: 500) { months { month logCount total activeDays } } } }');
    expect(errorCode(bulk)).toBe('QUERY_TOO_COMPLEX');
  });

  it("answers a Kaggle goal's newest results up to `first`", async () => {
    const { token } = await t.createUser();
    const goalId = ok(
      await t.gql(
        token,
        'mutation { createGoalFromTemplate(input: { template: KAGGLE_COMPETITIONS, startDate: "2020-01-01" }) { goal { id } } }',
      ),
    ).createGoalFromTemplate.goal.id;
    for (const [competition, date] of [
      ['A', '2020-03-01'],
      ['B', '2020-06-01'],
      ['C', '2020-09-01'],
    ]) {
      ok(
        await t.gql(token, 'mutation($i: LogKaggleResultInput!) { logKaggleResult(input: $i) { result { id } } }', {
          i: { goalId, competition, kind: 'FEATURED', medal: 'BRONZE', teamSize: 1, date },
        }),
      );
    }
    const results = ok(
      await t.gql(token, 'query($id: ID!) { goal(id: $id) { ... on Goal { kaggle { results(first: 2) { competition } } } } }', {
        id: goalId,
      }),
    ).goal.kaggle.results;
    expect(results).toEqual([{ competition: 'C' }, { competition: 'B' }]);
  });
});
