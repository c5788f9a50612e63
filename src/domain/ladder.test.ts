import {
  bestHoldSeconds,
  describeCriterion,
  gapTo,
  isoWeekOf,
  ladderStatus,
  levelReachedOn,
  normalizeExercise,
  personalRecords,
  setMeets,
  weeklyVolume,
  type Level,
  type Session,
} from './ladder';

const hold = (exercise: string, holdSeconds: number, weightKg: number | null = null) => ({ exercise, reps: null, holdSeconds, weightKg });
const reps = (exercise: string, n: number, weightKg: number | null = null) => ({ exercise, reps: n, holdSeconds: null, weightKg });
const holdCriterion = (seconds: number, sets = 3) => ({ sets, reps: null, holdSeconds: seconds, weightKg: null });

const PLANCHE: Level[] = [
  { exercise: 'planche lean', criterion: holdCriterion(30) },
  { exercise: 'tuck planche', criterion: holdCriterion(10) },
  { exercise: 'advanced tuck planche', criterion: holdCriterion(10) },
  { exercise: 'straddle planche', criterion: holdCriterion(10) },
];

describe('setMeets', () => {
  it('needs every minimum the criterion sets', () => {
    expect(setMeets(hold('x', 10), holdCriterion(10))).toBe(true);
    expect(setMeets(hold('x', 9.9), holdCriterion(10))).toBe(false);
    expect(setMeets(reps('x', 12), holdCriterion(10))).toBe(false);
    const weighted = { sets: 1, reps: 5, holdSeconds: null, weightKg: 10 };
    expect(setMeets(reps('x', 5, 10), weighted)).toBe(true);
    expect(setMeets(reps('x', 5), weighted)).toBe(false);
    // Assistance is negative: "at most 10 kg of help" is a minimum of −10 kg.
    const assisted = { sets: 1, reps: 5, holdSeconds: null, weightKg: -10 };
    expect(setMeets(reps('x', 5, -5), assisted)).toBe(true);
    expect(setMeets(reps('x', 5, -15), assisted)).toBe(false);
    expect(setMeets(reps('x', 5), assisted)).toBe(true);
  });
});

describe('ladder levels', () => {
  const sessions: Session[] = [
    { date: '2021-03-01', sets: [hold('Planche Lean', 30), hold('planche lean', 31), hold('planche  lean', 35)] },
    { date: '2021-04-01', sets: [hold('tuck planche', 12), hold('tuck planche', 10), hold('tuck planche', 8)] },
    { date: '2021-04-08', sets: [hold('tuck planche', 12), hold('tuck planche', 10), hold('tuck planche', 10)] },
    { date: '2021-06-10', sets: [hold('advanced tuck planche', 8), hold('advanced tuck planche', 5), hold('tuck planche', 15)] },
  ];

  it('dates a level by the first session with enough qualifying sets', () => {
    expect(levelReachedOn(PLANCHE[0], sessions)).toBe('2021-03-01');
    expect(levelReachedOn(PLANCHE[1], sessions)).toBe('2021-04-08'); // 04-01 had only two sets of 10 s
    expect(levelReachedOn(PLANCHE[2], sessions)).toBeNull();
  });

  it('does not add qualifying sets across sessions', () => {
    const split: Session[] = [
      { date: '2021-01-01', sets: [hold('tuck planche', 10), hold('tuck planche', 10)] },
      { date: '2021-01-02', sets: [hold('tuck planche', 10)] },
    ];
    expect(levelReachedOn(PLANCHE[1], split)).toBeNull();
  });

  it('reports the highest level met, the next one and the gap over recent sessions', () => {
    const status = ladderStatus(PLANCHE, sessions, { today: '2021-06-15', recentDays: 28 });
    expect(status.reachedOn).toEqual(['2021-03-01', '2021-04-08', null, null]);
    expect(status.current).toBe(1);
    expect(status.next).toBe(2);
    expect(status.gap).toEqual({
      bestSessionSets: 0,
      bestReps: null,
      bestHoldSeconds: 8,
      bestWeightKg: 0,
      missingSets: 3,
      missingReps: null,
      missingHoldSeconds: 2,
      missingWeightKg: null,
      progress: (0.8 + 0.5 + 0) / 3,
    });
    // The next level's longest recent hold: advanced tuck planche, not the longer tuck planche of the same day.
    expect(status.bestHoldSeconds).toBe(8);
  });

  it('takes the highest level met even when a lower one was skipped, and has no next level at the top', () => {
    const skipped: Session[] = [
      { date: '2021-05-01', sets: [hold('straddle planche', 10), hold('straddle planche', 11), hold('straddle planche', 12)] },
    ];
    const status = ladderStatus(PLANCHE, skipped, { today: '2021-06-15', recentDays: 28 });
    // 2021-05-01 is outside the last 28 days: no recent hold of the top level.
    expect(status).toMatchObject({ current: 3, next: null, gap: null, bestHoldSeconds: null });
    const recent = [...skipped, { date: '2021-06-14', sets: [hold('Straddle  Planche', 13), hold('tuck planche', 20)] }];
    // At the top, the best recent hold is the current level's.
    expect(ladderStatus(PLANCHE, recent, { today: '2021-06-15', recentDays: 28 }).bestHoldSeconds).toBe(13);
  });

  it('starts at the first level with nothing met, and ignores sessions after today', () => {
    const future: Session[] = [
      { date: '2021-07-01', sets: [hold('planche lean', 40), hold('planche lean', 40), hold('planche lean', 40)] },
    ];
    const status = ladderStatus(PLANCHE, future, { today: '2021-06-15', recentDays: 28 });
    expect(status.current).toBeNull();
    expect(status.next).toBe(0);
    expect(status.gap).toMatchObject({ bestSessionSets: 0, missingSets: 3, missingHoldSeconds: 30, progress: 0 });
  });

  it('measures reps and weight gaps', () => {
    const level: Level = { exercise: 'weighted pull-up', criterion: { sets: 2, reps: 5, holdSeconds: null, weightKg: 20 } };
    const gap = gapTo(level, [{ date: '2021-06-01', sets: [reps('weighted pull-up', 6, 15), reps('weighted pull-up', 4, 20)] }]);
    expect(gap).toMatchObject({ bestSessionSets: 0, bestReps: 6, bestWeightKg: 20, missingReps: 0, missingWeightKg: 0, missingSets: 2 });
    expect(gap.progress).toBeCloseTo((0 + 0.8) / 2, 12);
  });
});

describe('bestHoldSeconds and describeCriterion', () => {
  it('takes the longest hold of one exercise, whatever the case and spacing of its name', () => {
    const sessions: Session[] = [
      { date: '2021-06-01', sets: [hold('Tuck Planche', 9), reps('tuck planche', 5), hold('planche lean', 40)] },
      { date: '2021-06-02', sets: [hold('tuck  planche', 11)] },
    ];
    expect(bestHoldSeconds('TUCK PLANCHE', sessions)).toBe(11);
    expect(bestHoldSeconds('straddle planche', sessions)).toBeNull();
    expect(bestHoldSeconds('pull-up', [{ date: '2021-06-01', sets: [reps('pull-up', 5)] }])).toBeNull();
  });

  it('puts a criterion in words, assistance included', () => {
    expect(describeCriterion(holdCriterion(10))).toBe('3 × 10 s holds');
    expect(describeCriterion({ sets: 1, reps: 5, holdSeconds: null, weightKg: 20 })).toBe('1 × 5 reps, +20 kg');
    expect(describeCriterion({ sets: 3, reps: 3, holdSeconds: null, weightKg: -10 })).toBe('3 × 3 reps, at most 10 kg assistance');
  });
});

describe('personal records and volume', () => {
  const sessions: Session[] = [
    { date: '2021-06-07', sets: [hold('tuck planche', 12), reps('pseudo planche push-up', 10, -5)] },
    { date: '2021-06-09', sets: [hold('tuck planche', 15), hold('tuck planche', 15), reps('pseudo planche push-up', 8, 0)] },
    { date: '2021-06-14', sets: [reps('pseudo planche push-up', 12)] },
  ];

  it('keeps the best hold, reps and weight per exercise with the first day each was set', () => {
    expect(personalRecords(sessions)).toEqual([
      {
        exercise: 'tuck planche',
        maxHoldSeconds: 15,
        maxHoldOn: '2021-06-09',
        maxReps: null,
        maxRepsOn: null,
        maxWeightKg: null,
        maxWeightOn: null,
        totalSets: 3,
      },
      {
        exercise: 'pseudo planche push-up',
        maxHoldSeconds: null,
        maxHoldOn: null,
        maxReps: 12,
        maxRepsOn: '2021-06-14',
        maxWeightKg: 0,
        maxWeightOn: '2021-06-09',
        totalSets: 3,
      },
    ]);
    expect(personalRecords(sessions, ['Tuck Planche', 'full planche']).map((p) => [p.exercise, p.totalSets])).toEqual([
      ['tuck planche', 3],
      ['full planche', 0],
    ]);
  });

  it('labels ISO weeks across a year boundary', () => {
    expect(isoWeekOf('2021-01-03')).toEqual({ week: '2020-W53', start: '2020-12-28' });
    expect(isoWeekOf('2021-01-04')).toEqual({ week: '2021-W01', start: '2021-01-04' });
    expect(isoWeekOf('2024-12-30')).toEqual({ week: '2025-W01', start: '2024-12-30' });
  });

  it('sums sets, reps and hold seconds per ISO week, empty weeks included', () => {
    const weeks = weeklyVolume(sessions, { today: '2021-06-15', weeks: 3 });
    expect(weeks).toEqual([
      { week: '2021-W22', weekStart: '2021-05-31', sessions: 0, sets: 0, reps: 0, holdSeconds: 0 },
      { week: '2021-W23', weekStart: '2021-06-07', sessions: 2, sets: 5, reps: 18, holdSeconds: 42 },
      { week: '2021-W24', weekStart: '2021-06-14', sessions: 1, sets: 1, reps: 12, holdSeconds: 0 },
    ]);
    const tuckOnly = weeklyVolume(sessions, { today: '2021-06-15', weeks: 2, exercises: ['tuck planche'] });
    expect(tuckOnly.map((w) => [w.sessions, w.sets, w.holdSeconds])).toEqual([
      [2, 3, 42],
      [0, 0, 0],
    ]);
  });

  it('normalises exercise names', () => {
    expect(normalizeExercise('  Tuck   Planche ')).toBe('tuck planche');
  });
});
