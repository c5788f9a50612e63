import { heatmapLayout, shadeLevel } from './heatmap';

describe('shadeLevel', () => {
  it('is 0 without logs and 1–4 by quarters of the busiest day', () => {
    expect([0, 1, 2, 3, 4, 5, 8].map((n) => shadeLevel(n, 8))).toEqual([0, 1, 1, 2, 2, 3, 4]);
    expect(shadeLevel(1, 100)).toBe(1);
    expect(shadeLevel(0, 0)).toBe(0);
  });
});

describe('heatmapLayout', () => {
  it('has one cell per day: 366 in a leap year, 365 otherwise', () => {
    expect(heatmapLayout(2020, [], new Set(), '2020-12-31').cells).toHaveLength(366);
    expect(heatmapLayout(2021, [], new Set(), '2021-12-31').cells).toHaveLength(365);
  });

  it('puts weeks in columns with Monday on top', () => {
    // 2020-01-01 was a Wednesday: row 2 of the first column; Monday 2020-01-06 opens the second column.
    const { cells, columns, monthColumns } = heatmapLayout(2020, [], new Set(), '2020-12-31');
    expect(cells[0]).toMatchObject({ date: '2020-01-01', column: 0, row: 2 });
    expect(cells[5]).toMatchObject({ date: '2020-01-06', column: 1, row: 0 });
    expect(cells[365]).toMatchObject({ date: '2020-12-31', column: 52, row: 3 });
    expect(columns).toBe(53);
    expect(monthColumns).toHaveLength(12);
    expect(monthColumns[1]).toEqual({ month: 2, column: 4 });
  });

  it('shades, marks paused days and the days after the covered part of the year', () => {
    const days = [
      { date: '2021-03-01', logCount: 4, total: 9 },
      { date: '2021-03-02', logCount: 1, total: 1 },
    ];
    const { cells } = heatmapLayout(2021, days, new Set(['2021-03-03']), '2021-06-15');
    const byDate = new Map(cells.map((c) => [c.date, c]));
    expect(byDate.get('2021-03-01')).toMatchObject({ level: 4, logCount: 4, total: 9, paused: false, future: false });
    expect(byDate.get('2021-03-02')).toMatchObject({ level: 1 });
    expect(byDate.get('2021-03-03')).toMatchObject({ level: 0, paused: true });
    expect(byDate.get('2021-06-16')).toMatchObject({ future: true });
  });
});
