import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { Database } from '../../db/database';
import { insertReturningIds } from '../../db/insert';
import { writeCheckpoint } from '../../deadline';
import { isValidTimeZone, parseDayStart } from '../../domain/calendar';
import { AppError, ErrorCode } from '../../errors';
import { DryRun, IMPORT_CHUNK, describe, fileError, type ImportProgress, type ImportSummary } from './import.common';
import { GoalEntity } from '../goal/goal.entity';
import { ProgressLogEntity } from '../log/progress-log.entity';
import type { ProgressLogWriter, RestoredLog } from '../log/log.writer';
import type { ReminderSchedule } from '../reminder/reminder.schedule';
import { UserEntity } from '../user/user.entity';
import { EXPORT_FORMAT, EXPORT_VERSION, SECTIONS, type FieldSpec, type SectionName, type SectionSpec } from './export.format';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The field's value in storage form, or the reason it is not acceptable. */
function readField(field: FieldSpec, value: unknown): { ok: true; value: unknown } | { ok: false; expected: string } {
  if (value === null || value === undefined) return field.nullable ? { ok: true, value: null } : { ok: false, expected: 'a value' };
  const kind = field.kind;
  if (typeof kind === 'object') {
    return typeof value === 'string' && kind.oneOf.includes(value)
      ? { ok: true, value }
      : { ok: false, expected: `one of ${kind.oneOf.join(', ')}` };
  }
  switch (kind) {
    case 'text':
      return typeof value === 'string' ? { ok: true, value } : { ok: false, expected: 'a string' };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { ok: true, value } : { ok: false, expected: 'a finite number' };
    case 'integer':
      return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, expected: 'a whole number' };
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
        ? { ok: true, value }
        : { ok: false, expected: 'a date YYYY-MM-DD' };
    case 'instant':
      return typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value))
        ? { ok: true, value: new Date(value) }
        : { ok: false, expected: 'an ISO 8601 instant such as 2021-05-01T09:30:00Z' };
    case 'tags':
      return Array.isArray(value) && value.every((t) => typeof t === 'string')
        ? { ok: true, value }
        : { ok: false, expected: 'a list of strings' };
    case 'weekdays':
      return Array.isArray(value) && value.length > 0 && value.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)
        ? { ok: true, value: [...new Set(value as number[])].sort((a, b) => a - b) }
        : { ok: false, expected: 'a list of weekdays 1 (Monday) to 7 (Sunday)' };
  }
}

/**
 * Imports files into a user's account, each in one transaction: a file with a mistake anywhere changes nothing and
 * the error names the file, the entry and the field.
 */
export class ImportService {
  constructor(
    private readonly db: Database,
    private readonly writer: ProgressLogWriter,
    private readonly schedule: ReminderSchedule,
  ) {}

  /**
   * Restores hoego's own export (`GET /export.json`) into an account that has no goals yet: every section with
   * its links remapped to new ids, and the profile's time zone, day start and daily check, so that every answer
   * (streaks, scores, each year's review) comes out as it did where the file was made, and reminders fire as they did.
   */
  async importHoego(
    userId: number,
    file: string,
    text: string,
    opts: { dryRun?: boolean; onProgress?: ImportProgress } = {},
  ): Promise<ImportSummary> {
    const summary = await this.restoreHoego(userId, file, text, opts);
    if (!summary.dryRun && (summary.created.reminders ?? 0) > 0) this.schedule.changed();
    return summary;
  }

  private async restoreHoego(
    userId: number,
    file: string,
    text: string,
    opts: { dryRun?: boolean; onProgress?: ImportProgress },
  ): Promise<ImportSummary> {
    const data = this.parseHoego(file, text);
    const sections = SECTIONS.map((section) => ({ section, rows: this.readSection(file, section, data[section.name]) }));
    const profile = this.readProfile(file, data.profile);
    for (const [index, { values }] of sections.find((s) => s.section.name === 'reminders')!.rows.entries()) {
      if (!parseDayStart(values.at as string))
        throw fileError(file, `reminders[${index}].at`, `expected a time HH:MM, got ${describe(values.at)}`);
      values.nextFireAt = this.schedule.nextFireOf(values as { at: string; weekdays: number[] | null }, profile);
    }
    if (typeof data.exportId !== 'string' || data.exportId.length === 0 || data.exportId.length > 100)
      throw fileError(file, 'exportId', `expected the export's id (1-100 characters), got ${describe(data.exportId)}`);
    const exportId = data.exportId;
    try {
      return await this.db.write(async (em) => {
        const summary: ImportSummary = {
          format: 'hoego',
          dryRun: opts.dryRun === true,
          created: Object.fromEntries(SECTIONS.map((s) => [s.name, 0])),
          matched: {},
          skipped: [],
        };
        const firstLog = sections.find((s) => s.section.name === 'logs')!.rows[0];
        if (
          firstLog &&
          (await em.existsBy(ProgressLogEntity, { userId, importSource: 'hoego', importKey: `${exportId}:${firstLog.id}` }))
        ) {
          summary.skipped.push({ where: file, reason: 'this export was restored into this account before' });
          return summary;
        }
        if (await em.existsBy(GoalEntity, { userId }))
          throw new AppError(
            ErrorCode.CONFLICT,
            `${file}: a hoego export is restored into an account without goals; this account has goals already`,
            { file },
          );
        await em.update(UserEntity, { id: userId }, { ...profile, nextDailyCheckAt: this.schedule.nextDailyCheckOf(profile) });
        const ids = new Map<SectionName, Map<number, number>>(SECTIONS.map((s) => [s.name, new Map()]));
        for (const { section, rows } of sections) {
          // Between sections: past the import's deadline, the whole restore rolls back.
          await writeCheckpoint();
          await this.insertSection(em, file, userId, section, rows, ids, exportId, opts.onProgress);
          summary.created[section.name] = rows.length;
        }
        if (summary.dryRun) throw new DryRun(summary);
        return summary;
      });
    } catch (error) {
      if (error instanceof DryRun) return error.summary;
      throw error;
    }
  }

  private parseHoego(file: string, text: string): Record<string, unknown> {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw fileError(file, 'JSON', `is not valid JSON (${(error as Error).message})`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw fileError(file, 'JSON', `expected an object, got ${describe(data)}`);
    const record = data as Record<string, unknown>;
    if (record.format !== EXPORT_FORMAT)
      throw fileError(
        file,
        'format',
        `expected ${JSON.stringify(EXPORT_FORMAT)} (a file from GET /export.json), got ${describe(record.format)}`,
      );
    if (record.version !== EXPORT_VERSION)
      throw fileError(file, 'version', `expected ${EXPORT_VERSION} (what this server reads), got ${describe(record.version)}`);
    return record;
  }

  private readProfile(file: string, raw: unknown): { timeZone: string; dayStartsAt: string; dailyCheckAt: string | null } {
    const profile = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof profile.timeZone !== 'string' || !isValidTimeZone(profile.timeZone))
      throw fileError(file, 'profile.timeZone', `expected an IANA time zone such as Asia/Seoul, got ${describe(profile.timeZone)}`);
    if (typeof profile.dayStartsAt !== 'string' || !parseDayStart(profile.dayStartsAt))
      throw fileError(file, 'profile.dayStartsAt', `expected a time HH:MM, got ${describe(profile.dayStartsAt)}`);
    // Exports from before reminders have no daily check: such accounts had the default.
    const dailyCheckAt = profile.dailyCheckAt === undefined ? '20:00' : profile.dailyCheckAt;
    if (dailyCheckAt !== null && (typeof dailyCheckAt !== 'string' || !parseDayStart(dailyCheckAt)))
      throw fileError(file, 'profile.dailyCheckAt', `expected a time HH:MM or null, got ${describe(profile.dailyCheckAt)}`);
    return { timeZone: profile.timeZone, dayStartsAt: profile.dayStartsAt, dailyCheckAt };
  }

  /** Checks every row of a section; each keeps its id within the file. */
  private readSection(file: string, section: SectionSpec, raw: unknown): Array<{ id: number; values: ObjectLiteral }> {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) throw fileError(file, section.name, `expected a list, got ${describe(raw)}`);
    const seen = new Set<number>();
    return raw.map((entry: unknown, index) => {
      const where = `${section.name}[${index}]`;
      if (typeof entry !== 'object' || entry === null) throw fileError(file, where, `expected an object, got ${describe(entry)}`);
      const row = entry as Record<string, unknown>;
      if (!Number.isSafeInteger(row.id)) throw fileError(file, `${where}.id`, `expected a whole number, got ${describe(row.id)}`);
      const id = row.id as number;
      if (seen.has(id)) throw fileError(file, `${where}.id`, `expected an id not used before in ${section.name}, got ${id} again`);
      seen.add(id);
      const values: ObjectLiteral = {};
      for (const field of section.fields) {
        const read = readField(field, row[field.name]);
        if (!read.ok) throw fileError(file, `${where}.${field.name}`, `expected ${read.expected}, got ${describe(row[field.name])}`);
        values[field.name] = read.value;
      }
      return { id, values };
    });
  }

  private async insertSection(
    em: EntityManager,
    file: string,
    userId: number,
    section: SectionSpec,
    rows: Array<{ id: number; values: ObjectLiteral }>,
    ids: Map<SectionName, Map<number, number>>,
    exportId: string,
    onProgress?: ImportProgress,
  ): Promise<void> {
    const own = ids.get(section.name)!;
    // A row may point at a later row of its own section (a goal's parent): that link is set once all exist.
    const selfRefs = section.fields.filter((f) => f.ref === section.name);
    // Logs go in a chunk at a time, as the other formats' do, and tell how far the import has come.
    const chunk = section.name === 'logs' ? IMPORT_CHUNK : Math.max(rows.length, 1);
    const newIds: number[] = [];
    for (let start = 0; start < rows.length; start += chunk) {
      const part = rows.slice(start, start + chunk);
      const mapped = this.mapRows(file, userId, section, part, start, ids, exportId);
      newIds.push(
        ...(section.name === 'logs'
          ? await this.writer.restore(em, userId, mapped as RestoredLog[])
          : await insertReturningIds(em, section.entity, mapped)),
      );
      if (section.name === 'logs') onProgress?.(start + part.length, rows.length);
    }
    rows.forEach((row, i) => own.set(row.id, newIds[i]));
    for (const field of selfRefs) {
      for (const [index, { values }] of rows.entries()) {
        if (values[field.name] === null) continue;
        const target = own.get(values[field.name] as number);
        if (target === undefined)
          throw fileError(
            file,
            `${section.name}[${index}].${field.name}`,
            `expected the id of an entry of ${section.name}, got ${describe(values[field.name])}`,
          );
        await em.update(section.entity, { id: newIds[index] }, { [field.name]: target });
      }
    }
  }

  /** Rows of a section as stored here: the user's, with links to other sections mapped to their new ids. */
  private mapRows(
    file: string,
    userId: number,
    section: SectionSpec,
    rows: Array<{ id: number; values: ObjectLiteral }>,
    offset: number,
    ids: Map<SectionName, Map<number, number>>,
    exportId: string,
  ): ObjectLiteral[] {
    const selfRefs = section.fields.filter((f) => f.ref === section.name);
    return rows.map(({ id, values }, i) => {
      const index = offset + i;
      const row: ObjectLiteral = { ...values, userId };
      for (const field of section.fields) {
        if (!field.ref || field.ref === section.name || values[field.name] === null) continue;
        const target = ids.get(field.ref)!.get(values[field.name] as number);
        if (target === undefined)
          throw fileError(
            file,
            `${section.name}[${index}].${field.name}`,
            `expected the id of an entry of ${field.ref}, got ${describe(values[field.name])}`,
          );
        row[field.name] = target;
      }
      for (const field of selfRefs) row[field.name] = null;
      if (section.name === 'logs') Object.assign(row, { importSource: 'hoego', importKey: `${exportId}:${id}` });
      return row;
    });
  }
}
