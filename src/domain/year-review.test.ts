import { addDays, dateRange, weekdayOf } from './calendar';
import { computeStreak } from './habit';
import {
  busiest,
  changeFrom,
  dateOfEpochDay,
  datesBetween,
  daysInRanges,
  epochDay,
  fillMonths,
  isoWeekday,
  isReviewYear,
  longestRunOfDays,
  shiftDate,
  sumTotals,
  weekdayTotals,
  yearRange,
} from './year-review';

describe('year ranges and fast day arithmetic', () => {
  it('accepts whole years from 1970 to 9999 only', () => {
    expect([1970, 2020, 9999].map(isReviewYear)).toEqual([true, true, true]);
    expect([1969, 10000, 2020.5, NaN, -1].map(isReviewYear)).toEqual([false, false, false, false, false]);
  });

  it('names the first and last day of a year', () => {
    expect(yearRange(2020)).toEqual({ from: '2020-01-01', to: '2020-12-31' });
    expect(datesBetween(yearRange(2020).from, yearRange(2020).to)).toHaveLength(366);
    expect(datesBetween(yearRange(2021).from, yearRange(2021).to)).toHaveLength(365);
    expect(datesBetween('2021-01-02', '2021-01-01')).toEqual([]);
  });

  it('agrees with calendar.ts across leap days, centuries and 1970', () => {
    for (const [date, n] of [
      ['2020-02-28', 1],
      ['2020-03-01', -1],
      ['1900-02-28', 1],
      ['2000-02-28', 1],
      ['1970-01-01', -1],
      ['2021-12-31', 400],
    ] as const) {
      expect(shiftDate(date, n)).toBe(addDays(date, n));
    }
    expect(datesBetween('2019-12-25', '2020-03-05')).toEqual(dateRange('2019-12-25', '2020-03-05'));
    for (const date of dateRange('2020-12-25', '2021-01-10')) expect(isoWeekday(date)).toBe(weekdayOf(date));
    expect(epochDay('1970-01-01')).toBe(0);
    expect(dateOfEpochDay(epochDay('1969-12-31'))).toBe('1969-12-31');
  });
});

describe('months, weekdays and totals', () => {
  it('fills all twelve months and adds up rows of the same month', () => {
    const months = fillMonths([
      { month: '2020-03', logCount: 2, total: 5, activeDays: 1 },
      { month: '2020-03', logCount: 1, total: 1, activeDays: 1 },
      { month: 12, logCount: 4, total: 4, activeDays: 4 },
    ]);
    expect(months).toHaveLength(12);
    expect(months[2]).toEqual({ month: 3, logCount: 3, total: 6, activeDays: 2 });
    expect(months[11].logCount).toBe(4);
    expect(months.filter((m) => m.logCount === 0)).toHaveLength(10);
    expect(() => fillMonths([{ month: 13, logCount: 1, total: 1, activeDays: 1 }])).toThrow(RangeError);
  });

  it('groups days by ISO weekday, Monday first', () => {
    const w = weekdayTotals([
      { date: '2021-06-14', logCount: 2, total: 3 }, // Monday
      { date: '2021-06-20', logCount: 1, total: 7 }, // Sunday
      { date: '2021-06-21', logCount: 1, total: 1 }, // Monday
    ]);
    expect(w.map((d) => d.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(w[0]).toEqual({ weekday: 1, logCount: 3, total: 4 });
    expect(w[6]).toEqual({ weekday: 7, logCount: 1, total: 7 });
  });

  it('picks the busiest, the first on ties, and nothing when empty', () => {
    expect(
      busiest([
        { k: 'a', logCount: 1 },
        { k: 'b', logCount: 3 },
        { k: 'c', logCount: 3 },
      ]),
    ).toEqual({ k: 'b', logCount: 3 });
    expect(busiest([{ logCount: 0 }, { logCount: 0 }])).toBeNull();
    expect(busiest([])).toBeNull();
  });

  it('sums disjoint periods and takes the change field by field', () => {
    const a = { logCount: 3, total: 2.5, activeDays: 2 };
    const b = { logCount: 1, total: 4, activeDays: 1 };
    expect(sumTotals([a, b])).toEqual({ logCount: 4, total: 6.5, activeDays: 3 });
    expect(changeFrom(b, a)).toEqual({ logCount: -2, total: 1.5, activeDays: -1 });
  });

  it('expands pause ranges within a window', () => {
    const days = daysInRanges(
      [
        { startDate: '2019-12-30', endDate: '2020-01-02' },
        { startDate: '2020-01-02', endDate: '2020-01-03' },
      ],
      '2020-01-01',
      '2020-12-31',
    );
    expect([...days].sort()).toEqual(['2020-01-01', '2020-01-02', '2020-01-03']);
  });
});

describe('longestRunOfDays', () => {
  it('finds the longest run, the latest on ties, bridging paused days', () => {
    expect(longestRunOfDays([])).toEqual({ days: 0, start: null, end: null });
    expect(longestRunOfDays(['2020-01-01', '2020-01-02', '2020-01-05', '2020-01-06'])).toEqual({
      days: 2,
      start: '2020-01-05',
      end: '2020-01-06',
    });
    const paused = new Set(['2020-01-03', '2020-01-04']);
    expect(longestRunOfDays(['2020-01-02', '2020-01-01', '2020-01-05', '2020-01-01'], paused)).toEqual({
      days: 3,
      start: '2020-01-01',
      end: '2020-01-05',
    });
    // A log on a paused day neither counts nor breaks the run.
    expect(longestRunOfDays(['2020-01-02', '2020-01-03', '2020-01-05'], paused)).toEqual({
      days: 2,
      start: '2020-01-02',
      end: '2020-01-05',
    });
  });

  it('equals computeStreak of a daily yes/no habit on random data', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const spec = { times: 1, perDays: 1, numeric: false, target: null, targetType: 'AT_LEAST' as const };
    for (let trial = 0; trial < 40; trial++) {
      const days = dateRange('2020-01-01', '2020-03-31');
      const logged = days.filter(() => rand() < 0.7);
      const paused = new Set(days.filter(() => rand() < 0.1));
      const streak = computeStreak(
        spec,
        logged.map((date) => ({ date, count: 1, sum: 1 })),
        { startDate: days[0], today: days[days.length - 1], paused },
      );
      expect(longestRunOfDays(logged, paused)).toEqual({ days: streak.longest, start: streak.longestStart, end: streak.longestEnd });
    }
  });
});
