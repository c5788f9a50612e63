import { hash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Database } from '../../db/database';
import { localDateOf } from '../../domain/calendar';
import { CsvReader, CsvSyntaxError, type CsvRecord } from '../../domain/csv';
import { AppError, ErrorCode } from '../../errors';
import { GoalEntity, type GoalKindValue } from '../goal/goal.entity';
import type { GoalService } from '../goal/goal.service';
import type { ImportItem, LogDraft, ProgressLogWriter } from '../log/log.writer';
import { ProgressLogEntity } from '../log/progress-log.entity';
import type { UserEntity } from '../user/user.entity';
import { DryRun, IMPORT_CHUNK, describe, fileError, type ImportProgress, type ImportSummary, type TextSource } from './import.common';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** The columns read, by their header (any case); others are left out and listed in the summary. */
const COLUMNS = ['date', 'occurredat', 'goal', 'value', 'note'] as const;
type Column = (typeof COLUMNS)[number];
const GOAL_KINDS: readonly GoalKindValue[] = ['HABIT', 'TARGET', 'MILESTONES'];

interface Row {
  line: number;
  title: string;
  draft: Omit<LogDraft, 'goalId'>;
  /** The row's content, so that the same row in the same file imports once (only on the pass that writes). */
  content: string | null;
}

/**
 * The key a row's log is remembered by: the row's date (an instant's UTC date), its content's digest, and how many
 * rows with that content came before it in the file. The date first keeps a file's keys close together in the
 * unique index (dates in a file run in order), where digests alone land at random places and insert several
 * times slower. Logs imported before keys had a date are remembered by `<digest>#<n>` alone.
 */
function rowKey(draft: Row['draft'], digest: string, n: number): string {
  return `${draft.date ?? draft.occurredAt!.toISOString().slice(0, 10)} ${digest}#${n}`;
}

/**
 * A spreadsheet of logs, one per row, with a header: `date` (YYYY-MM-DD) or `occurredAt` (an ISO instant), `goal`
 * (a title: matched among the user's goals, or created as a goal of `kind` starting on its first row's day),
 * `value` (default 1) and `note`: the columns GET /export.csv writes.
 */
export class SpreadsheetImport {
  constructor(
    private readonly db: Database,
    private readonly goals: GoalService,
    private readonly writer: ProgressLogWriter,
  ) {}

  /**
   * Imports the file in one transaction: a mistake on any row changes nothing and names the file, the line and the
   * column. Each log remembers its row's content (and how many identical rows came before it), so importing the
   * same file again adds nothing. The file is read twice, row by row: once to check it and find each goal's first
   * day, then to write its logs a chunk at a time, so that its size does not decide the memory it takes.
   */
  async run(
    user: UserEntity,
    file: string,
    source: TextSource,
    opts: { dryRun?: boolean; kind?: string; onProgress?: ImportProgress } = {},
  ): Promise<ImportSummary> {
    const kind = (opts.kind ?? 'HABIT').toUpperCase() as GoalKindValue;
    if (!GOAL_KINDS.includes(kind))
      throw new AppError(ErrorCode.BAD_USER_INPUT, `kind must be one of ${GOAL_KINDS.join(', ')}, got ${describe(opts.kind)}`, {
        field: 'kind',
      });
    const summary: ImportSummary = {
      format: 'csv',
      dryRun: opts.dryRun === true,
      created: { goals: 0, logs: 0 },
      matched: { goals: 0, logs: 0 },
      skipped: [],
    };
    // The first pass: every row checked, and each goal's first day and line.
    const goals = new Map<string, { startDate: string; line: number }>();
    let total = 0;
    for await (const rows of this.rows(file, source, summary))
      for (const row of rows) {
        total += 1;
        const day = row.draft.date ?? localDateOf(row.draft.occurredAt!, user.timeZone, user.dayStartsAt);
        const before = goals.get(row.title);
        if (before === undefined) goals.set(row.title, { startDate: day, line: row.line });
        else if (day < before.startDate) before.startDate = day;
      }
    try {
      return await this.db.write(async (em) => {
        const existing = await em.find(GoalEntity, { where: { userId: user.id }, order: { id: 'ASC' } });
        const byTitle = new Map<string, GoalEntity>();
        for (const goal of existing) if (!byTitle.has(goal.title)) byTitle.set(goal.title, goal);
        for (const [title, { startDate, line }] of goals) {
          if (byTitle.has(title)) {
            summary.matched.goals += 1;
            continue;
          }
          try {
            byTitle.set(title, await this.goals.createIn(em, user, { title, kind, startDate }));
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            throw fileError(file, `line ${line}: goal`, `a new ${kind} goal ${JSON.stringify(title)} cannot be made (${error.message})`, {
              line,
            });
          }
          summary.created.goals += 1;
        }
        // The second pass writes. A row's key is its day, its content's digest and how many times that content came
        // before (see rowKey); logs imported under the earlier form of the key are matched by that form as well.
        const former = await this.hasFormerKeys(em, user.id);
        const occurrences = new Map<string, number>();
        let chunk: ImportItem[] = [];
        let done = 0;
        const flush = async () => {
          const { created, existing: already } = await this.writer.importMany(em, user, 'csv', chunk);
          summary.created.logs += created;
          summary.matched.logs += already;
          done += chunk.length;
          chunk = [];
          opts.onProgress?.(done, total);
        };
        for await (const rows of this.rows(file, source, null))
          for (const row of rows) {
            const digest = hash('sha256', row.content!, 'hex');
            const n = (occurrences.get(digest) ?? 0) + 1;
            occurrences.set(digest, n);
            chunk.push({
              draft: { ...row.draft, goalId: byTitle.get(row.title)!.id },
              key: rowKey(row.draft, digest, n),
              formerKey: former ? `${digest}#${n}` : undefined,
              where: `${file}: line ${row.line}`,
            });
            if (chunk.length === IMPORT_CHUNK) await flush();
          }
        if (chunk.length > 0) await flush();
        const already = summary.matched.logs;
        if (already > 0) summary.skipped.push({ where: file, reason: `${already} rows were imported before` });
        if (summary.dryRun) throw new DryRun(summary);
        return summary;
      });
    } catch (error) {
      if (error instanceof DryRun) return error.summary;
      throw error;
    }
  }

  /** Whether the user has logs imported from a spreadsheet under the earlier form of the key (`<digest>#<n>`). */
  private async hasFormerKeys(em: EntityManager, userId: number): Promise<boolean> {
    return em
      .createQueryBuilder(ProgressLogEntity, 'log')
      .where('log.userId = :userId AND log.importSource = :source', { userId, source: 'csv' })
      .andWhere('log.importKey LIKE :former', { former: `${'_'.repeat(64)}#%` })
      .getExists();
  }

  /**
   * The file's rows, each checked, a piece of the file at a time (one asynchronous step per piece rather than per
   * row); the header's unread columns go into `summary` when one is given (the first pass, which needs no row's
   * content). A piece with a syntax error anywhere fails before any of its rows is checked.
   */
  private async *rows(file: string, source: TextSource, summary: ImportSummary | null): AsyncGenerator<Iterable<Row>> {
    const reader = new CsvReader();
    let check: ((record: CsvRecord) => Row) | null = null;
    // Each row is checked as it is taken, so that a piece's rows are not all held at once.
    const header = this.header.bind(this);
    function* rowsOf(records: CsvRecord[]): Generator<Row> {
      for (const record of records) {
        if (check === null) check = header(file, record.fields, summary);
        else yield check(record);
      }
    }
    for await (const piece of source()) {
      let records;
      try {
        records = reader.push(piece);
      } catch (error) {
        throw this.syntax(file, error);
      }
      yield rowsOf(records);
    }
    let last;
    try {
      last = reader.end();
    } catch (error) {
      throw this.syntax(file, error);
    }
    yield rowsOf(last);
    if (check === null) throw fileError(file, 'line 1', 'expected a header such as date,goal,value,note, got an empty file', { line: 1 });
  }

  /** Reads the header (its unread columns go into `summary` when one is given) and answers the check of a row under it. */
  private header(file: string, headerFields: string[], summary: ImportSummary | null): (record: CsvRecord) => Row {
    const names = headerFields.map((f) => f.trim().toLowerCase());
    const at = new Map<Column, number>();
    names.forEach((name, i) => {
      if ((COLUMNS as readonly string[]).includes(name) && !at.has(name as Column)) at.set(name as Column, i);
      else
        summary?.skipped.push({
          where: `${file}: column ${i + 1} (${describe(headerFields[i])})`,
          reason: `not a column hoego reads (${COLUMNS.join(', ')})`,
        });
    });
    if (!at.has('goal')) throw fileError(file, 'line 1', `expected a goal column, got columns ${describe(headerFields)}`, { line: 1 });
    if (!at.has('date') && !at.has('occurredat'))
      throw fileError(file, 'line 1', `expected a date or an occurredAt column, got columns ${describe(headerFields)}`, { line: 1 });
    const cell = (fields: string[], column: Column) => (at.has(column) ? (fields[at.get(column)!] ?? '').trim() : '');
    return ({ line, fields }) => {
      const where = (column: string) => `line ${line}: ${column}`;
      const title = cell(fields, 'goal');
      if (title === '') throw fileError(file, where('goal'), 'expected a goal title, got nothing', { line });
      const date = cell(fields, 'date');
      const occurredAt = cell(fields, 'occurredat');
      if (date === '' && occurredAt === '')
        throw fileError(file, where('date'), 'expected a date YYYY-MM-DD or an occurredAt instant, got neither', { line });
      if (date !== '' && (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))))
        throw fileError(file, where('date'), `expected a date YYYY-MM-DD, got ${describe(date)}`, { line });
      if (occurredAt !== '' && (!INSTANT.test(occurredAt) || Number.isNaN(Date.parse(occurredAt))))
        throw fileError(
          file,
          where('occurredAt'),
          `expected an ISO 8601 instant such as 2021-05-01T09:30:00Z, got ${describe(occurredAt)}`,
          {
            line,
          },
        );
      const valueText = cell(fields, 'value');
      const value = valueText === '' ? 1 : Number(valueText);
      if (!Number.isFinite(value)) throw fileError(file, where('value'), `expected a number, got ${describe(valueText)}`, { line });
      const note = at.has('note') ? (fields[at.get('note')!] ?? '') : '';
      return {
        line,
        title,
        draft: { date: date || null, occurredAt: occurredAt ? new Date(occurredAt) : null, value, note: note === '' ? null : note },
        content: summary === null ? JSON.stringify([title, date, occurredAt, value, note]) : null,
      };
    };
  }

  private syntax(file: string, error: unknown): unknown {
    if (error instanceof CsvSyntaxError)
      return new AppError(ErrorCode.BAD_USER_INPUT, `${file}: ${error.message}`, { field: `line ${error.line}`, file, line: error.line });
    return error;
  }
}
