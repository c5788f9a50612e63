import { randomUUID } from 'node:crypto';
import { MoreThan, type ObjectLiteral } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import type { Deadline } from '../../deadline';
import { GoalEntity } from '../goal/goal.entity';
import { ProgressLogEntity } from '../log/progress-log.entity';
import { ApiTokenEntity } from '../user/api-token.entity';
import type { UserEntity } from '../user/user.entity';
import { EXPORT_FORMAT, EXPORT_VERSION, SECTIONS, exportRow, type SectionSpec } from './export.format';

/** Rows read per query: a page is held in memory while it is written out, never a whole table. */
const PAGE = 1000;

/** The columns of the flat log CSV, in order; the spreadsheet import reads the same. */
export const CSV_COLUMNS = ['date', 'occurredAt', 'goal', 'value', 'note'] as const;

/** How an export runs: the deadline each page's read checks, and who is told of the rows written out. */
export interface ExportOptions {
  deadline?: Deadline;
  onRows?: (rows: number) => Promise<void>;
}

/** Quotes a CSV field when it needs it (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes everything a user owns, in hoego's own format (JSON) or as the flat log CSV. Both are produced a page
 * at a time, so an export of many years takes the memory of one page.
 */
export class ExportService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /**
   * The user's export as JSON text in pieces: the format and version, the profile, the tokens' names and scopes
   * (never their secrets), then every section of `SECTIONS` (goals with every goal-type detail, logs with notes,
   * milestones, pauses, venues…). Ids are those of this server; an import gives the rows new ones. Each page's read
   * checks `deadline` (TIMEOUT ends the text early) and first lets other work run when the event loop was held.
   */
  async *json(user: UserEntity, { deadline, onRows }: ExportOptions = {}): AsyncGenerator<string> {
    const tokens = await this.db.read((em) => em.find(ApiTokenEntity, { where: { userId: user.id }, order: { id: 'ASC' } }), deadline);
    const head = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      // Names this file: restoring it twice into one account is recognised and adds nothing the second time.
      exportId: randomUUID(),
      exportedAt: this.clock.now().toISOString(),
      profile: {
        handle: user.handle,
        displayName: user.displayName,
        timeZone: user.timeZone,
        dayStartsAt: user.dayStartsAt,
        dailyCheckAt: user.dailyCheckAt,
      },
      tokens: tokens.map((t) => ({
        name: t.name,
        scopes: t.scopes.split(','),
        createdAt: t.createdAt.toISOString(),
        revokedAt: t.revokedAt?.toISOString() ?? null,
      })),
    };
    const text = JSON.stringify(head);
    yield text.slice(0, -1);
    for (const section of SECTIONS) {
      yield `,${JSON.stringify(section.name)}:[`;
      let first = true;
      for await (const rows of this.pages(section, user.id, deadline)) {
        await onRows?.(rows.length);
        const body = rows.map((row) => JSON.stringify(exportRow(section, row))).join(',\n');
        yield first ? `\n${body}` : `,\n${body}`;
        first = false;
      }
      yield ']';
    }
    yield '}\n';
  }

  /** The user's logs as CSV (`CSV_COLUMNS`), oldest day first, with each log's goal by title. */
  async *csv(user: UserEntity, { deadline, onRows }: ExportOptions = {}): AsyncGenerator<string> {
    const goals = await this.db.read(
      (em) => em.find(GoalEntity, { where: { userId: user.id }, select: { id: true, title: true } }),
      deadline,
    );
    const titles = new Map(goals.map((g) => [g.id, g.title]));
    yield `${CSV_COLUMNS.join(',')}\r\n`;
    let after: { date: string; id: number } | null = null;
    for (;;) {
      const cursor = after;
      const rows = await this.db.read((em) => {
        const query = em
          .createQueryBuilder(ProgressLogEntity, 'l')
          .where('l.user_id = :userId', { userId: user.id })
          .orderBy('l.date', 'ASC')
          .addOrderBy('l.id', 'ASC')
          .take(PAGE);
        if (cursor) query.andWhere('(l.date > :date OR (l.date = :date AND l.id > :id))', cursor);
        return query.getMany();
      }, deadline);
      if (rows.length === 0) return;
      await onRows?.(rows.length);
      yield rows
        .map((l) => [l.date, l.occurredAt.toISOString(), titles.get(l.goalId) ?? '', String(l.value), l.note ?? ''].map(csvField).join(','))
        .map((line) => `${line}\r\n`)
        .join('');
      const last = rows[rows.length - 1];
      after = { date: last.date, id: last.id };
    }
  }

  /** The user's rows of one section, a page at a time, by id. */
  private async *pages(section: SectionSpec, userId: number, deadline: Deadline | undefined): AsyncGenerator<ObjectLiteral[]> {
    let after = 0;
    for (;;) {
      const rows = await this.db.read(
        (em) => em.find(section.entity, { where: { userId, id: MoreThan(after) }, order: { id: 'ASC' }, take: PAGE }),
        deadline,
      );
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1].id as number;
    }
  }
}
