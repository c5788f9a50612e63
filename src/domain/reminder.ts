/**
 * When reminders and the daily check fire: a time of day on the owner's wall clock, on the owner's days (by zone
 * and day start), on some weekdays or every day. Pure: instants are epoch milliseconds.
 */
import { addDays, localDateOf, parseDayStart, wallClockInstant, weekdayOf, type LocalDate } from './calendar';

/** Missed fires at most this old are sent late, once; older ones are skipped. */
export const CATCH_UP_MS = 60 * 60 * 1000;

/** A fire sent more than this after its instant is marked late. */
export const LATE_AFTER_MS = 60 * 1000;

/** What decides the instants: the time, the weekdays (ISO, null: every day), the owner's zone and day start. */
export interface FireRule {
  at: string;
  weekdays: readonly number[] | null;
  timeZone: string;
  dayStartsAt: string;
}

function minutesOf(hhmm: string): number {
  const parsed = parseDayStart(hhmm);
  if (!parsed) throw new RangeError(`Invalid time of day: ${JSON.stringify(hhmm)}`);
  return parsed.hour * 60 + parsed.minute;
}

/**
 * The instant of the fire that belongs to the owner's day `day`. A time before the day start belongs to the
 * day that began the evening before (01:00 with days starting at 04:00 is on the next calendar date). A time the
 * clock skips (a DST gap) moves to the next valid minute; a time that occurs twice fires at its first occurrence.
 */
export function fireInstantOn(day: LocalDate, rule: FireRule): number {
  const wallDate = minutesOf(rule.at) < minutesOf(rule.dayStartsAt) ? addDays(day, 1) : day;
  return wallClockInstant(wallDate, rule.at, rule.timeZone).getTime();
}

/** The first fire strictly after `afterMs`. */
export function nextFireAfter(afterMs: number, rule: FireRule): number {
  const today = localDateOf(new Date(afterMs), rule.timeZone, rule.dayStartsAt);
  for (let k = -1; k <= 8; k++) {
    const day = addDays(today, k);
    if (rule.weekdays !== null && !rule.weekdays.includes(weekdayOf(day))) continue;
    const instant = fireInstantOn(day, rule);
    if (instant > afterMs) return instant;
  }
  throw new RangeError(`No fire within eight days of ${new Date(afterMs).toISOString()} for ${JSON.stringify(rule)}`);
}

/** What the scheduler does with a fire that is due. */
export interface FirePlan {
  /** The instant whose fire is sent now; null when none is (what was missed is too old). */
  firesFor: number | null;
  /** Whether it is sent more than LATE_AFTER_MS after that instant. */
  late: boolean;
  /** 1 when fires older than CATCH_UP_MS were dropped (however many), else 0. */
  skipped: 0 | 1;
  /** The next instant after now. */
  nextAt: number;
}

/**
 * Plans the fire due at `dueMs` when the scheduler runs at `nowMs` (at or after it). Of the instants from `dueMs`
 * to now only the latest is sent, and only when it is at most CATCH_UP_MS old; the older ones are dropped (and
 * counted once), without walking through them: a server down for months costs as little as one down for a day.
 */
export function planFire(dueMs: number, nowMs: number, rule: FireRule): FirePlan {
  const windowStart = nowMs - CATCH_UP_MS;
  const skipped = dueMs < windowStart ? 1 : 0;
  const first = dueMs < windowStart ? nextFireAfter(windowStart - 1, rule) : dueMs;
  if (first > nowMs) return { firesFor: null, late: false, skipped, nextAt: first };
  let latest = first;
  let next = nextFireAfter(latest, rule);
  while (next <= nowMs) {
    latest = next;
    next = nextFireAfter(latest, rule);
  }
  return { firesFor: latest, late: nowMs - latest > LATE_AFTER_MS, skipped, nextAt: next };
}

/** Parses "HH:MM" (00:00–23:59); null for anything else. */
export function parseTimeOfDay(hhmm: string): string | null {
  return parseDayStart(hhmm) ? hhmm : null;
}
