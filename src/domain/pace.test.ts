import { type PaceInput, computePace } from './pace';

// A 10-day goal: 2021-01-01 .. 2021-01-10 inclusive, 100 units, so 10 per day on the line.
const base: PaceInput = {
  startDate: '2021-01-01',
  dueDate: '2021-01-10',
  today: '2021-01-05',
  target: 100,
  targetType: 'AT_LEAST',
  actual: 50,
};
const pace = (over: Partial<PaceInput>) => computePace({ ...base, ...over });

describe('computePace — AT_LEAST', () => {
  it('exactly on the line: today counts as elapsed', () => {
    expect(pace({})).toEqual({
      expectedToDate: 50,
      actual: 50,
      onTrack: true,
      daysAhead: 0,
      neededPerDay: 50 / 6, // 01-05 .. 01-10, today included
      projectedCompletion: '2021-01-10',
    });
  });

  it('ahead of the line', () => {
    expect(pace({ actual: 70 })).toMatchObject({ onTrack: true, daysAhead: 2, neededPerDay: 5, projectedCompletion: '2021-01-08' });
  });

  it('behind the line', () => {
    expect(pace({ actual: 30 })).toMatchObject({ onTrack: false, daysAhead: -2, neededPerDay: 70 / 6, projectedCompletion: '2021-01-17' });
  });

  it('rounds partial days toward behind', () => {
    expect(pace({ actual: 55 }).daysAhead).toBe(0);
    expect(pace({ actual: 59.9 }).daysAhead).toBe(0);
    expect(pace({ actual: 60 }).daysAhead).toBe(1);
    expect(pace({ actual: 49.9 }).daysAhead).toBe(-1);
    expect(pace({ actual: 49.9 }).onTrack).toBe(false);
  });

  it('an exact fractional line is on track despite float noise', () => {
    const p = pace({ target: 1, dueDate: '2021-01-03', today: '2021-01-01', actual: 0.1 + 0.2 + 0.0333333333333333 });
    expect(p.expectedToDate).toBeCloseTo(1 / 3, 12);
    expect(p.onTrack).toBe(true);
    expect(p.daysAhead).toBe(0);
  });

  it('target reached: nothing needed, no projection, ahead up to the due date', () => {
    expect(pace({ actual: 100 })).toMatchObject({ onTrack: true, daysAhead: 5, neededPerDay: 0, projectedCompletion: null });
    expect(pace({ actual: 250 }).daysAhead).toBe(5); // cannot be further ahead than finished
  });

  it('no progress: no projection', () => {
    expect(pace({ actual: 0 })).toMatchObject({ onTrack: false, daysAhead: -5, projectedCompletion: null, neededPerDay: 100 / 6 });
  });

  it('before the start: nothing expected, need spread over the whole range', () => {
    expect(pace({ today: '2020-12-25', actual: 0 })).toEqual({
      expectedToDate: 0,
      actual: 0,
      onTrack: true,
      daysAhead: 0,
      neededPerDay: 10,
      projectedCompletion: null,
    });
  });

  it('on the start and due dates', () => {
    expect(pace({ today: '2021-01-01', actual: 10 })).toMatchObject({ expectedToDate: 10, onTrack: true, neededPerDay: 9 });
    expect(pace({ today: '2021-01-10', actual: 90 })).toMatchObject({
      expectedToDate: 100,
      onTrack: false,
      daysAhead: -1,
      neededPerDay: 10,
    });
  });

  it('after the due date: full target expected, no per-day need, late projection', () => {
    expect(pace({ today: '2021-01-15', actual: 80 })).toEqual({
      expectedToDate: 100,
      actual: 80,
      onTrack: false,
      daysAhead: -2,
      neededPerDay: null,
      projectedCompletion: '2021-01-19', // 80 in 15 days → 100 after 18.75 → day 19
    });
  });
});

describe('computePace — AT_MOST (allowance used up so far)', () => {
  const most = (over: Partial<PaceInput>) => pace({ targetType: 'AT_MOST', ...over });

  it('using less than the line is ahead', () => {
    expect(most({ actual: 30 })).toEqual({
      expectedToDate: 50,
      actual: 30,
      onTrack: true,
      daysAhead: 2,
      neededPerDay: 70 / 6, // allowance left per remaining day
      projectedCompletion: null,
    });
  });

  it('exactly on the line is on track', () => {
    expect(most({ actual: 50 })).toMatchObject({ onTrack: true, daysAhead: 0 });
  });

  it('using more than the line is behind, rounded toward behind', () => {
    expect(most({ actual: 55 })).toMatchObject({ onTrack: false, daysAhead: -1 });
    expect(most({ actual: 45 })).toMatchObject({ onTrack: true, daysAhead: 0 });
    expect(most({ actual: 150 })).toMatchObject({ onTrack: false, daysAhead: -5, neededPerDay: 0 });
  });

  it('after the due date', () => {
    expect(most({ today: '2021-02-01', actual: 90 })).toMatchObject({ expectedToDate: 100, onTrack: true, neededPerDay: null });
  });

  it('a zero allowance', () => {
    expect(most({ target: 0, actual: 0 })).toMatchObject({ expectedToDate: 0, onTrack: true, daysAhead: 5, neededPerDay: 0 });
    expect(most({ target: 0, actual: 1 })).toMatchObject({ onTrack: false, daysAhead: -5 });
  });
});

describe('computePace — zero-length range (start == due)', () => {
  const oneDay = (over: Partial<PaceInput>) =>
    pace({ startDate: '2021-01-01', dueDate: '2021-01-01', today: '2021-01-01', target: 10, ...over });

  it('on the day itself the whole target is due, without dividing by zero', () => {
    expect(oneDay({ actual: 5 })).toEqual({
      expectedToDate: 10,
      actual: 5,
      onTrack: false,
      daysAhead: -1,
      neededPerDay: 5,
      projectedCompletion: '2021-01-02',
    });
    expect(oneDay({ actual: 10 })).toMatchObject({ onTrack: true, daysAhead: 0, neededPerDay: 0, projectedCompletion: null });
  });

  it('before and after the day', () => {
    expect(oneDay({ today: '2020-12-31', actual: 0 })).toMatchObject({ expectedToDate: 0, onTrack: true, neededPerDay: 10 });
    expect(oneDay({ today: '2021-01-02', actual: 0 })).toMatchObject({ expectedToDate: 10, neededPerDay: null, onTrack: false });
    expect(oneDay({ targetType: 'AT_MOST', actual: 3 })).toMatchObject({ onTrack: true, daysAhead: 0, neededPerDay: 7 });
  });
});

describe('computePace — invalid input', () => {
  it('rejects a due date before the start and bad amounts', () => {
    expect(() => pace({ dueDate: '2020-12-31' })).toThrow(RangeError);
    expect(() => pace({ target: -1 })).toThrow(RangeError);
    expect(() => pace({ actual: Number.NaN })).toThrow(RangeError);
    expect(() => pace({ today: '2021-1-5' })).toThrow(RangeError);
  });
});
