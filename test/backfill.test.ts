import { addDays } from '../src/domain/calendar';
import { createGoal, ok, startTestApp, type TestApp } from './helpers';

/**
 * History logged from before a habit was created (moving from paper or another app) counts from its first day:
 * in the streak, the score, the score history and a year in review of an earlier year, as if the habit had
 * been started then.
 */

const TODAY = '2021-06-15';

const ANALYTICS = /* GraphQL */ `
  query Analytics($id: ID!, $from: LocalDate!, $to: LocalDate!) {
    goal(id: $id) {
      startDate
      streak {
        current
        longest
        longestStart
        longestEnd
      }
      score
      scoreHistory(from: $from, to: $to) {
        date
        score
      }
    }
  }
`;

const REVIEW = /* GraphQL */ `
  query Review($year: Int!) {
    yearInReview(year: $year) {
      logCount
      longestStreak {
        goal {
          id
        }
        days
        start
        end
      }
      goals {
        goal {
          id
        }
        logCount
        activeDays
        longestStreak
        longestStreakStart
        longestStreakEnd
        scoreAtEnd
      }
    }
  }
`;

const LOG = 'mutation($i: LogProgressInput!) { logProgress(input: $i) { goal { streak { current longest } score } } }';

let t: TestApp;
beforeAll(async () => {
  // 21:00 in Seoul: the user's day is 2021-06-15.
  t = await startTestApp({ now: '2021-06-15T12:00:00Z' });
});
afterAll(() => t.close());

describe('backfilled history', () => {
  it('counts in the streak and the score of a habit created today', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Planche practice', kind: 'HABIT' });
    const first = addDays(TODAY, -19);
    let payload: any = null;
    for (let i = 0; i < 20; i++) payload = ok(await t.gql(token, LOG, { i: { goalId: id, date: addDays(first, i) } })).logProgress;
    // The payload of the last write already counts the whole history.
    expect(payload.goal.streak).toEqual({ current: 20, longest: 20 });

    const goal = ok(await t.gql(token, ANALYTICS, { id, from: addDays(first, -1), to: TODAY })).goal;
    expect(goal.startDate).toBe(TODAY);
    expect(goal.streak).toEqual({ current: 20, longest: 20, longestStart: first, longestEnd: TODAY });
    // Loop Habit Tracker's vector for 20 daily logs.
    expect(Math.abs(goal.score - 0.655747)).toBeLessThan(1e-6);
    expect(goal.scoreHistory[0]).toEqual({ date: addDays(first, -1), score: 0 });
    expect(Math.abs(goal.scoreHistory[1].score - 0.051922)).toBeLessThan(1e-6);
  });

  it('a gap in the backfilled days breaks the streak as it would after the start', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Stretch', kind: 'HABIT' });
    for (const date of ['2021-06-05', '2021-06-06', '2021-06-07', '2021-06-09', '2021-06-10'])
      ok(await t.gql(token, LOG, { i: { goalId: id, date } }));
    const goal = ok(await t.gql(token, ANALYTICS, { id, from: TODAY, to: TODAY })).goal;
    expect(goal.streak).toEqual({ current: 0, longest: 3, longestStart: '2021-06-05', longestEnd: '2021-06-07' });
  });

  it('counts in a year in review of a year before the habit was created', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Journal', kind: 'HABIT' });
    for (let i = 0; i < 12; i++) ok(await t.gql(token, LOG, { i: { goalId: id, date: addDays('2020-12-01', i) } }));
    const r = ok(await t.gql(token, REVIEW, { year: 2020 })).yearInReview;
    expect(r.logCount).toBe(12);
    expect(r.longestStreak).toEqual({ goal: { id }, days: 12, start: '2020-12-01', end: '2020-12-12' });
    const g = r.goals.find((x: any) => x.goal.id === id);
    expect(g).toMatchObject({
      logCount: 12,
      activeDays: 12,
      longestStreak: 12,
      longestStreakStart: '2020-12-01',
      longestStreakEnd: '2020-12-12',
    });
    // The year's closing score is the habit's own score of 31 December.
    const goal = ok(await t.gql(token, ANALYTICS, { id, from: '2020-12-31', to: '2020-12-31' })).goal;
    expect(goal.scoreHistory[0].score).toBeGreaterThan(0);
    expect(Math.abs(g.scoreAtEnd - goal.scoreHistory[0].score)).toBeLessThan(1e-9);

    // The reports are made from the same review: the Markdown one names the backfilled streak.
    const md = await t.app.server.inject({ method: 'GET', url: '/reports/2020.md', headers: { authorization: `Bearer ${token}` } });
    expect(md.statusCode).toBe(200);
    expect(md.body).toContain('Longest streak: Journal, 12 days in a row');
  });
});
