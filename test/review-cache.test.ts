import { buildReviewFixture, logAt, type ReviewFixture } from './review-fixture';
import { YEAR_IN_REVIEW_FIELDS } from './review-query';
import { ok, startTestApp, type TestApp } from './helpers';

const REVIEW = /* GraphQL */ `
  query Review($year: Int!) {
    yearInReview(year: $year) {
      ...YearInReviewFields
      markdown(locale: KO)
      workouts {
        sessions
        minutes
      }
    }
  }
  ${YEAR_IN_REVIEW_FIELDS}
`;

/**
 * A process keeps each year in review until its owner writes anything a review is made of. Two servers share one
 * database here: `cached` keeps reviews, `fresh` keeps none (nor goal summaries), so every answer of `cached` is
 * checked against one assembled from scratch, after each kind of write, a change of zone and a new day.
 */
describe('the kept year in review', () => {
  let cached: TestApp;
  let fresh: TestApp;
  let f: ReviewFixture;

  beforeAll(async () => {
    // Every check asks both servers for whole years in review, a few thousand of query cost each, one token: more than
    // a minute's default cost budget, which on PostgreSQL the two servers share.
    const unlimited = { RATE_LIMIT_REQUESTS_PER_MINUTE: '0', RATE_LIMIT_COST_PER_MINUTE: '0' };
    cached = await startTestApp({ env: unlimited });
    fresh = await startTestApp({
      databaseUrl:
        cached.app.config.database.kind === 'sqlite' ? `sqlite:${cached.app.config.database.path}` : cached.app.config.database.url,
      env: { ...unlimited, REVIEW_CACHE_MB: '0', SUMMARY_CACHE_MB: '0' },
    });
    f = await buildReviewFixture(cached);
  });

  afterAll(async () => {
    await fresh?.close();
    await cached?.close();
  });

  const review = async (t: TestApp, year: number) => ok(await t.gql(f.token, REVIEW, { year })).yearInReview as Record<string, unknown>;
  const hits = () => cached.app.services.review.cacheStats().hits;

  async function expectSame(year = 2020): Promise<Record<string, unknown>> {
    const ours = await review(cached, year);
    expect(ours).toEqual(await review(fresh, year));
    return ours;
  }

  it('answers a repeated request from what it kept, and the same as a fresh assembly', async () => {
    await expectSame();
    const before = hits();
    const again = await expectSame();
    expect(hits()).toBe(before + 1);
    // The HTML report of a kept review comes from the same review.
    expect(again.markdown).toContain('2020');
  });

  const steps: Array<[string, () => Promise<unknown>]> = [
    ['a backdated log', () => logAt(cached, f.token, { goalId: f.habitId, date: '2020-07-01', note: 'backfilled' })],
    [
      'an edited log',
      async () => {
        const id = ok(
          await cached.gql(f.token, `query($id: ID!) { node(id: $id) { ... on Goal { logs(first: 1) { edges { node { id } } } } } }`, {
            id: f.booksId,
          }),
        ).node.logs.edges[0].node.id as string;
        ok(
          await cached.gql(f.token, 'mutation($i: UpdateProgressLogInput!) { updateProgressLog(input: $i) { log { id } } }', {
            i: { id, value: 3, note: 'recounted' },
          }),
        );
      },
    ],
    [
      'a milestone reached',
      async () => {
        const ids = ok(
          await cached.gql(f.token, `query($id: ID!) { node(id: $id) { ... on Goal { milestones { id achievedOn } } } }`, {
            id: f.paperId,
          }),
        ).node.milestones as Array<{ id: string; achievedOn: string | null }>;
        const open = ids.find((m) => m.achievedOn === null)!;
        ok(
          await cached.gql(f.token, 'mutation($i: CompleteMilestoneInput!) { completeMilestone(input: $i) { milestone { id } } }', {
            i: { id: open.id, achievedOn: '2020-12-01' },
          }),
        );
      },
    ],
    [
      'a goal renamed',
      () =>
        cached
          .gql(f.token, 'mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { goal { id } } }', {
            i: { id: f.kaggleId, title: 'Kaggle gold, at last' },
          })
          .then(ok),
    ],
    [
      'a pause',
      () =>
        cached
          .gql(f.token, 'mutation($i: PauseGoalInput!) { pauseGoal(input: $i) { pause { id } } }', {
            i: { goalId: f.habitId, from: '2020-08-01', to: '2020-08-05' },
          })
          .then(ok),
    ],
    [
      'a workout of no goal',
      () =>
        cached
          .gql(f.token, 'mutation($i: LogWorkoutInput!) { logWorkout(input: $i) { workout { id } } }', {
            i: { date: '2020-09-09', durationMinutes: 30, sets: [{ exercise: 'tuck planche', holdSeconds: 12 }] },
          })
          .then(ok),
    ],
    [
      'another time zone',
      () =>
        cached
          .gql(f.token, 'mutation($i: UpdateViewerInput!) { updateViewer(input: $i) { viewer { id } } }', {
            i: { timeZone: 'America/New_York' },
          })
          .then(ok),
    ],
  ];

  it.each(steps)('assembles the review again after %s', async (_what, write) => {
    const before = await review(cached, 2020);
    await write();
    const after = await expectSame();
    expect(after).not.toEqual(before);
  });

  it('moves a year under way to the new day at midnight, with no write', async () => {
    const before = await expectSame(2021);
    for (const t of [cached, fresh]) t.clock.set(new Date('2021-06-20T12:00:00Z'));
    const after = await expectSame(2021);
    expect(after).not.toEqual(before);
  });

  it('is not touched by another user’s writes, and never shows them', async () => {
    const mine = await expectSame();
    const other = await buildReviewFixture(cached);
    await logAt(cached, other.token, { goalId: other.habitId, date: '2020-07-02', note: 'someone else' });
    const before = hits();
    expect(await review(cached, 2020)).toEqual(mine);
    expect(hits()).toBe(before + 1);
  });
});
