import { type LocalDate, addDays, dateRange } from './calendar';
import {
  type DayTotal,
  type HabitSpec,
  type TargetType,
  assertValidSpec,
  computeStreak,
  currentScore,
  scoreHistory,
  scoreMultiplier,
  successHistory,
} from './habit';

const TODAY = '2021-06-30';
const ago = (n: number): LocalDate => addDays(TODAY, -n);
const E = 1e-6;

const yesNo = (times: number, perDays: number): HabitSpec => ({ times, perDays, numeric: false, target: null, targetType: 'AT_LEAST' });
const DAILY = yesNo(1, 1);
const numeric = (target: number, targetType: TargetType, perDays = 1): HabitSpec => ({
  times: 1,
  perDays,
  numeric: true,
  target,
  targetType,
});
/** One log on each given date. */
const logs = (...dates: LocalDate[]): DayTotal[] => dates.map((date) => ({ date, count: 1, sum: 1 }));
/** Numeric logs: [date, amount]. */
const amounts = (...rows: [LocalDate, number][]): DayTotal[] => rows.map(([date, sum]) => ({ date, count: 1, sum }));
const agoRange = (from: number, to: number): LocalDate[] => dateRange(ago(to - 1), ago(from)); // Loop's [from, to)

/** Expected computeStreak result. */
const run = (current: number, longest: number, longestStart: LocalDate | null = null, longestEnd: LocalDate | null = null) => ({
  current,
  longest,
  longestStart,
  longestEnd,
});

/** Scores from today backwards, like Loop's checkScoreValues. */
function scoresBack(spec: HabitSpec, days: DayTotal[], startDate: LocalDate, count: number, paused?: ReadonlySet<LocalDate>) {
  const history = scoreHistory(spec, days, { from: ago(count - 1), to: TODAY, startDate, paused });
  return history.map((h) => h.score).reverse();
}
function expectNear(actual: number, expected: number, tolerance = E) {
  if (!(Math.abs(actual - expected) <= tolerance)) throw new Error(`got ${actual}, expected ${expected} ± ${tolerance}`);
}
function expectClose(actual: number[], expected: number[], tolerance = E) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expectNear(v, expected[i], tolerance));
}

// Loop Habit Tracker's published vectors (ScoreListTest), newest first.
const LOOP_20_DAYS = [
  0.655747, 0.636894, 0.617008, 0.596033, 0.57391, 0.550574, 0.525961, 0.5, 0.472617, 0.443734, 0.41327, 0.381137, 0.347244, 0.311495,
  0.273788, 0.234017, 0.192067, 0.14782, 0.101149, 0.051922, 0, 0, 0,
];

describe('scoreHistory — Loop Habit Tracker vectors', () => {
  it('daily habit logged on each of the last 20 days', () => {
    const days = logs(...agoRange(0, 20));
    expectClose(scoresBack(DAILY, days, ago(19), 23), LOOP_20_DAYS);
    expectNear(currentScore(DAILY, days, { today: TODAY, startDate: ago(19) }), 0.655747);
    // An earlier startDate changes nothing for a habit whose score starts at 0.
    expectClose(scoresBack(DAILY, days, ago(40), 23), LOOP_20_DAYS);
  });

  it('pauses freeze the score and ignore logs made while paused (Loop skips)', () => {
    const days = logs(...agoRange(0, 20));
    const paused = new Set([ago(5), ago(10), ago(11)]);
    const expected = [
      0.596033, 0.57391, 0.550574, 0.525961, 0.5, 0.472617, 0.472617, 0.443734, 0.41327, 0.381137, 0.347244, 0.347244, 0.347244, 0.311495,
      0.273788, 0.234017, 0.192067, 0.14782, 0.101149, 0.051922, 0, 0, 0,
    ];
    expectClose(scoresBack(DAILY, days, ago(19), 23, paused), expected);
  });

  it('a pause after a single log freezes, then missed days decay the score', () => {
    const expected = [0.041949, 0.044247, 0.04667, 0.049226, 0.051922, 0.051922, 0];
    expectClose(scoresBack(DAILY, logs(ago(5)), ago(5), 7, new Set([ago(4)])), expected);
  });

  it('non-daily habit with pauses: windows skip paused days', () => {
    const days = logs(...agoRange(0, 18).filter((d) => ![ago(10), ago(11), ago(12)].includes(d)));
    const expected = [
      0.365222, 0.3331, 0.299354, 0.263899, 0.226651, 0.191734, 0.159268, 0.129375, 0.102187, 0.077839, 0.056477, 0.056477, 0.056477,
      0.056477, 0.038251, 0.023319, 0.011848, 0.004014, 0, 0, 0,
    ];
    expectClose(scoresBack(yesNo(6, 7), days, ago(17), 21, new Set([ago(10), ago(11), ago(12)])), expected);
  });

  it('3-per-7 done on 2 days of every week converges to 2/3, and to 1/2 judged as 4-per-7', () => {
    const dates = Array.from({ length: 100 }, (_, k) => [ago(7 * k), ago(7 * k + 1)]).flat();
    const start = ago(7 * 99 + 1);
    const recent = (spec: HabitSpec) =>
      scoreHistory(spec, logs(...dates), { from: ago(59), to: TODAY, startDate: start }).map((s) => s.score);
    expectNear(currentScore(yesNo(3, 7), logs(...dates), { today: TODAY, startDate: start }), 2 / 3);
    recent(yesNo(3, 7)).forEach((s) => expectNear(s, 2 / 3, 1e-3));
    expectNear(currentScore(yesNo(4, 7), logs(...dates), { today: TODAY, startDate: start }), 0.5);
    recent(yesNo(4, 7)).forEach((s) => expectNear(s, 0.5, 1e-3));
  });

  it('weekly habit done on varying weekdays still converges to 1 (doubled window)', () => {
    const dates = Array.from({ length: 100 }, (_, k) => [ago(14 * k), ago(14 * k + 13)]).flat();
    const score = currentScore(yesNo(1, 7), logs(...dates), { today: TODAY, startDate: ago(14 * 99 + 13) });
    expectNear(score, 1, 1e-3);
  });

  it('two logs: daily vs 1-per-2 (doubling f<1 habits)', () => {
    const days = logs(ago(1), TODAY);
    expectNear(currentScore(DAILY, days, { today: TODAY, startDate: ago(1) }), 0.101149);
    expectNear(currentScore(yesNo(1, 2), days, { today: TODAY, startDate: ago(1) }), 0.054816);
  });

  it('numeric AT_LEAST (target 2)', () => {
    const days = amounts(...agoRange(0, 20).map((d): [LocalDate, number] => [d, 2]));
    expectClose(scoresBack(numeric(2, 'AT_LEAST'), days, ago(19), 23), LOOP_20_DAYS);
    const two = amounts([ago(1), 2], [TODAY, 2]);
    expectNear(currentScore(numeric(2, 'AT_LEAST', 2), two, { today: TODAY, startDate: ago(1) }), 0.072631);
    const half = amounts(...agoRange(0, 500).map((d): [LocalDate, number] => [d, 1]));
    expectNear(currentScore(numeric(2, 'AT_LEAST'), half, { today: TODAY, startDate: ago(499) }), 0.5);
    const huge = amounts([TODAY, 10_000]);
    expectNear(currentScore(numeric(2, 'AT_LEAST'), huge, { today: TODAY, startDate: TODAY }), 0.051922);
  });

  it('numeric AT_MOST (target 2) starts at 1', () => {
    const days = amounts([ago(20), 1], ...agoRange(0, 20).map((d): [LocalDate, number] => [d, 5]));
    const expected = [
      0.344253, 0.363106, 0.382992, 0.403967, 0.42609, 0.449426, 0.474039, 0.5, 0.527383, 0.556266, 0.58673, 0.618863, 0.652756, 0.688505,
      0.726212, 0.765983, 0.807933, 0.85218, 0.898851, 0.948078, 1, 0, 0,
    ];
    expectClose(scoresBack(numeric(2, 'AT_MOST'), days, ago(20), 23), expected);
    const two = amounts([ago(1), 5], [TODAY, 5]);
    expectNear(currentScore(numeric(2, 'AT_MOST'), two, { today: TODAY, startDate: ago(1) }), 0.89885);
    expectNear(currentScore(numeric(2, 'AT_MOST', 2), two, { today: TODAY, startDate: ago(1) }), 0.927369);
    const under = amounts([ago(1), 10_000]);
    expectNear(currentScore(numeric(2, 'AT_MOST'), under, { today: TODAY, startDate: ago(1) }), 0.950773);
    const over = amounts([ago(1), 0], [TODAY, 5]);
    expectNear(currentScore(numeric(2, 'AT_MOST'), over, { today: TODAY, startDate: ago(1) }), 0.948077);
    const half = amounts(...agoRange(0, 500).map((d): [LocalDate, number] => [d, 3]));
    expectNear(currentScore(numeric(2, 'AT_MOST'), half, { today: TODAY, startDate: ago(499) }), 0.5);
  });
});

describe('scoreHistory — range and start rules', () => {
  it('returns exactly from..to and 0 before the score starts', () => {
    const h = scoreHistory(DAILY, logs(ago(2)), { from: ago(4), to: ago(1), startDate: ago(2) });
    expect(h.map((x) => x.date)).toEqual([ago(4), ago(3), ago(2), ago(1)]);
    expect(h[0].score).toBe(0);
    expect(h[1].score).toBe(0);
    expect(h[2].score).toBeCloseTo(1 - scoreMultiplier(DAILY), 12);
    expect(h[3].score).toBeCloseTo((1 - scoreMultiplier(DAILY)) * scoreMultiplier(DAILY), 12);
  });

  it('starts at the first log when it precedes startDate, so later ranges see that history', () => {
    const early = scoreHistory(DAILY, logs(ago(10), ago(9)), { from: TODAY, to: TODAY, startDate: ago(5) });
    expect(early[0].score).toBeGreaterThan(0);
  });

  it('an AT_MOST habit without logs stays at 1 from startDate and is 0 before it', () => {
    const h = scoreHistory(numeric(5, 'AT_MOST', 7), [], { from: ago(3), to: TODAY, startDate: ago(1) });
    expectClose(
      h.map((x) => x.score),
      [0, 0, 1, 1],
      1e-12,
    );
  });

  it('a paused stretch leaves a steady score unchanged and does not dilute the window', () => {
    const dates = dateRange(ago(60), TODAY).filter((d) => d < ago(20) || d > ago(10));
    const paused = new Set(dateRange(ago(20), ago(10)));
    const h = scoreHistory(yesNo(3, 7), logs(...dates), { from: ago(22), to: TODAY, startDate: ago(60), paused });
    const frozen = h.find((x) => x.date === ago(21))!.score;
    for (const x of h.filter((x) => paused.has(x.date))) expect(x.score).toBe(frozen);
    expect(h[h.length - 1].score).toBeGreaterThan(frozen); // resumed perfectly, keeps rising
  });

  it('accepts unsorted input and merges duplicate rows', () => {
    const sorted = scoreHistory(DAILY, logs(ago(3), ago(2), ago(1)), { from: ago(3), to: TODAY, startDate: ago(3) });
    const messy = scoreHistory(DAILY, [...logs(ago(1), ago(3), ago(2)), { date: ago(1), count: 2, sum: 2 }], {
      from: ago(3),
      to: TODAY,
      startDate: ago(3),
    });
    expect(messy).toEqual(sorted);
  });
});

describe('computeStreak — daily yes/no', () => {
  const opts = { today: TODAY, startDate: ago(30) };

  it('counts consecutive days and keeps the most recent of equal longest runs', () => {
    const days = logs(ago(10), ago(9), ago(8), ago(5), ago(4), ago(3), ago(1), TODAY);
    expect(computeStreak(DAILY, days, opts)).toEqual(run(2, 3, ago(5), ago(3)));
  });

  it('keeps yesterday’s streak alive while today is not logged yet', () => {
    const days = logs(ago(3), ago(2), ago(1));
    expect(computeStreak(DAILY, days, opts).current).toBe(3);
    expect(computeStreak(DAILY, logs(ago(3), ago(2), ago(1), TODAY), opts).current).toBe(4);
  });

  it('drops to 0 once a whole day has failed', () => {
    expect(computeStreak(DAILY, logs(ago(4), ago(3), ago(2)), opts)).toEqual(run(0, 3, ago(4), ago(2)));
  });

  it('counts days logged before startDate (backfilled history) and ignores days after today', () => {
    const days = logs(ago(5), ago(4), ago(3), ago(2), ago(1), addDays(TODAY, 1));
    expect(computeStreak(DAILY, days, { today: TODAY, startDate: ago(2) })).toEqual(run(5, 5, ago(5), ago(1)));
    expect(computeStreak(DAILY, days, { today: TODAY, startDate: ago(9) })).toEqual(run(5, 5, ago(5), ago(1)));
    expect(computeStreak(DAILY, days, { today: ago(10), startDate: ago(2) }).longest).toBe(0);
  });

  it('a habit started today with twenty backfilled days has the streak its score counts', () => {
    const days = logs(...agoRange(1, 21));
    expect(computeStreak(DAILY, days, { today: TODAY, startDate: TODAY })).toEqual(run(20, 20, ago(20), ago(1)));
    expectNear(currentScore(DAILY, days, { today: ago(1), startDate: TODAY }), LOOP_20_DAYS[0]);
    expect(successHistory(DAILY, days, { today: TODAY, startDate: TODAY }).map((d) => d.date)).toEqual(dateRange(ago(20), TODAY));
  });

  it('bridges pauses inside the backfilled period, as after startDate', () => {
    const days = logs(ago(6), ago(5), ago(2), ago(1));
    const paused = new Set([ago(4), ago(3)]);
    expect(computeStreak(DAILY, days, { today: TODAY, startDate: TODAY, paused })).toEqual(run(4, 4, ago(6), ago(1)));
    expect(successHistory(DAILY, days, { today: TODAY, startDate: TODAY, paused }).map((d) => d.success)).toEqual([
      true,
      true,
      null,
      null,
      true,
      true,
      false,
    ]);
  });

  it('reports nulls when nothing succeeded', () => {
    expect(computeStreak(DAILY, [], opts)).toEqual(run(0, 0));
    expect(computeStreak(DAILY, [{ date: ago(1), count: 0, sum: 0 }], opts).longest).toBe(0);
  });

  it('bridges paused days without counting them', () => {
    const days = logs(ago(6), ago(5), ago(4), ago(1), TODAY);
    const paused = new Set([ago(3), ago(2)]);
    expect(computeStreak(DAILY, days, { ...opts, paused })).toEqual(run(5, 5, ago(6), TODAY));
    expect(computeStreak(DAILY, days, opts).current).toBe(2); // the same logs without the pause
  });

  it('a paused today keeps the streak and yesterday is a full day', () => {
    expect(computeStreak(DAILY, logs(ago(2), ago(1)), { ...opts, paused: new Set([TODAY]) }).current).toBe(2);
    expect(computeStreak(DAILY, logs(ago(3), ago(2)), { ...opts, paused: new Set([TODAY]) }).current).toBe(0);
  });
});

describe('computeStreak — 3 per 7 (documented example)', () => {
  const spec = yesNo(3, 7);
  const startDate = '2021-03-01';
  const monWedFri = logs('2021-03-01', '2021-03-03', '2021-03-05');
  const streak = (today: LocalDate, days = monWedFri) => computeStreak(spec, days, { today, startDate });

  it('covers Mon..Sun once three logs fall within 7 days', () => {
    expect(streak('2021-03-05')).toEqual(run(5, 5, '2021-03-01', '2021-03-05'));
    expect(streak('2021-03-07')).toEqual(run(7, 7, '2021-03-01', '2021-03-07'));
    expect(successHistory(spec, monWedFri, { today: '2021-03-08', startDate }).map((d) => d.success)).toEqual([
      ...Array<boolean>(7).fill(true),
      false,
    ]);
  });

  it('applies today’s grace, then breaks, then revives once the next group completes', () => {
    expect(streak('2021-03-08').current).toBe(7);
    expect(streak('2021-03-09')).toEqual(run(0, 7, '2021-03-01', '2021-03-07'));
    const withTue = [...monWedFri, ...logs('2021-03-09')];
    expect(streak('2021-03-09', withTue).current).toBe(9);
  });

  it('windows work the same over days logged before startDate', () => {
    expect(computeStreak(spec, monWedFri, { today: '2021-03-07', startDate: '2021-03-07' })).toEqual(run(7, 7, '2021-03-01', '2021-03-07'));
    expect(computeStreak(spec, monWedFri, { today: '2021-03-09', startDate: '2021-03-09' })).toEqual(run(0, 7, '2021-03-01', '2021-03-07'));
  });

  it('is 0 while only two logs exist, and when three logs span more than 7 days', () => {
    expect(streak('2021-03-04', logs('2021-03-01', '2021-03-03')).longest).toBe(0);
    expect(streak('2021-03-12', logs('2021-03-01', '2021-03-04', '2021-03-08')).longest).toBe(0);
    expect(streak('2021-03-12', logs('2021-03-01', '2021-03-04', '2021-03-07')).longest).toBe(7);
  });
});

describe('computeStreak — numeric', () => {
  it('AT_LEAST 30 a day: days meeting the target', () => {
    const spec = numeric(30, 'AT_LEAST');
    const days = amounts([ago(4), 30], [ago(3), 45], [ago(2), 29.5], [ago(1), 30], [TODAY, 10]);
    // today's 10 is not enough yet: grace keeps yesterday's streak of 1
    expect(computeStreak(spec, days, { today: TODAY, startDate: ago(10) })).toEqual(run(1, 2, ago(4), ago(3)));
  });

  it('AT_LEAST 20 per 7 days: the window ending each day must reach the target', () => {
    const spec = numeric(20, 'AT_LEAST', 7);
    const days = amounts([ago(9), 20], [ago(1), 10], [TODAY, 10]);
    // ago(9) .. ago(3) see the 20 in their window; ago(2) and ago(1) do not; today sees 10 + 10.
    expect(computeStreak(spec, days, { today: TODAY, startDate: ago(9) })).toEqual(run(1, 7, ago(9), ago(3)));
  });

  it('AT_MOST 5 per 7 days: unlogged days are restraint, over the limit breaks for a window', () => {
    const spec = numeric(5, 'AT_MOST', 7);
    const opts = { today: TODAY, startDate: ago(20) };
    expect(computeStreak(spec, [], opts).current).toBe(21);
    const days = amounts([ago(12), 3], [ago(10), 3]); // 6 > 5 from ago(10) through ago(6)
    expect(computeStreak(spec, days, opts)).toEqual(run(6, 10, ago(20), ago(11)));
  });

  it('AT_MOST: the tracked period starts at a log before startDate, and restraint counts from there', () => {
    const spec = numeric(2, 'AT_MOST');
    expect(computeStreak(spec, amounts([ago(5), 1]), { today: TODAY, startDate: ago(1) })).toEqual(run(6, 6, ago(5), TODAY));
    expect(computeStreak(spec, amounts([ago(5), 3]), { today: TODAY, startDate: ago(1) })).toEqual(run(5, 5, ago(4), TODAY));
  });

  it('AT_MOST: today counts while within the limit and is left out once over it', () => {
    const spec = numeric(2, 'AT_MOST');
    const opts = { today: TODAY, startDate: ago(3) };
    expect(computeStreak(spec, amounts([TODAY, 2]), opts).current).toBe(4);
    expect(computeStreak(spec, amounts([TODAY, 3]), opts).current).toBe(3);
    expect(computeStreak(spec, amounts([ago(1), 3]), opts).current).toBe(1);
  });

  it('compares decimal sums fairly (0.1 + 0.2 is exactly 0.3 to a user)', () => {
    const days = amounts([TODAY, 0.1], [TODAY, 0.2]);
    expect(computeStreak(numeric(0.3, 'AT_MOST'), days, { today: TODAY, startDate: TODAY }).current).toBe(1);
    expect(computeStreak(numeric(0.3, 'AT_LEAST'), days, { today: TODAY, startDate: TODAY }).current).toBe(1);
    expect(computeStreak(numeric(0.29, 'AT_MOST'), days, { today: TODAY, startDate: TODAY }).current).toBe(0);
  });

  it('AT_MOST: paused days bridge and logs on them are ignored', () => {
    const spec = numeric(0, 'AT_MOST');
    const paused = new Set([ago(2)]);
    const days = amounts([ago(2), 4]);
    expect(computeStreak(spec, days, { today: TODAY, startDate: ago(4), paused }).current).toBe(4);
    expect(computeStreak(spec, days, { today: TODAY, startDate: ago(4) }).current).toBe(2);
  });
});

describe('spec validation', () => {
  it.each([
    [{ ...DAILY, times: 0 }],
    [{ ...DAILY, perDays: 1.5 }],
    [yesNo(8, 7)],
    [{ ...numeric(1, 'AT_LEAST'), target: null }],
    [numeric(-1, 'AT_MOST')],
    [numeric(Number.NaN, 'AT_LEAST')],
  ])('rejects %j', (spec) => {
    expect(() => assertValidSpec(spec)).toThrow(RangeError);
    expect(() => computeStreak(spec, [], { today: TODAY, startDate: TODAY })).toThrow(RangeError);
  });

  it('accepts the documented examples', () => {
    expect(() => assertValidSpec(numeric(30, 'AT_LEAST'))).not.toThrow();
    expect(() => assertValidSpec(numeric(5, 'AT_MOST', 7))).not.toThrow();
    expect(() => assertValidSpec(yesNo(3, 7))).not.toThrow();
  });
});
