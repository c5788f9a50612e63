import {
  addDays,
  compareDates,
  dateRange,
  dayBounds,
  daysBetween,
  fromDayNumber,
  isValidLocalDate,
  isValidTimeZone,
  localDateOf,
  monthOf,
  parseDayStart,
  toDayNumber,
  weekdayOf,
  yearOf,
} from './calendar';

const at = (iso: string) => new Date(iso);
const hoursOf = (b: { start: Date; end: Date }) => (b.end.getTime() - b.start.getTime()) / 3_600_000;
const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

describe('isValidLocalDate', () => {
  it.each(['2020-02-29', '2000-02-29', '2021-12-31', '0001-01-01'])('accepts %s', (s) => {
    expect(isValidLocalDate(s)).toBe(true);
  });
  it.each([
    '2021-02-29',
    '1900-02-29',
    '2021-1-5',
    '2021-01-5',
    '2021-13-01',
    '2021-04-31',
    '2021-00-10',
    '20210105',
    ' 2021-01-05',
    '2021-01-05T00:00',
    '',
  ])('rejects %j', (s) => {
    expect(isValidLocalDate(s)).toBe(false);
  });
});

describe('day numbers', () => {
  /** The same count from the platform's own proleptic Gregorian calendar. */
  const reference = (s: string) => {
    const t = new Date(0);
    t.setUTCFullYear(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
    return Math.round(t.getTime() / 86_400_000);
  };

  it('count days from 1970-01-01 as the platform calendar does, and back, over every day of 1890-2210', () => {
    const first = reference('1890-01-01');
    let mismatches = 0;
    for (let n = first; n <= reference('2210-12-31'); n++) {
      const date = fromDayNumber(n);
      if (toDayNumber(date) !== n || reference(date) !== n || !isValidLocalDate(date)) mismatches++;
    }
    expect(first).toBe(-29219);
    expect(mismatches).toBe(0);
  });

  it('agree with the platform calendar on days spread over years 0000-9999', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    for (let i = 0; i < 20_000; i++) {
      const n = reference('0000-01-01') + (next() % (reference('9999-12-31') - reference('0000-01-01') + 1));
      const date = fromDayNumber(n);
      expect([date, toDayNumber(date)]).toEqual([date, n]);
    }
  });

  it.each([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2000-02-29', 11016],
    ['2000-03-01', 11017],
    ['2400-02-29', 157113],
  ])('numbers %s as %i', (date, n) => {
    expect(toDayNumber(date)).toBe(n);
  });

  it('refuses days that do not exist', () => {
    for (const date of ['1900-02-29', '2100-02-29', '2023-02-29', '2023-06-31', '2023-00-01', '2023-13-01', '2023-01-00'])
      expect(() => toDayNumber(date)).toThrow(RangeError);
  });
});

describe('isValidTimeZone', () => {
  it.each(['Asia/Seoul', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Europe/Berlin'])('accepts %s', (tz) => {
    expect(isValidTimeZone(tz)).toBe(true);
  });
  it.each(['UTC+9', '+09:00', 'GMT+9', 'Mars/Olympus', '', 'local', ' Asia/Seoul'])('rejects %j', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });
});

describe('parseDayStart', () => {
  it('parses valid HH:MM', () => {
    expect(parseDayStart('00:00')).toEqual({ hour: 0, minute: 0 });
    expect(parseDayStart('04:30')).toEqual({ hour: 4, minute: 30 });
    expect(parseDayStart('23:59')).toEqual({ hour: 23, minute: 59 });
  });
  it.each(['24:00', '4:00', '04:60', '04:0', '0400', '04:00:00', 'ab:cd', ''])('rejects %j', (s) => {
    expect(parseDayStart(s)).toBeNull();
  });
});

describe('date arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2021-02-28', 1)).toBe('2021-03-01');
    expect(addDays('2020-12-31', 1)).toBe('2021-01-01');
    expect(addDays('2021-01-01', -1)).toBe('2020-12-31');
    expect(addDays('2021-03-01', -365)).toBe('2020-03-01');
  });
  it('counts days between dates, signed', () => {
    expect(daysBetween('2020-01-01', '2021-01-01')).toBe(366);
    expect(daysBetween('2021-01-01', '2022-01-01')).toBe(365);
    expect(daysBetween('2021-03-20', '2021-03-10')).toBe(-10);
    expect(daysBetween('2021-03-14', '2021-03-15')).toBe(1); // a DST date is still one day
    expect(daysBetween('2021-05-05', '2021-05-05')).toBe(0);
  });
  it('lists inclusive ranges, empty when reversed', () => {
    expect(dateRange('2020-02-27', '2020-03-01')).toEqual(['2020-02-27', '2020-02-28', '2020-02-29', '2020-03-01']);
    expect(dateRange('2021-02-27', '2021-03-01')).toEqual(['2021-02-27', '2021-02-28', '2021-03-01']);
    expect(dateRange('2021-01-01', '2021-01-01')).toEqual(['2021-01-01']);
    expect(dateRange('2021-01-02', '2021-01-01')).toEqual([]);
  });
  it('compares dates', () => {
    expect(compareDates('2021-01-01', '2021-01-02')).toBeLessThan(0);
    expect(compareDates('2021-01-02', '2021-01-01')).toBeGreaterThan(0);
    expect(compareDates('2021-01-01', '2021-01-01')).toBe(0);
    expect(['2021-03-01', '2020-12-31', '2021-01-15'].sort(compareDates)).toEqual(['2020-12-31', '2021-01-15', '2021-03-01']);
  });
  it('gives ISO weekday, month and year', () => {
    expect(weekdayOf('2021-03-01')).toBe(1); // Monday
    expect(weekdayOf('2021-03-07')).toBe(7); // Sunday
    expect(weekdayOf('2020-02-29')).toBe(6); // Saturday
    expect(monthOf('2021-12-31')).toBe(12);
    expect(monthOf('2021-01-01')).toBe(1);
    expect(yearOf('2020-02-29')).toBe(2020);
  });
  it('rejects malformed dates instead of guessing', () => {
    expect(() => addDays('2021-02-30', 1)).toThrow(RangeError);
    expect(() => daysBetween('2021-1-1', '2021-01-02')).toThrow(RangeError);
    expect(() => addDays('2021-01-01', 0.5)).toThrow(RangeError);
  });
});

describe('localDateOf', () => {
  it('crosses the year boundary in Asia/Seoul', () => {
    expect(localDateOf(at('2020-12-31T15:30:00Z'), 'Asia/Seoul', '00:00')).toBe('2021-01-01');
    expect(localDateOf(at('2020-12-31T14:59:59Z'), 'Asia/Seoul', '00:00')).toBe('2020-12-31');
    expect(localDateOf(at('2020-12-31T15:00:00Z'), 'Asia/Seoul', '00:00')).toBe('2021-01-01');
    // With a 04:00 day start, 00:30 on New Year's Day still belongs to New Year's Eve.
    expect(localDateOf(at('2020-12-31T15:30:00Z'), 'Asia/Seoul', '04:00')).toBe('2020-12-31');
  });

  it('applies a 04:00 day start: 03:59 is the previous day, 04:00 the same day', () => {
    expect(localDateOf(at('2021-05-09T18:59:00Z'), 'Asia/Seoul', '04:00')).toBe('2021-05-09'); // 03:59 KST 05-10
    expect(localDateOf(at('2021-05-09T19:00:00Z'), 'Asia/Seoul', '04:00')).toBe('2021-05-10'); // 04:00 KST 05-10
    expect(localDateOf(at('2021-05-10T03:59:59Z'), 'UTC', '04:00')).toBe('2021-05-09');
    expect(localDateOf(at('2021-05-10T04:00:00Z'), 'UTC', '04:00')).toBe('2021-05-10');
    expect(localDateOf(at('2021-05-10T02:30:00Z'), 'UTC', '04:00')).toBe('2021-05-09');
  });

  it('handles the half-hour offset of Asia/Kolkata', () => {
    expect(localDateOf(at('2021-01-01T18:29:00Z'), 'Asia/Kolkata', '00:00')).toBe('2021-01-01'); // 23:59 IST
    expect(localDateOf(at('2021-01-01T18:30:00Z'), 'Asia/Kolkata', '00:00')).toBe('2021-01-02'); // 00:00 IST
  });

  it('handles New York spring forward (2021-03-14, 02:00 EST → 03:00 EDT)', () => {
    expect(localDateOf(at('2021-03-14T04:59:59Z'), NY, '00:00')).toBe('2021-03-13');
    expect(localDateOf(at('2021-03-14T05:00:00Z'), NY, '00:00')).toBe('2021-03-14');
    // Just before / after the jump with a 04:00 day start: both are still the 13th.
    expect(localDateOf(at('2021-03-14T06:59:59Z'), NY, '04:00')).toBe('2021-03-13'); // 01:59:59 EST
    expect(localDateOf(at('2021-03-14T07:00:00Z'), NY, '04:00')).toBe('2021-03-13'); // 03:00 EDT
    expect(localDateOf(at('2021-03-14T08:00:00Z'), NY, '04:00')).toBe('2021-03-14'); // 04:00 EDT
  });

  it('starts the day at the jump when the day start (02:30) falls into the DST gap', () => {
    expect(localDateOf(at('2021-03-14T06:59:59Z'), NY, '02:30')).toBe('2021-03-13'); // 01:59:59 EST
    expect(localDateOf(at('2021-03-14T07:00:00Z'), NY, '02:30')).toBe('2021-03-14'); // 03:00 EDT
    expect(localDateOf(at('2021-03-14T07:15:00Z'), NY, '02:30')).toBe('2021-03-14'); // 03:15 EDT
  });

  it('handles New York fall back (2021-11-07, 01:00–02:00 happens twice)', () => {
    expect(localDateOf(at('2021-11-07T03:59:59Z'), NY, '00:00')).toBe('2021-11-06');
    expect(localDateOf(at('2021-11-07T04:00:00Z'), NY, '00:00')).toBe('2021-11-07');
    // A log at 01:30, in both passes of the repeated hour.
    expect(localDateOf(at('2021-11-07T05:30:00Z'), NY, '00:00')).toBe('2021-11-07'); // 01:30 EDT
    expect(localDateOf(at('2021-11-07T06:30:00Z'), NY, '00:00')).toBe('2021-11-07'); // 01:30 EST
    expect(localDateOf(at('2021-11-07T05:30:00Z'), NY, '04:00')).toBe('2021-11-06');
    expect(localDateOf(at('2021-11-07T06:30:00Z'), NY, '04:00')).toBe('2021-11-06');
    // Just before / after the switch.
    expect(localDateOf(at('2021-11-07T05:59:59Z'), NY, '01:30')).toBe('2021-11-07'); // 01:59:59 EDT
    expect(localDateOf(at('2021-11-07T06:00:00Z'), NY, '01:30')).toBe('2021-11-07'); // 01:00 EST
  });

  it('starts the day at the FIRST 01:30 when the day start is in the repeated hour', () => {
    expect(localDateOf(at('2021-11-07T05:29:59Z'), NY, '01:30')).toBe('2021-11-06'); // 01:29:59 EDT
    expect(localDateOf(at('2021-11-07T05:30:00Z'), NY, '01:30')).toBe('2021-11-07'); // first 01:30
    // 01:15 EST reads earlier than 01:30 but comes after the day began: no falling back a day.
    expect(localDateOf(at('2021-11-07T06:15:00Z'), NY, '01:30')).toBe('2021-11-07');
  });

  it('handles Europe/Berlin DST changes', () => {
    expect(localDateOf(at('2021-03-27T22:59:59Z'), BERLIN, '00:00')).toBe('2021-03-27');
    expect(localDateOf(at('2021-03-27T23:00:00Z'), BERLIN, '00:00')).toBe('2021-03-28');
    expect(localDateOf(at('2021-03-28T21:59:59Z'), BERLIN, '00:00')).toBe('2021-03-28'); // 23:59:59 CEST
    expect(localDateOf(at('2021-03-28T22:00:00Z'), BERLIN, '00:00')).toBe('2021-03-29');
    expect(localDateOf(at('2021-10-31T00:30:00Z'), BERLIN, '00:00')).toBe('2021-10-31'); // 02:30 CEST
    expect(localDateOf(at('2021-10-31T01:30:00Z'), BERLIN, '00:00')).toBe('2021-10-31'); // 02:30 CET
    expect(localDateOf(at('2021-10-31T22:59:59Z'), BERLIN, '00:00')).toBe('2021-10-31'); // 23:59:59 CET
    expect(localDateOf(at('2021-10-31T23:00:00Z'), BERLIN, '00:00')).toBe('2021-11-01');
  });

  it('rejects bad zones, day starts and instants', () => {
    expect(() => localDateOf(at('2021-01-01T00:00:00Z'), 'UTC+9', '00:00')).toThrow(RangeError);
    expect(() => localDateOf(at('2021-01-01T00:00:00Z'), 'UTC', '24:00')).toThrow(RangeError);
    expect(() => localDateOf(new Date(NaN), 'UTC', '00:00')).toThrow(RangeError);
  });
});

describe('dayBounds', () => {
  it('gives a 24-hour UTC day and a shifted day for a late day start', () => {
    expect(dayBounds('2021-05-10', 'UTC', '00:00')).toEqual({ start: at('2021-05-10T00:00:00Z'), end: at('2021-05-11T00:00:00Z') });
    expect(dayBounds('2021-05-10', 'Asia/Seoul', '04:00')).toEqual({ start: at('2021-05-09T19:00:00Z'), end: at('2021-05-10T19:00:00Z') });
    expect(dayBounds('2021-01-02', 'Asia/Kolkata', '00:00').start).toEqual(at('2021-01-01T18:30:00Z'));
  });

  it('gives a 23-hour day on New York spring forward', () => {
    const b = dayBounds('2021-03-14', NY, '00:00');
    expect(b).toEqual({ start: at('2021-03-14T05:00:00Z'), end: at('2021-03-15T04:00:00Z') });
    expect(hoursOf(b)).toBe(23);
  });

  it('gives a 25-hour day on New York fall back', () => {
    const b = dayBounds('2021-11-07', NY, '00:00');
    expect(b).toEqual({ start: at('2021-11-07T04:00:00Z'), end: at('2021-11-08T05:00:00Z') });
    expect(hoursOf(b)).toBe(25);
    expect(hoursOf(dayBounds('2021-11-06', NY, '00:00'))).toBe(24);
  });

  it('starts a day whose start falls into the gap at the jump, not 30 minutes later', () => {
    expect(dayBounds('2021-03-14', NY, '02:30')).toEqual({ start: at('2021-03-14T07:00:00Z'), end: at('2021-03-15T06:30:00Z') });
    expect(dayBounds('2021-03-13', NY, '02:30').end).toEqual(at('2021-03-14T07:00:00Z'));
    expect(dayBounds('2021-03-28', BERLIN, '02:30').start).toEqual(at('2021-03-28T01:00:00Z'));
  });

  it('starts a day whose start is in the repeated hour at its first occurrence', () => {
    expect(dayBounds('2021-11-07', NY, '01:30').start).toEqual(at('2021-11-07T05:30:00Z'));
    expect(hoursOf(dayBounds('2021-11-07', NY, '01:30'))).toBe(25);
    expect(hoursOf(dayBounds('2021-11-06', NY, '01:30'))).toBe(24);
  });

  it('gives 23- and 25-hour days in Europe/Berlin', () => {
    expect(dayBounds('2021-03-28', BERLIN, '00:00')).toEqual({ start: at('2021-03-27T23:00:00Z'), end: at('2021-03-28T22:00:00Z') });
    expect(dayBounds('2021-10-31', BERLIN, '00:00')).toEqual({ start: at('2021-10-30T22:00:00Z'), end: at('2021-10-31T23:00:00Z') });
    expect(hoursOf(dayBounds('2021-03-28', BERLIN, '04:00'))).toBe(24); // both ends in summer time
    expect(hoursOf(dayBounds('2021-03-27', BERLIN, '04:00'))).toBe(23);
  });

  it('is empty for a date a zone skipped entirely (Samoa, 2011-12-30)', () => {
    const b = dayBounds('2011-12-30', 'Pacific/Apia', '00:00');
    expect(b.start).toEqual(at('2011-12-30T10:00:00Z'));
    expect(b.end).toEqual(b.start);
    expect(localDateOf(at('2011-12-30T10:00:00Z'), 'Pacific/Apia', '00:00')).toBe('2011-12-31');
    expect(localDateOf(at('2011-12-30T09:59:59Z'), 'Pacific/Apia', '00:00')).toBe('2011-12-29');
  });

  it('never moves back a day when clocks fall back across midnight (Antarctica/Casey, 2010-03-05)', () => {
    // 02:00 +11 on 03-05 became 23:00 +08 on 03-04: the wall date goes backwards for 3 hours.
    const casey = 'Antarctica/Casey';
    expect(dayBounds('2010-03-05', casey, '00:00')).toEqual({ start: at('2010-03-04T13:00:00Z'), end: at('2010-03-05T16:00:00Z') });
    expect(localDateOf(at('2010-03-04T14:59:59Z'), casey, '00:00')).toBe('2010-03-05'); // 01:59:59 +11
    expect(localDateOf(at('2010-03-04T15:30:00Z'), casey, '00:00')).toBe('2010-03-05'); // 23:30 +08 on 03-04
    expect(localDateOf(at('2010-03-04T12:59:59Z'), casey, '00:00')).toBe('2010-03-04');
  });

  it('always agrees with localDateOf around DST changes', () => {
    const cases: [string, string][] = [
      [NY, '2021-03-14T00:00:00Z'],
      [NY, '2021-11-07T00:00:00Z'],
      [BERLIN, '2021-03-27T18:00:00Z'],
      [BERLIN, '2021-10-30T18:00:00Z'],
      ['Asia/Kolkata', '2021-01-01T12:00:00Z'],
      ['Antarctica/Casey', '2010-03-03T12:00:00Z'],
    ];
    for (const [tz, from] of cases) {
      for (const dayStart of ['00:00', '01:30', '02:30', '23:59']) {
        for (let i = 0; i < 48 * 2; i++) {
          const instant = new Date(at(from).getTime() + i * 30 * 60_000);
          const date = localDateOf(instant, tz, dayStart);
          const { start, end } = dayBounds(date, tz, dayStart);
          expect(start.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(end.getTime()).toBeGreaterThan(instant.getTime());
        }
      }
    }
  });
});
