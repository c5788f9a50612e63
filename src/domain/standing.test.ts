import {
  achievedOnWithin,
  cumulativeTotal,
  isAchievedBy,
  progressAt,
  remainingOf,
  statusAt,
  type StandingFacts,
  type StandingGoal,
} from './standing';

const goal = (over: Partial<StandingGoal> = {}): StandingGoal => ({
  kind: 'TARGET',
  status: 'ACTIVE',
  target: 10,
  targetType: 'AT_LEAST',
  frequencyTimes: null,
  frequencyPerDays: null,
  startDate: '2019-06-01',
  achievedOn: null,
  changedOn: '2019-06-01',
  ...over,
});

const facts = (over: Partial<StandingFacts> = {}): StandingFacts => ({
  milestoneDates: [],
  totalBefore: 4,
  ledgerFrom: '2020-01-01',
  days: [
    { date: '2020-02-15', count: 2, sum: 2 },
    { date: '2020-02-01', count: 1, sum: 3 },
    { date: '2020-05-05', count: 1, sum: 1 },
  ],
  paused: new Set(),
  ...over,
});

describe('a TARGET goal', () => {
  it('adds the logs dated up to a day to the total before the ledger', () => {
    const f = facts();
    expect(cumulativeTotal(f, '2019-12-31')).toBe(4);
    expect(cumulativeTotal(f, '2020-02-15')).toBe(9);
    expect(cumulativeTotal(f, '2020-12-31')).toBe(10);
  });

  it('is achieved on the day its logs first reach the target, not on the day achievedOn was stamped', () => {
    const g = goal({ status: 'ACHIEVED', achievedOn: '2021-06-15' });
    expect(isAchievedBy(g, facts(), '2020-05-04')).toBe(false);
    expect(isAchievedBy(g, facts(), '2020-05-05')).toBe(true);
    expect(achievedOnWithin(g, facts(), '2020-01-01', '2020-12-31')).toBe('2020-05-05');
    expect(achievedOnWithin(g, facts(), '2021-01-01', '2021-12-31')).toBeNull(); // already achieved before 2021
    expect(achievedOnWithin(goal({ target: 11 }), facts(), '2020-01-01', '2020-12-31')).toBeNull();
  });

  it('tells its standing and what remains at both ends of the year', () => {
    const g = goal();
    expect(statusAt(g, facts(), '2019-12-31')).toBe('ACTIVE');
    expect(statusAt(g, facts(), '2020-12-31')).toBe('ACHIEVED');
    expect(progressAt(g, facts(), '2019-12-31')).toEqual({ current: 4, target: 10, percent: 40 });
    expect(remainingOf(g, progressAt(g, facts(), '2019-12-31'))).toBe(6);
    expect(remainingOf(g, progressAt(g, facts(), '2020-12-31'))).toBe(0);
    // An AT_MOST target is never achieved by its logs; what remains is the allowance.
    const budget = goal({ targetType: 'AT_MOST' });
    expect(statusAt(budget, facts(), '2020-12-31')).toBe('ACTIVE');
    expect(remainingOf(budget, progressAt(budget, facts(), '2020-02-01'))).toBe(3);
  });
});

describe('status at a day', () => {
  it('is NOT_STARTED before the start, PAUSED within a pause, and dates undated statuses by the last change', () => {
    expect(statusAt(goal({ startDate: '2020-01-01' }), facts({ totalBefore: 0, days: [] }), '2019-12-31')).toBe('NOT_STARTED');
    expect(statusAt(goal(), facts({ paused: new Set(['2020-03-01']) }), '2020-03-01')).toBe('PAUSED');
    const abandoned = goal({ status: 'ABANDONED', changedOn: '2020-07-01', target: 100 });
    expect(statusAt(abandoned, facts(), '2020-06-30')).toBe('ACTIVE');
    expect(statusAt(abandoned, facts(), '2020-07-01')).toBe('ABANDONED');
    expect(statusAt(goal({ status: 'PAUSED', changedOn: '2020-09-01', target: 100 }), facts(), '2020-12-31')).toBe('PAUSED');
  });
});

describe('a MILESTONES goal', () => {
  const g = goal({ kind: 'MILESTONES', target: null, startDate: '2020-01-01' });

  it('is achieved when the last of its milestones is reached', () => {
    const all = facts({ milestoneDates: ['2020-04-01', '2020-09-30'] });
    expect(achievedOnWithin(g, all, '2020-01-01', '2020-12-31')).toBe('2020-09-30');
    expect(progressAt(g, all, '2020-06-30')).toEqual({ current: 1, target: 2, percent: 50 });
    const open = facts({ milestoneDates: ['2020-04-01', null] });
    expect(achievedOnWithin(g, open, '2020-01-01', '2020-12-31')).toBeNull();
    expect(statusAt(g, open, '2020-12-31')).toBe('ACTIVE');
    expect(isAchievedBy(g, facts({ milestoneDates: [] }), '2020-12-31')).toBe(false);
  });
});

describe('a HABIT', () => {
  it('measures the frequency window ending on the day, and is achieved only by hand', () => {
    const weekly = goal({ kind: 'HABIT', target: null, frequencyTimes: 3, frequencyPerDays: 7 });
    const f = facts({
      days: [
        { date: '2019-12-26', count: 1, sum: 1 },
        { date: '2019-12-29', count: 2, sum: 2 },
        { date: '2019-12-31', count: 1, sum: 1 },
        { date: '2020-01-01', count: 1, sum: 1 },
      ],
    });
    expect(progressAt(weekly, f, '2019-12-31')).toEqual({ current: 3, target: 3, percent: 100 });
    expect(progressAt(weekly, f, '2020-01-06')).toEqual({ current: 2, target: 3, percent: 66.67 });
    expect(isAchievedBy(weekly, f, '2020-12-31')).toBe(false);
    expect(isAchievedBy({ ...weekly, status: 'ACHIEVED', achievedOn: '2020-10-10' }, f, '2020-12-31')).toBe(true);
  });
});
