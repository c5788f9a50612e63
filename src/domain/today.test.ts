import { attentionReasons, rankByUrgency, type AttentionFacts } from './attention';
import { toDayNumber, weekdayOf } from './calendar';
import { type DayTotal, type HabitSpec, habitDays, toDaySeries } from './habit';
import { type IsoWeekday, habitTodayOf, habitVerdict, orderToday } from './today';

const yesNo = (times: number, perDays: number): HabitSpec => ({ times, perDays, numeric: false, target: null, targetType: 'AT_LEAST' });
const numeric = (target: number, targetType: 'AT_LEAST' | 'AT_MOST', perDays = 1): HabitSpec => ({
  times: 1,
  perDays,
  numeric: true,
  target,
  targetType,
});
const MONDAY = '2021-06-14';

/** What today asks of a habit started on `start` with `rows`, on `today` (and its pauses). */
function verdict(
  spec: HabitSpec,
  start: string,
  today: string,
  rows: DayTotal[],
  weekdays: number[] | null = null,
  paused: [string, string][] = [],
) {
  const series = toDaySeries(rows);
  const ranges = paused.map(([a, b]) => [toDayNumber(a), toDayNumber(b)] as const);
  const h = habitDays(spec, series, { startDay: toDayNumber(start), today: toDayNumber(today), paused: ranges });
  const t = habitTodayOf(spec, series, h, toDayNumber(today));
  const logged = rows
    .filter((r) => r.date === today)
    .reduce((a, r) => ({ count: a.count + r.count, sum: a.sum + r.sum }), { count: 0, sum: 0 });
  return habitVerdict(spec, t, logged, weekdayOf(today) as IsoWeekday, weekdays);
}
const log = (...dates: string[]): DayTotal[] => dates.map((date) => ({ date, count: 1, sum: 1 }));
const week = (n: number) => `2021-06-${String(14 + n).padStart(2, '0')}`; // Monday + n days

describe('what today asks of a habit', () => {
  it('a daily habit is due until it is logged, whether or not it was ever done', () => {
    expect(verdict(yesNo(1, 1), MONDAY, MONDAY, [])).toEqual({ due: true, done: false, remaining: 1 });
    expect(verdict(yesNo(1, 1), '2021-06-01', MONDAY, log('2021-06-02'))).toEqual({ due: true, done: false, remaining: 1 });
    expect(verdict(yesNo(1, 1), MONDAY, MONDAY, log(MONDAY))).toEqual({ due: false, done: true, remaining: 0 });
  });

  it('a 3-per-7 habit is due only once its window cannot be met without today', () => {
    const spec = yesNo(3, 7);
    // Started on a Monday, never logged: Mon–Thu leave enough days; Friday leaves two after it for three logs.
    for (const n of [0, 1, 2, 3]) expect(verdict(spec, MONDAY, week(n), []).due).toBe(false);
    for (const n of [4, 5, 6]) expect(verdict(spec, MONDAY, week(n), []).due).toBe(true);
    // Logged Monday and Tuesday: one more is needed by Sunday, so only Sunday is due.
    for (const n of [2, 3, 4, 5]) expect(verdict(spec, MONDAY, week(n), log(week(0), week(1))).due).toBe(false);
    expect(verdict(spec, MONDAY, week(6), log(week(0), week(1)))).toEqual({ due: true, done: false, remaining: 1 });
    // Three logs meet the window: done for the rest of it, without a log today.
    expect(verdict(spec, MONDAY, week(5), log(week(0), week(1), week(2)))).toEqual({ due: false, done: true, remaining: 0 });
    // The next window starts afresh on the next Monday.
    expect(verdict(spec, MONDAY, '2021-06-21', log(week(0), week(1), week(2))).due).toBe(false);
    expect(verdict(spec, MONDAY, '2021-06-25', log(week(0), week(1), week(2))).due).toBe(true);
  });

  it('counts windows in active days: a paused day takes no slot, and a paused today asks nothing', () => {
    const spec = yesNo(3, 7);
    // Paused Tuesday: the window runs Monday to the next Monday, so Friday still leaves three days after it.
    expect(verdict(spec, MONDAY, week(4), [], null, [[week(1), week(1)]]).due).toBe(false);
    expect(verdict(spec, MONDAY, week(5), [], null, [[week(1), week(1)]]).due).toBe(true);
    expect(verdict(yesNo(1, 1), MONDAY, week(1), [], null, [[week(1), week(1)]])).toEqual({ due: false, done: false, remaining: null });
    // Before the habit starts nothing is asked either.
    expect(verdict(yesNo(1, 1), week(3), week(1), [])).toEqual({ due: false, done: false, remaining: null });
  });

  it('with weekdays, a habit is due exactly on them until it is logged or its window is met', () => {
    const spec = yesNo(3, 7);
    const monWedFri = [1, 3, 5];
    const due = (n: number, rows: DayTotal[] = []) => verdict(spec, MONDAY, week(n), rows, monWedFri).due;
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => due(n))).toEqual([true, false, true, false, true, false, false]);
    expect(due(2, log(week(2)))).toBe(false);
    expect(verdict(spec, MONDAY, week(4), log(week(0), week(1), week(3)), monWedFri)).toEqual({ due: false, done: true, remaining: 0 });
    // A daily habit on weekdays only rests at the weekend.
    const workdays = [1, 2, 3, 4, 5];
    expect(verdict(yesNo(1, 1), MONDAY, week(5), [], workdays).due).toBe(false);
    expect(verdict(yesNo(1, 1), MONDAY, week(4), [], workdays).due).toBe(true);
  });

  it('a numeric habit is due until its window meets the target; a do-less habit is never due', () => {
    const amounts = (...rows: [string, number][]) => rows.map(([date, sum]) => ({ date, count: 1, sum }));
    expect(verdict(numeric(30, 'AT_LEAST'), MONDAY, MONDAY, amounts([MONDAY, 10]))).toEqual({ due: true, done: false, remaining: 20 });
    expect(verdict(numeric(0.3, 'AT_LEAST'), MONDAY, MONDAY, amounts([MONDAY, 0.1], [MONDAY, 0.2]))).toMatchObject({
      due: false,
      done: true,
    });
    expect(verdict(numeric(150, 'AT_LEAST', 7), MONDAY, week(2), amounts([week(0), 100], [week(1), 20]))).toEqual({
      due: true,
      done: false,
      remaining: 30,
    });
    expect(verdict(numeric(5, 'AT_MOST'), MONDAY, MONDAY, amounts([MONDAY, 2]))).toEqual({ due: false, done: true, remaining: 3 });
    expect(verdict(numeric(5, 'AT_MOST'), MONDAY, MONDAY, amounts([MONDAY, 7]))).toEqual({ due: false, done: false, remaining: 0 });
  });
});

describe('the DUE reason and the order of the day', () => {
  const facts = (over: Partial<AttentionFacts>): AttentionFacts => ({
    id: 1,
    today: MONDAY,
    dueDate: null,
    open: true,
    streak: null,
    pace: null,
    habitDue: false,
    ...over,
  });

  it('gives DUE to a due habit with no streak to lose, STREAK_AT_RISK when it has one', () => {
    expect(attentionReasons(facts({ habitDue: true, streak: { current: 0, todaySettled: false } }))).toEqual(['DUE']);
    expect(attentionReasons(facts({ habitDue: true, streak: { current: 4, todaySettled: false } }))).toEqual(['STREAK_AT_RISK']);
    expect(attentionReasons(facts({ habitDue: false, streak: { current: 0, todaySettled: false } }))).toEqual([]);
    expect(attentionReasons(facts({ habitDue: true, open: false }))).toEqual([]);
  });

  it('ranks DUE after a streak at risk and before a target behind pace; the rest follow, open before done', () => {
    const items = [
      { ...facts({ id: 1, pace: { onTrack: false, daysAhead: -3 } }), reasons: ['BEHIND_PACE' as const] },
      { ...facts({ id: 2, habitDue: true }), reasons: ['DUE' as const] },
      { ...facts({ id: 3, streak: { current: 2, todaySettled: false } }), reasons: ['STREAK_AT_RISK' as const] },
    ];
    const due = rankByUrgency(items);
    expect(due).toEqual([3, 2, 1]);
    const rest = [
      { id: 5, due: false, done: true },
      { id: 4, due: false, done: false },
      { id: 6, due: false, done: false },
    ];
    expect(orderToday([...rest, ...items.map((i) => ({ id: i.id, due: true, done: false }))], due)).toEqual([3, 2, 1, 4, 6, 5]);
  });
});
