import { createGoal, ok, startTestApp, type TestApp } from './helpers';

/**
 * The year in review buckets logs by the owner's calendar day: here a night owl in Seoul whose day starts at 04:00,
 * logging around two New Year's nights.
 */
describe('year in review with a 04:00 day start across the year boundary in Asia/Seoul', () => {
  let t: TestApp;
  let token: string;
  const dates: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ now: '2022-01-15T03:00:00Z' });
    ({ token } = await t.createUser({ timeZone: 'Asia/Seoul', dayStartsAt: '04:00' }));
    const goalId = await createGoal(t, token, {
      title: 'Late-night reading',
      kind: 'HABIT',
      unit: 'pages',
      target: 10,
      startDate: '2020-12-01',
    });
    const log = 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { date } } }';
    const at = async (occurredAt: string, value: number) =>
      ok(await t.gql(token, log, { i: { goalId, occurredAt, value } })).logProgress.log.date as string;
    // Seoul is UTC+9 all year.
    dates.push(await at('2020-12-31T14:00:00Z', 10)); // 23:00 on 31 Dec -> 2020-12-31
    dates.push(await at('2020-12-31T15:30:00Z', 12)); // 00:30 on 1 Jan: before 04:00, still 31 Dec -> 2020-12-31
    dates.push(await at('2020-12-31T19:30:00Z', 15)); // 04:30 on 1 Jan -> 2021-01-01
    dates.push(await at('2021-12-31T18:00:00Z', 20)); // 03:00 on 1 Jan 2022: still 2021 -> 2021-12-31
  });
  afterAll(() => t.close());

  it('files each log under the owner’s day', () => {
    expect(dates).toEqual(['2020-12-31', '2020-12-31', '2021-01-01', '2021-12-31']);
  });

  const REVIEW = /* GraphQL */ `
    query ($year: Int!) {
      yearInReview(year: $year) {
        year
        timeZone
        logCount
        activeDays
        days {
          date
          logCount
          total
        }
        previousYear {
          logCount
          activeDays
        }
        goals {
          logCount
          total
          activeDays
          months {
            month
            logCount
            total
          }
        }
      }
    }
  `;

  it('counts both logs of New Year’s night in 2020', async () => {
    const review = ok(await t.gql(token, REVIEW, { year: 2020 })).yearInReview;
    expect(review).toMatchObject({ year: 2020, timeZone: 'Asia/Seoul', logCount: 2, activeDays: 1 });
    expect(review.days).toEqual([{ date: '2020-12-31', logCount: 2, total: 22 }]);
    expect(review.goals[0].months[11]).toEqual({ month: 12, logCount: 2, total: 22 });
    expect(review.goals[0].months.slice(0, 11).every((m: any) => m.logCount === 0)).toBe(true);
  });

  it('starts 2021 at 04:00 on 1 January and ends it at 04:00 on 1 January 2022', async () => {
    const review = ok(await t.gql(token, REVIEW, { year: 2021 })).yearInReview;
    expect(review).toMatchObject({ logCount: 2, activeDays: 2, previousYear: { logCount: 2, activeDays: 1 } });
    expect(review.days).toEqual([
      { date: '2021-01-01', logCount: 1, total: 15 },
      { date: '2021-12-31', logCount: 1, total: 20 },
    ]);
    expect(review.goals[0]).toMatchObject({ logCount: 2, total: 35, activeDays: 2 });
    expect(review.goals[0].months[0]).toEqual({ month: 1, logCount: 1, total: 15 });
    expect(review.goals[0].months[11]).toEqual({ month: 12, logCount: 1, total: 20 });
  });

  it('leaves 2022 empty so far', async () => {
    const review = ok(await t.gql(token, REVIEW, { year: 2022 })).yearInReview;
    expect(review).toMatchObject({ logCount: 0, activeDays: 0, days: [], previousYear: { logCount: 2, activeDays: 2 } });
  });
});
