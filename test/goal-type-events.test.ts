import { TEST_DIALECT } from './db';
import { ok, startTestApp, type TestApp } from './helpers';
import { wsSubscribe, wsUrl, type WsSubscription } from './ws-client';

const EVENTS = /* GraphQL */ `
  subscription {
    events(types: [KAGGLE_TIER_REACHED, LADDER_LEVEL_REACHED, GOAL_CREATED]) {
      type
      kaggleTier
      ladderLevel {
        position
        exercise
        previousPosition
      }
      goal {
        id
      }
    }
  }
`;
const FROM_TEMPLATE = 'mutation($i: CreateGoalFromTemplateInput!) { createGoalFromTemplate(input: $i) { goal { id } } }';
const LOG_RESULT = 'mutation($i: LogKaggleResultInput!) { logKaggleResult(input: $i) { result { id medal } } }';
const DELETE_RESULT = 'mutation($i: DeleteKaggleResultInput!) { deleteKaggleResult(input: $i) { goal { id } } }';
const LOG_WORKOUT = 'mutation($i: LogWorkoutInput!) { logWorkout(input: $i) { workout { id } } }';
const UPDATE_WORKOUT = 'mutation($i: UpdateWorkoutInput!) { updateWorkout(input: $i) { workout { id } } }';
const DELETE_WORKOUT = 'mutation($i: DeleteWorkoutInput!) { deleteWorkout(input: $i) { deletedId } }';
const holds = (exercise: string, seconds: number) => [1, 2, 3].map(() => ({ exercise, holdSeconds: seconds }));

describe(`KAGGLE_TIER_REACHED and LADDER_LEVEL_REACHED (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let url: string;
  let sub: WsSubscription | null = null;

  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-15T12:00:00Z' });
    url = wsUrl(await t.app.server.listen({ port: 0, host: '127.0.0.1' }));
  });
  afterEach(() => sub?.close());
  afterAll(() => t.close());

  /** Subscribes for the user, waits until the feed has them, and returns the subscription. */
  async function subscribeAs(token: string): Promise<WsSubscription> {
    sub = await wsSubscribe(url, { authorization: `Bearer ${token}` }, EVENTS);
    while (t.app.services.eventFeed.size < 1) await new Promise((r) => setTimeout(r, 10));
    return sub;
  }

  /** Creates a goal as a marker: every event written before it has arrived once its GOAL_CREATED has. */
  async function settle(token: string, s: WsSubscription): Promise<any[]> {
    const markers = s.results.filter((r) => r.events.type === 'GOAL_CREATED').length;
    const goal = ok(await t.gql(token, 'mutation { createGoal(input: { title: "marker", kind: TARGET, target: 1 }) { goal { id } } }'));
    for (;;) {
      const seen = s.results.filter((r) => r.events.type === 'GOAL_CREATED');
      if (seen.length > markers && seen[seen.length - 1].events.goal.id === goal.createGoal.goal.id) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    return s.results.map((r) => r.events).filter((e) => e.type !== 'GOAL_CREATED');
  }

  it('records a new Kaggle tier once per crossing, in the transaction of the result that reached it', async () => {
    const { token } = await t.createUser();
    const goalId = ok(await t.gql(token, FROM_TEMPLATE, { i: { template: 'KAGGLE_COMPETITIONS', overrides: { startDate: '2021-01-01' } } }))
      .createGoalFromTemplate.goal.id;
    const s = await subscribeAs(token);
    const result = (input: Record<string, unknown>) =>
      t.gql(token, LOG_RESULT, { i: { goalId, competition: 'Titanic', kind: 'FEATURED', date: '2021-06-01', ...input } });

    ok(await result({ medal: 'NONE' })); // the first result: NOVICE -> CONTRIBUTOR
    ok(await result({ medal: 'BRONZE' })); // one medal: still CONTRIBUTOR
    const second = ok(await result({ medal: 'BRONZE', requestId: 'bronze-2' })); // two: EXPERT
    // The same request again creates nothing, so records nothing.
    expect(ok(await result({ medal: 'BRONZE', requestId: 'bronze-2' })).logKaggleResult.result.id).toBe(second.logKaggleResult.result.id);
    // A refused result writes nothing and records nothing.
    expect((await result({ medal: 'GOLD', date: '2099-01-01' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await settle(token, s)).toEqual([
      { type: 'KAGGLE_TIER_REACHED', kaggleTier: 'CONTRIBUTOR', ladderLevel: null, goal: { id: goalId } },
      { type: 'KAGGLE_TIER_REACHED', kaggleTier: 'EXPERT', ladderLevel: null, goal: { id: goalId } },
    ]);

    // Dropping below records nothing; reaching the tier again is a new crossing.
    ok(await t.gql(token, DELETE_RESULT, { i: { id: second.logKaggleResult.result.id } }));
    expect(await settle(token, s)).toHaveLength(2);
    ok(await result({ medal: 'SILVER' }));
    ok(await result({ medal: 'NONE' }));
    expect((await settle(token, s)).map((e) => e.kaggleTier)).toEqual(['CONTRIBUTOR', 'EXPERT', 'EXPERT']);
  });

  it('records a tier reached by two results written at the same time on two goals once', async () => {
    for (let round = 0; round < 3; round++) {
      const { token } = await t.createUser();
      const [first, second] = await Promise.all(
        [1, 2].map(
          async () =>
            ok(await t.gql(token, FROM_TEMPLATE, { i: { template: 'KAGGLE_COMPETITIONS', overrides: { startDate: '2021-01-01' } } }))
              .createGoalFromTemplate.goal.id as string,
        ),
      );
      const s = await subscribeAs(token);
      const result = (goalId: string, medal: string) =>
        t.gql(token, LOG_RESULT, { i: { goalId, competition: 'Titanic', kind: 'FEATURED', date: '2021-06-01', medal } });
      ok(await result(first, 'NONE'));
      // Each result alone leaves one medal; together they make two, which is EXPERT.
      (await Promise.all([result(first, 'BRONZE'), result(second, 'BRONZE')])).forEach((res) => ok(res));
      expect((await settle(token, s)).map((e) => e.kaggleTier)).toEqual(['CONTRIBUTOR', 'EXPERT']);
      await s.close();
      while (t.app.services.eventFeed.size > 0) await new Promise((r) => setTimeout(r, 10));
    }
  });

  it('records a new ladder level once per crossing, from new workouts and changed sets', async () => {
    const { token } = await t.createUser();
    const goalId = ok(
      await t.gql(token, FROM_TEMPLATE, { i: { template: 'SKILL_LADDER_PLANCHE', overrides: { startDate: '2021-06-01' } } }),
    ).createGoalFromTemplate.goal.id;
    const s = await subscribeAs(token);
    const workout = async (sets: unknown[], date = '2021-06-10') =>
      ok(await t.gql(token, LOG_WORKOUT, { i: { goalId: null, date, sets } })).logWorkout.workout.id as string;

    await workout(holds('planche lean', 20)); // short of 3 × 30 s
    const lean = await workout(holds('planche lean', 30)); // level 1
    await workout(holds('planche lean', 40)); // level 1 again: nothing new
    // Saving the same sets again reaches nothing new.
    ok(await t.gql(token, UPDATE_WORKOUT, { i: { id: lean, sets: holds('planche lean', 30) } }));
    expect(await settle(token, s)).toEqual([
      {
        type: 'LADDER_LEVEL_REACHED',
        kaggleTier: null,
        ladderLevel: { position: 1, exercise: 'planche lean', previousPosition: null },
        goal: { id: goalId },
      },
    ]);

    // A workout whose changed sets reach the next level records it; dropping below and reaching it again is a new crossing.
    const tuck = await workout(holds('tuck planche', 5), '2021-06-12');
    ok(await t.gql(token, UPDATE_WORKOUT, { i: { id: tuck, sets: holds('tuck planche', 10) } }));
    ok(await t.gql(token, DELETE_WORKOUT, { i: { id: tuck } }));
    await workout(holds('tuck planche', 12), '2021-06-13');
    const events = await settle(token, s);
    expect(events.map((e) => e.ladderLevel)).toEqual([
      { position: 1, exercise: 'planche lean', previousPosition: null },
      { position: 2, exercise: 'tuck planche', previousPosition: 1 },
      { position: 2, exercise: 'tuck planche', previousPosition: 1 },
    ]);
  });
});
