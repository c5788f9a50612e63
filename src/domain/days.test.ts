import { calendarDays } from './days';

describe('calendarDays', () => {
  it('lists every day of the range once, with totals where there are logs and pauses inclusive of both ends', () => {
    const days = calendarDays(
      '2021-02-27',
      '2021-03-02',
      [
        { date: '2021-02-28', count: 2, sum: 3.5 },
        { date: '2021-03-02', count: 1, sum: -1 },
      ],
      [{ start: '2021-03-01', end: '2021-03-02' }],
    );
    expect(days).toEqual([
      { date: '2021-02-27', logCount: 0, total: 0, paused: false },
      { date: '2021-02-28', logCount: 2, total: 3.5, paused: false },
      { date: '2021-03-01', logCount: 0, total: 0, paused: true },
      { date: '2021-03-02', logCount: 1, total: -1, paused: true },
    ]);
  });

  it('answers a one-day range and a leap year in full', () => {
    expect(calendarDays('2021-06-15', '2021-06-15', [], [])).toHaveLength(1);
    expect(calendarDays('2024-01-01', '2024-12-31', [], [])).toHaveLength(366);
  });
});
