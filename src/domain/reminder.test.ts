import { CATCH_UP_MS, fireInstantOn, nextFireAfter, planFire, type FireRule } from './reminder';

const ms = (iso: string) => Date.parse(iso);
const iso = (n: number | null) => (n === null ? null : new Date(n).toISOString());
const seoul: FireRule = { at: '21:00', weekdays: null, timeZone: 'Asia/Seoul', dayStartsAt: '00:00' };
const newYork = (at: string): FireRule => ({ at, weekdays: null, timeZone: 'America/New_York', dayStartsAt: '00:00' });

describe('nextFireAfter', () => {
  it('is the next wall-clock time in the zone, strictly after the instant', () => {
    expect(iso(nextFireAfter(ms('2021-06-15T11:59:59Z'), seoul))).toBe('2021-06-15T12:00:00.000Z');
    expect(iso(nextFireAfter(ms('2021-06-15T12:00:00Z'), seoul))).toBe('2021-06-16T12:00:00.000Z');
  });

  it('keeps to the chosen weekdays of the owner', () => {
    // 2021-06-15 is a Tuesday; the next Friday (5) is 2021-06-18.
    expect(iso(nextFireAfter(ms('2021-06-15T00:00:00Z'), { ...seoul, weekdays: [5] }))).toBe('2021-06-18T12:00:00.000Z');
  });

  it('moves a time the clock skips to the next valid minute, and fires a repeated time at its first occurrence', () => {
    expect(iso(nextFireAfter(ms('2021-03-14T00:00:00Z'), newYork('02:30')))).toBe('2021-03-14T07:00:00.000Z');
    expect(iso(nextFireAfter(ms('2021-11-07T00:00:00Z'), newYork('01:30')))).toBe('2021-11-07T05:30:00.000Z');
    // After the first occurrence the next fire is the next day's, not the repeat an hour later.
    expect(iso(nextFireAfter(ms('2021-11-07T05:30:00Z'), newYork('01:30')))).toBe('2021-11-08T06:30:00.000Z');
  });

  it("counts a time before the day start as part of the owner's day that began the evening before", () => {
    const rule: FireRule = { at: '01:00', weekdays: [1], timeZone: 'Asia/Seoul', dayStartsAt: '04:00' };
    // Monday 2021-06-14's 01:00 is on the calendar date 2021-06-15 (16:00Z on the 14th).
    expect(iso(fireInstantOn('2021-06-14', rule))).toBe('2021-06-14T16:00:00.000Z');
    expect(iso(nextFireAfter(ms('2021-06-10T00:00:00Z'), rule))).toBe('2021-06-14T16:00:00.000Z');
  });
});

describe('planFire', () => {
  const due = ms('2021-06-15T12:00:00Z');

  it('fires on time, and late (marked) when the fire is missed by less than an hour', () => {
    expect(planFire(due, due, seoul)).toEqual({ firesFor: due, late: false, skipped: 0, nextAt: ms('2021-06-16T12:00:00Z') });
    expect(planFire(due, due + 30 * 60_000, seoul)).toMatchObject({ firesFor: due, late: true, skipped: 0 });
    expect(planFire(due, due + CATCH_UP_MS, seoul)).toMatchObject({ firesFor: due, late: true });
  });

  it('skips fires older than an hour, counting them once, and fires a later one still within the hour', () => {
    expect(planFire(due, due + CATCH_UP_MS + 1, seoul)).toEqual({
      firesFor: null,
      late: false,
      skipped: 1,
      nextAt: ms('2021-06-16T12:00:00Z'),
    });
    const threeDaysOn = ms('2021-06-18T12:10:00Z');
    expect(planFire(due, threeDaysOn, seoul)).toEqual({
      firesFor: ms('2021-06-18T12:00:00Z'),
      late: true,
      skipped: 1,
      nextAt: ms('2021-06-19T12:00:00Z'),
    });
    // A year down costs no more than a day.
    expect(planFire(due, ms('2022-06-20T00:00:00Z'), seoul)).toEqual({
      firesFor: null,
      late: false,
      skipped: 1,
      nextAt: ms('2022-06-20T12:00:00Z'),
    });
  });
});
