import { createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';
import { buildReviewFixture, logAt, type ReviewFixture } from './review-fixture';
import { YEAR_IN_REVIEW_FIELDS } from './review-query';

const REVIEW = /* GraphQL */ `
  query Review($year: Int!) {
    yearInReview(year: $year) {
      ...YearInReviewFields
    }
  }
  ${YEAR_IN_REVIEW_FIELDS}
`;

let t: TestApp;
let f: ReviewFixture;

beforeAll(async () => {
  t = await startTestApp({ countStatements: true });
  f = await buildReviewFixture(t);
  // Another user's logs on the same days must never be counted for the viewer.
  const other = await t.createUser({ timeZone: 'Asia/Seoul' });
  const theirs = await createGoal(t, other.token, { title: 'Not yours', kind: 'HABIT', startDate: '2020-01-01' });
  for (const date of ['2020-01-01', '2020-03-10', '2020-07-07']) await logAt(t, other.token, { goalId: theirs, date, note: 'private' });
});

afterAll(() => t.close());

async function review(year: number, token = f.token) {
  return ok(await t.gql(token, REVIEW, { year })).yearInReview;
}

const goalOf = (r: any, id: string) => r.goals.find((g: any) => g.goal.id === id);

describe('yearInReview', () => {
  it('counts logs, active days, months and weekdays by local date', async () => {
    const r = await review(2020);
    expect(r).toMatchObject({
      year: 2020,
      timeZone: 'Asia/Seoul',
      through: '2020-12-31',
      logCount: 13,
      activeDays: 12,
      goalsAchieved: 1,
      milestonesAchieved: 2,
    });
    expect(r.months).toHaveLength(12);
    expect(r.months.map((m: any) => m.logCount)).toEqual([3, 3, 6, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(r.months[1]).toEqual({ month: 2, logCount: 3, total: 5, activeDays: 2 });
    expect(r.busiestMonth).toEqual({ month: 3, logCount: 6 });
    // Tuesday, Friday and Saturday have three logs each; the earliest weekday wins the tie.
    expect(r.busiestWeekday).toEqual({ weekday: 2, logCount: 3 });
    expect(r.days).toHaveLength(12);
    expect(r.days.find((d: any) => d.date === '2020-02-15')).toEqual({ date: '2020-02-15', logCount: 2, total: 2 });
    expect(r.pausedDays).toEqual(['2020-03-14', '2020-03-15', '2020-03-16']);
  });

  it('puts a log at 2020-12-31T15:30Z into 2021 for a viewer in Seoul', async () => {
    const r2020 = await review(2020);
    expect(r2020.days.map((d: any) => d.date)).not.toContain('2021-01-01');
    const r2021 = await review(2021);
    expect(r2021).toMatchObject({
      through: '2021-06-15',
      logCount: 1,
      activeDays: 1,
      days: [{ date: '2021-01-01', logCount: 1, total: 1 }],
    });
    expect(r2021.previousYear).toEqual({ year: 2020, logCount: 13, activeDays: 12, goalsAchieved: 1, milestonesAchieved: 2 });
    // The book target was reached in 2020 and nothing was logged for it since: it has no place in 2021.
    expect(goalOf(r2021, f.booksId)).toBeUndefined();
    expect(goalOf(r2021, f.habitId).logCount).toBe(1);
  });

  it('measures each goal: totals, streaks across a pause, achievement derived from the logs', async () => {
    const r = await review(2020);
    expect(r.goals.map((g: any) => g.goal.title)).toEqual(['Planche practice', 'Read 10 books', 'Paper', 'Kaggle gold medal']);

    const habit = goalOf(r, f.habitId);
    expect(habit).toMatchObject({ logCount: 9, total: 9, activeDays: 9, achieved: false, achievedOn: null });
    expect(habit.months.map((m: any) => m.logCount)).toEqual([3, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // 03-10..13, the pause 03-14..16 bridged, then 03-17: five kept days.
    expect([habit.longestStreak, habit.longestStreakStart, habit.longestStreakEnd]).toEqual([5, '2020-03-10', '2020-03-17']);
    expect(habit.scoreAtEnd).toBeGreaterThanOrEqual(0);
    expect(habit.scoreAtEnd).toBeLessThan(0.1);
    expect(habit.start).toEqual({
      date: '2019-12-31',
      status: 'ACTIVE',
      progress: { current: 1, target: 1, percent: 100 },
      remaining: null,
    });
    expect(habit.end).toMatchObject({ date: '2020-12-31', status: 'ACTIVE', progress: { current: 0, target: 1, percent: 0 } });
    expect(habit.previousYear).toEqual({ logCount: 2, total: 2, activeDays: 2 });
    expect(habit.change).toEqual({ logCount: 7, total: 7, activeDays: 7 });
    expect(r.longestStreak).toEqual({ goal: { id: f.habitId }, days: 5, start: '2020-03-10', end: '2020-03-17' });

    const books = goalOf(r, f.booksId);
    // logProgress stamped achievedOn with the day the tenth book was logged (2021); the review dates it by the logs.
    expect(books).toMatchObject({ logCount: 4, total: 6, activeDays: 3, achieved: true, achievedOn: '2020-05-05' });
    expect(books.start).toEqual({ date: '2019-12-31', status: 'ACTIVE', progress: { current: 4, target: 10, percent: 40 }, remaining: 6 });
    expect(books.end).toEqual({
      date: '2020-12-31',
      status: 'ACHIEVED',
      progress: { current: 10, target: 10, percent: 100 },
      remaining: 0,
    });
    expect(books.change).toEqual({ logCount: 3, total: 2, activeDays: 2 });
    expect([books.longestStreak, books.longestStreakStart]).toEqual([1, '2020-05-05']);

    const paper = goalOf(r, f.paperId);
    expect(paper.start.status).toBe('NOT_STARTED');
    expect(paper.end).toMatchObject({ status: 'ACTIVE', progress: { current: 2, target: 3 } });
    expect(paper.milestonesAchieved).toEqual([
      { title: 'Idea', achievedOn: '2020-04-01' },
      { title: 'Draft', achievedOn: '2020-09-30' },
    ]);
    expect(paper.openMilestones).toEqual([{ title: 'Submit' }]);

    const kaggle = goalOf(r, f.kaggleId);
    expect(kaggle).toMatchObject({ logCount: 0, achieved: false, end: { status: 'ACTIVE', remaining: 1 } });
    expect(kaggle.months).toHaveLength(12);
  });

  it('adds no typed section to plain goals, and no training to a year without workouts', async () => {
    const query =
      '{ yearInReview(year: 2020) { workouts { sessions minutes sets reps holdSeconds weeks { sessions } personalRecords { exercise } } goals { kaggle { results } skill { levelsReached { id } } pipeline { deadline } reflection { ratedLogs } } } }';
    const r = ok(await t.gql(f.token, query)).yearInReview;
    expect(r.goals).toHaveLength(4);
    for (const g of r.goals) expect(g).toEqual({ kaggle: null, skill: null, pipeline: null, reflection: null });
    expect(r.workouts).toMatchObject({ sessions: 0, minutes: 0, sets: 0, reps: 0, holdSeconds: 0, personalRecords: [] });
    expect(r.workouts.weeks).toHaveLength(52);
    expect(r.workouts.weeks.every((w: any) => w.sessions === 0)).toBe(true);
  });

  it('compares with the previous year', async () => {
    const r = await review(2020);
    expect(r.previousYear).toEqual({ year: 2019, logCount: 3, activeDays: 3, goalsAchieved: 0, milestonesAchieved: 0 });
    const before = await review(2018);
    expect(before).toMatchObject({
      logCount: 0,
      activeDays: 0,
      previousYear: null,
      busiestMonth: null,
      busiestWeekday: null,
      longestStreak: null,
    });
  });

  it("lists the notes of the year newest first, never another user's", async () => {
    const r = await review(2020);
    expect(r.noteCount).toBe(2);
    expect(r.notes).toEqual([
      { date: '2020-05-05', note: 'Finished the tenth book', goal: { id: f.booksId } },
      { date: '2020-03-20', note: 'Held a tuck planche for 10 seconds', goal: { id: f.habitId } },
    ]);
  });

  it('caps the notes at 50, newest first, and says how many there were', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Journal', kind: 'HABIT', startDate: '2020-01-01' });
    for (let i = 1; i <= 52; i++) {
      const date = `2020-${String(Math.ceil(i / 28)).padStart(2, '0')}-${String(((i - 1) % 28) + 1).padStart(2, '0')}`;
      await logAt(t, token, { goalId: id, date, note: `entry ${i}` });
    }
    const r = ok(await t.gql(token, '{ yearInReview(year: 2020) { noteCount notes { date note } } }')).yearInReview;
    expect(r.noteCount).toBe(52);
    expect(r.notes).toHaveLength(50);
    expect(r.notes[0]).toEqual({ date: '2020-02-24', note: 'entry 52' });
    expect(r.notes[49].note).toBe('entry 3');
  });

  it('shows another user only their own year', async () => {
    const { token } = await t.createUser();
    const r = await review(2020, token);
    expect(r).toMatchObject({ logCount: 0, goals: [], notes: [], noteCount: 0, previousYear: null });
  });

  it.each([1969, 10000, -1])('rejects the year %p with BAD_USER_INPUT', async (year) => {
    const res = await t.gql(f.token, REVIEW, { year });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toContain('year');
  });

  it('costs the same number of statements whatever the number of goals', async () => {
    const counts: number[] = [];
    for (const goals of [1, 6]) {
      const { token } = await t.createUser();
      for (let i = 0; i < goals; i++) {
        const id = await createGoal(t, token, {
          title: `Goal ${i}`,
          kind: i % 2 ? 'HABIT' : 'TARGET',
          target: i % 2 ? undefined : 5,
          startDate: '2020-01-01',
        });
        await logAt(t, token, { goalId: id, date: '2020-04-01', note: 'n' });
      }
      await t.gql(token, '{ viewer { id } }'); // settle lastUsedAt, so both measured requests do the same work
      const before = t.app.db.statements!.count;
      ok(await t.gql(token, REVIEW, { year: 2020 }));
      counts.push(t.app.db.statements!.count - before);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
