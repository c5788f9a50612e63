import type { Database } from '../../db/database';
import type { Page, PageRequest } from '../../db/paginate';
import { daysBetween } from '../../domain/calendar';
import { MAX_CALENDAR_DAYS, calendarDays, type CalendarDay } from '../../domain/days';
import { badInput } from '../../errors';
import { pausesOverlapping } from '../pause/pause.loaders';
import { dayTotals, logPageOfUser, logsOfDays } from './log.loaders';
import type { ProgressLogEntity } from './progress-log.entity';

/** Most logs `Day.logs` lists for one day; `logCount` still counts them all and `logs(from, to)` pages through them. */
export const MAX_LOGS_PER_DAY = 50;

/** Most goals one `logs(goalIds:)` request names. */
export const MAX_LOG_GOAL_IDS = 100;

/** A day of the calendar with its logs (empty unless they were asked for). */
export interface DayWithLogs extends CalendarDay {
  logs: ProgressLogEntity[];
}

/** The user's days and logs across goals: the calendar and the timeline. */
export class CalendarService {
  constructor(private readonly db: Database) {}

  /**
   * Every day of from..to (at most MAX_CALENDAR_DAYS) with its log count, total and whether a pause covers it;
   * with `withLogs`, each day's newest MAX_LOGS_PER_DAY logs too. Three statements whatever the span.
   */
  async days(userId: number, from: string, to: string, opts: { withLogs: boolean }): Promise<DayWithLogs[]> {
    checkRange(from, to);
    const span = daysBetween(from, to) + 1;
    if (span > MAX_CALENDAR_DAYS) throw badInput('to', `at most ${MAX_CALENDAR_DAYS} days per request, got ${span}`);
    const [totals, pauses, logs] = await Promise.all([
      dayTotals(this.db, userId, from, to),
      pausesOverlapping(this.db, userId, from, to),
      opts.withLogs ? logsOfDays(this.db, userId, from, to, MAX_LOGS_PER_DAY) : Promise.resolve([]),
    ]);
    const logsOf = new Map<string, ProgressLogEntity[]>();
    for (const log of logs) logsOf.set(log.date, [...(logsOf.get(log.date) ?? []), log]);
    const days = calendarDays(
      from,
      to,
      totals,
      pauses.map((p) => ({ start: p.startDate, end: p.endDate })),
    );
    return days.map((day) => ({ ...day, logs: logsOf.get(day.date) ?? [] }));
  }

  /** A page of the user's logs across goals (or of `goalIds`), optionally within from..to, newest day first. */
  async logs(
    userId: number,
    filter: { from?: string | null; to?: string | null; goalIds?: readonly number[] | null },
    page: PageRequest,
  ): Promise<Page<ProgressLogEntity>> {
    if (filter.from && filter.to) checkRange(filter.from, filter.to);
    if (filter.goalIds && filter.goalIds.length > MAX_LOG_GOAL_IDS)
      throw badInput('goalIds', `at most ${MAX_LOG_GOAL_IDS} goals per request, got ${filter.goalIds.length}`);
    return logPageOfUser(this.db, userId, filter, page);
  }
}

function checkRange(from: string, to: string): void {
  if (to < from) throw badInput('to', `must be on or after from (${from}), got ${to}`);
}
