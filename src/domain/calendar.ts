/**
 * Calendar maths for hoego: user-local calendar days, day boundaries in IANA time zones and plain
 * date arithmetic on 'YYYY-MM-DD' strings.
 *
 * Every zone conversion goes through Luxon; nothing here adds or subtracts UTC offsets by hand,
 * because offsets change (DST, political changes) and only the tz database knows when.
 *
 * A user's day may start later than midnight (`dayStartsAt`, e.g. '04:00' for night owls): the
 * local day D then runs from the wall-clock time D + dayStartsAt up to (D+1) + dayStartsAt.
 */
import { DateTime, IANAZone } from 'luxon';

/** A calendar date without time or zone, always formatted 'YYYY-MM-DD'. */
export type LocalDate = string;

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_START_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * True when `s` is exactly 'YYYY-MM-DD' and names a real calendar date
 * ('2020-02-29' is valid, '2021-02-29' and '2021-1-5' are not).
 */
export function isValidLocalDate(s: string): boolean {
  return typeof s === 'string' && epochDayOrNull(s) !== null;
}

const MS_PER_DAY = 86_400_000;

/**
 * The calendar hoego accepts: a person's goals and logs live between these days. Bounding it keeps dates
 * four-digit and keeps day-by-day analytics over a goal's life to a few tens of thousands of days.
 */
export const MIN_SUPPORTED_DATE: LocalDate = '1900-01-01';
export const MAX_SUPPORTED_DATE: LocalDate = '2199-12-31';

/** True for a valid LocalDate within MIN_SUPPORTED_DATE..MAX_SUPPORTED_DATE. */
export function isSupportedDate(s: string): boolean {
  return isValidLocalDate(s) && s >= MIN_SUPPORTED_DATE && s <= MAX_SUPPORTED_DATE;
}

/**
 * Days since 1970-01-01 of a valid LocalDate, else null. Plain calendar arithmetic on the proleptic Gregorian
 * calendar with no zone involved, in integers: it runs for every date a response carries and in streak and score
 * loops over years of days, where a Date or a Luxon DateTime per call would cost more than the rest.
 */
function epochDayOrNull(s: string): number | null {
  const m = LOCAL_DATE_RE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

/**
 * Days since 1970-01-01 of a valid year, month and day: whole 400-year cycles (146,097 days each) of years that
 * start in March, so that a leap day falls at the end of its year.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * The day number of a LocalDate: days since 1970-01-01 (negative before). Analytics work on day numbers, which
 * compare and step as plain integers; throws RangeError when malformed.
 */
export function toDayNumber(date: LocalDate): number {
  const n = epochDayOrNull(date);
  if (n === null) throw new RangeError(`Invalid local date: ${JSON.stringify(date)}`);
  return n;
}

const epochDay = toDayNumber;

/** The LocalDate of a day number (see {@link toDayNumber}). */
export function fromDayNumber(n: number): LocalDate {
  return fromEpochDay(n);
}

function fromEpochDay(n: number): LocalDate {
  const t = new Date(n * MS_PER_DAY);
  const pad = (v: number, width: number) => String(v).padStart(width, '0');
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1, 2)}-${pad(t.getUTCDate(), 2)}`;
}

/**
 * Zones already found valid. Luxon checks a zone by building an Intl.DateTimeFormat, which costs more than the
 * rest of a local-date computation; the set holds only real IANA names, so it stays a few hundred entries at most.
 */
const VALID_ZONES = new Set<string>();

/**
 * True when `tz` is an IANA zone name the tz database knows ('Asia/Seoul', 'UTC',
 * 'America/New_York'). Luxon's own zone parser would also accept fixed-offset strings such as
 * 'UTC+9'; those are rejected on purpose because they silently ignore DST.
 */
export function isValidTimeZone(tz: string): boolean {
  if (VALID_ZONES.has(tz)) return true;
  const valid = typeof tz === 'string' && tz.trim() === tz && IANAZone.isValidZone(tz);
  if (valid) VALID_ZONES.add(tz);
  return valid;
}

/** Parses a day start 'HH:MM' (00:00–23:59, two digits each); null for anything else. */
export function parseDayStart(hhmm: string): { hour: number; minute: number } | null {
  const m = DAY_START_RE.exec(hhmm);
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}

/** Parses a LocalDate into a UTC-midnight DateTime; throws RangeError when malformed. */
function toDateTime(date: LocalDate): DateTime {
  if (!isValidLocalDate(date)) throw new RangeError(`Invalid local date: ${JSON.stringify(date)}`);
  // Plain date arithmetic happens in UTC, where every day has exactly 24 hours.
  return DateTime.fromISO(date, { zone: 'utc' });
}

function fromDateTime(dt: DateTime): LocalDate {
  return dt.toFormat('yyyy-MM-dd');
}

function requireZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Invalid time zone: ${JSON.stringify(timeZone)}`);
}

function requireDayStart(dayStartsAt: string): { hour: number; minute: number } {
  const parsed = parseDayStart(dayStartsAt);
  if (!parsed) throw new RangeError(`Invalid day start: ${JSON.stringify(dayStartsAt)}`);
  return parsed;
}

/** Sortable key of a wall-clock reading, used to compare local times without offsets. */
function wallKey(dt: DateTime): string {
  return dt.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");
}

/**
 * The first instant at which the local clock in `timeZone` shows `date` + hour:minute or later.
 *
 * - Normal case: the unique instant with that wall-clock reading.
 * - Repeated hour (fall back): the wall time occurs twice; the day starts at the FIRST
 *   occurrence, so the day begins as soon as the clock first reads the day start.
 * - Skipped hour (spring forward): the wall time never occurs; the day starts at the instant the
 *   clock jumps past it (e.g. 02:30 on 2021-03-14 in New York → 03:00 EDT = 07:00Z), so the
 *   previous day ends exactly when its last existing minute does. Luxon would instead shift the
 *   time forward by the gap length (03:30 EDT), which would leave 03:00–03:29 belonging to a day
 *   that "started" later; we search for the jump instead.
 */
function wallClockStart(date: LocalDate, hour: number, minute: number, timeZone: string): DateTime {
  const d = toDateTime(date);
  const wanted = { year: d.year, month: d.month, day: d.day, hour, minute };
  const dt = DateTime.fromObject(wanted, { zone: timeZone });
  const target = wallKey(DateTime.fromObject(wanted, { zone: 'utc' }));
  if (wallKey(dt) === target) {
    // Ambiguous wall times have two instants; Luxon picks the later one, we want the earliest.
    const all = [dt, ...dt.getPossibleOffsets()];
    return all.reduce((a, b) => (b.toMillis() < a.toMillis() ? b : a));
  }
  // Gap: Luxon resolved the wall time with the pre-transition offset, so `dt` lies after the
  // jump, and the jump itself lies at most one gap length (≤ 24 h in the tz database) earlier.
  // Binary search for the first millisecond whose wall clock reaches the target.
  let lo = dt.toMillis() - 25 * 3600 * 1000; // wall clock still before the target here
  let hi = dt.toMillis(); // wall clock already past the target here
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallKey(DateTime.fromMillis(mid, { zone: timeZone })) >= target) hi = mid;
    else lo = mid;
  }
  return DateTime.fromMillis(hi, { zone: timeZone });
}

/**
 * The first instant at which the wall clock in `timeZone` reads `date` at `hhmm` or later: the instant itself
 * when it exists, its first occurrence in a repeated hour, and the end of the gap (the next valid minute) when
 * the clock skips it. See {@link wallClockStart}.
 */
export function wallClockInstant(date: LocalDate, hhmm: string, timeZone: string): Date {
  requireZone(timeZone);
  const { hour, minute } = requireDayStart(hhmm);
  return wallClockStart(date, hour, minute, timeZone).toJSDate();
}

/**
 * The instants where the user's local day `date` begins (inclusive) and ends (exclusive), given
 * their zone and day start. Days are 23 or 25 hours long across DST changes (and can even be
 * empty when a zone skips a whole date, as Pacific/Apia did on 2011-12-30). See
 * {@link wallClockStart} for how repeated and skipped wall times are resolved.
 */
export function dayBounds(date: LocalDate, timeZone: string, dayStartsAt: string): { start: Date; end: Date } {
  requireZone(timeZone);
  const { hour, minute } = requireDayStart(dayStartsAt);
  return {
    start: wallClockStart(date, hour, minute, timeZone).toJSDate(),
    end: wallClockStart(addDays(date, 1), hour, minute, timeZone).toJSDate(),
  };
}

/**
 * The user's calendar day containing `instant`: the latest date D whose day start
 * (D + dayStartsAt on the local wall clock, see {@link dayBounds}) is at or before the instant.
 * So 02:30 local with dayStartsAt '04:00' belongs to the previous date, 04:00 to the same date.
 *
 * Defined through the same day starts as dayBounds so that the two always agree:
 * `localDateOf(i) === d` exactly when `dayBounds(d).start <= i < dayBounds(d).end`. During a
 * repeated hour the wall clock runs backwards, which is why we compare instants, not wall times.
 */
export function localDateOf(instant: Date, timeZone: string, dayStartsAt: string): LocalDate {
  requireZone(timeZone);
  const { hour, minute } = requireDayStart(dayStartsAt);
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid instant');
  const ms = instant.getTime();
  const wallDate = fromDateTime(DateTime.fromMillis(ms, { zone: timeZone }));
  // The answer is the wall date or the day before it. The day after is checked for zones whose
  // clocks fell back across midnight (Antarctica/Casey on 2010-03-05: 02:00 +11 → 23:00 +08 the
  // evening before), where an instant after the new day began still shows the old date.
  for (const candidate of [addDays(wallDate, 1), wallDate]) {
    if (wallClockStart(candidate, hour, minute, timeZone).toMillis() <= ms) return candidate;
  }
  return addDays(wallDate, -1);
}

/** `date` shifted by `n` calendar days (n may be negative). */
export function addDays(date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs an integer, got ${n}`);
  return fromEpochDay(epochDay(date) + n);
}

/** Whole days from `from` to `to` (to − from); negative when `to` is earlier. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return epochDay(to) - epochDay(from);
}

/** Every date from `from` to `to`, both included; empty when `to` is before `from`. */
export function dateRange(from: LocalDate, to: LocalDate): LocalDate[] {
  const last = epochDay(to);
  const out: LocalDate[] = [];
  for (let d = epochDay(from); d <= last; d++) out.push(fromEpochDay(d));
  return out;
}

/** Sort comparator: negative when a < b, 0 when equal, positive when a > b. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return Math.sign(daysBetween(b, a));
}

/** ISO weekday of `date`: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((epochDay(date) + 3) % 7) + 7) % 7) + 1;
}

/** Month of `date`, 1–12. */
export function monthOf(date: LocalDate): number {
  epochDay(date);
  return Number(date.slice(5, 7));
}

/** Year of `date`. */
export function yearOf(date: LocalDate): number {
  epochDay(date);
  return Number(date.slice(0, 4));
}
