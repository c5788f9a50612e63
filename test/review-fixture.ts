import { createGoal, ok, type TestApp } from './helpers';

/**
 * A small year with known answers, shared by the review and report tests. The viewer lives in Asia/Seoul and
 * the test clock stands at 2021-06-15 (Seoul). Everything below is in 2020 unless said otherwise.
 *
 * - Planche practice (HABIT, daily, from 2019-12-01): logs 2019-12-30, 2019-12-31; 2020-01-01..03; 03-10..13,
 *   paused 03-14..16, 03-17 (a five-day streak across the pause), 03-20 with a note; and one log at
 *   2020-12-31T15:30:00Z, which is 2021-01-01 00:30 in Seoul.
 * - Read 10 books (TARGET 10 books, from 2019-06-01): 4 on 2019-08-01; 3 on 02-01, 1 + 1 on 02-15, 1 on 05-05
 *   (with a note), which reaches 10 that day.
 * - Paper (MILESTONES, from 2020-01-01): Idea reached 04-01, Draft reached 09-30, Submit open.
 * - Kaggle gold medal (TARGET 1 gold medal, from 2020-01-01): nothing logged.
 */
export interface ReviewFixture {
  token: string;
  habitId: string;
  booksId: string;
  paperId: string;
  kaggleId: string;
}

const LOG = 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id date } } }';

/** Logs through GraphQL and returns the log's local date. */
export async function logAt(t: TestApp, token: string, input: Record<string, unknown>): Promise<string> {
  return ok(await t.gql(token, LOG, { i: input })).logProgress.log.date as string;
}

/** Builds the fixture for a new user; `title` lets a test put hostile text into a goal title. */
export async function buildReviewFixture(t: TestApp, opts: { habitTitle?: string; habitNote?: string } = {}): Promise<ReviewFixture> {
  const { token } = await t.createUser({ timeZone: 'Asia/Seoul' });
  const habitId = await createGoal(t, token, {
    title: opts.habitTitle ?? 'Planche practice',
    kind: 'HABIT',
    unit: 'sessions',
    startDate: '2019-12-01',
  });
  const booksId = await createGoal(t, token, {
    title: 'Read 10 books',
    kind: 'TARGET',
    target: 10,
    unit: 'books',
    startDate: '2019-06-01',
  });
  const paperId = await createGoal(t, token, { title: 'Paper', kind: 'MILESTONES', startDate: '2020-01-01' });
  const kaggleId = await createGoal(t, token, {
    title: 'Kaggle gold medal',
    kind: 'TARGET',
    target: 1,
    unit: 'gold medal',
    startDate: '2020-01-01',
  });

  const habitDays = [
    '2019-12-30',
    '2019-12-31',
    '2020-01-01',
    '2020-01-02',
    '2020-01-03',
    '2020-03-10',
    '2020-03-11',
    '2020-03-12',
    '2020-03-13',
    '2020-03-17',
  ];
  for (const date of habitDays) await logAt(t, token, { goalId: habitId, date });
  await logAt(t, token, { goalId: habitId, date: '2020-03-20', note: opts.habitNote ?? 'Held a tuck planche for 10 seconds' });
  const boundary = await logAt(t, token, { goalId: habitId, occurredAt: '2020-12-31T15:30:00Z' });
  if (boundary !== '2021-01-01') throw new Error(`expected the boundary log on 2021-01-01, got ${boundary}`);
  ok(
    await t.gql(token, 'mutation($i: PauseGoalInput!) { pauseGoal(input: $i) { pause { id } } }', {
      i: { goalId: habitId, from: '2020-03-14', to: '2020-03-16', reason: 'rest' },
    }),
  );

  for (const [date, value, note] of [
    ['2019-08-01', 4, null],
    ['2020-02-01', 3, null],
    ['2020-02-15', 1, null],
    ['2020-02-15', 1, null],
    ['2020-05-05', 1, 'Finished the tenth book'],
  ] as const) {
    await logAt(t, token, { goalId: booksId, date, value, note });
  }

  const add = 'mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { id } } }';
  const complete = 'mutation($i: CompleteMilestoneInput!) { completeMilestone(input: $i) { milestone { id } } }';
  const ids: string[] = [];
  for (const title of ['Idea', 'Draft', 'Submit'])
    ids.push(ok(await t.gql(token, add, { i: { goalId: paperId, title } })).addMilestone.milestone.id);
  ok(await t.gql(token, complete, { i: { id: ids[0], achievedOn: '2020-04-01' } }));
  ok(await t.gql(token, complete, { i: { id: ids[1], achievedOn: '2020-09-30' } }));
  return { token, habitId, booksId, paperId, kaggleId };
}
