import { isValidRating, leastSquaresSlope, monthlyAverages, monthsEnding, ratingTrend, trendWord } from './rating';

describe('ratings', () => {
  it('accepts whole ratings from 1 to 5 only', () => {
    expect([1, 3, 5].every(isValidRating)).toBe(true);
    expect([0, 6, 2.5, Number.NaN].some(isValidRating)).toBe(false);
  });

  it('lists the months ending with a month, across a year boundary', () => {
    expect(monthsEnding('2021-02', 4)).toEqual(['2020-11', '2020-12', '2021-01', '2021-02']);
    expect(monthsEnding('2021-12', 1)).toEqual(['2021-12']);
  });

  it('averages per month and leaves empty months null', () => {
    const entries = [
      { date: '2021-01-03', rating: 2 },
      { date: '2021-01-31', rating: 3 },
      { date: '2021-03-01', rating: 5 },
      { date: '2020-12-31', rating: 1 },
    ];
    expect(monthlyAverages(entries, ['2021-01', '2021-02', '2021-03'])).toEqual([
      { month: '2021-01', average: 2.5, count: 2 },
      { month: '2021-02', average: null, count: 0 },
      { month: '2021-03', average: 5, count: 1 },
    ]);
  });

  it('fits a least-squares slope', () => {
    expect(
      leastSquaresSlope([
        { x: 0, y: 1 },
        { x: 1, y: 3 },
        { x: 2, y: 5 },
      ]),
    ).toBeCloseTo(2, 12);
    // y = 1, 2, 2, 3 at x = 0..3: slope = Σ(x−1.5)(y−2)/Σ(x−1.5)² = 3/5.
    expect(
      leastSquaresSlope([
        { x: 0, y: 1 },
        { x: 1, y: 2 },
        { x: 2, y: 2 },
        { x: 3, y: 3 },
      ]),
    ).toBeCloseTo(0.6, 12);
    expect(leastSquaresSlope([{ x: 0, y: 1 }])).toBeNull();
    expect(
      leastSquaresSlope([
        { x: 1, y: 1 },
        { x: 1, y: 4 },
      ]),
    ).toBeNull();
  });

  it('words a slope with a steady band of ±0.1 points per month', () => {
    expect(trendWord(0.1)).toBe('IMPROVING');
    expect(trendWord(0.099)).toBe('STEADY');
    expect(trendWord(-0.099)).toBe('STEADY');
    expect(trendWord(-0.1)).toBe('DECLINING');
    expect(trendWord(null)).toBeNull();
  });

  it('reads the last six months, keeping the width of gaps', () => {
    const entries = [
      { date: '2021-01-10', rating: 2 },
      { date: '2021-02-10', rating: 3 },
      { date: '2021-06-01', rating: 4 },
      { date: '2021-06-02', rating: 4 },
      { date: '2020-12-01', rating: 5 }, // before the window
    ];
    const trend = ratingTrend(entries, { today: '2021-06-15', months: 6 });
    expect(trend.months.map((m) => m.month)).toEqual(['2021-01', '2021-02', '2021-03', '2021-04', '2021-05', '2021-06']);
    // Points (0, 2), (1, 3), (5, 4): mean x 2, mean y 3; Σxy' = (−2)(−1) + (−1)(0) + 3·1 = 5; Σx'² = 4 + 1 + 9 = 14.
    expect(trend.slope).toBeCloseTo(5 / 14, 9);
    expect(trend.direction).toBe('IMPROVING');
  });

  it('calls equal months steady, a fall declining, and one rated month unknown', () => {
    const flat = [
      { date: '2021-05-01', rating: 3 },
      { date: '2021-06-01', rating: 3 },
    ];
    expect(ratingTrend(flat, { today: '2021-06-15', months: 6 })).toMatchObject({ slope: 0, direction: 'STEADY' });
    const falling = [
      { date: '2021-04-01', rating: 5 },
      { date: '2021-06-01', rating: 2 },
    ];
    expect(ratingTrend(falling, { today: '2021-06-15', months: 6 })).toMatchObject({ slope: -1.5, direction: 'DECLINING' });
    expect(ratingTrend([{ date: '2021-06-01', rating: 4 }], { today: '2021-06-15', months: 6 })).toMatchObject({
      slope: null,
      direction: null,
    });
  });
});
