import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { CsvSyntaxError, parseCsv, type CsvRecord } from '../../domain/csv';
import { AppError, ErrorCode } from '../../errors';
import { describe, fileError } from './import.common';

/** One day of a Loop habit as hoego takes it: a log (with its value), a skipped day, or nothing to keep. */
export interface LoopEntry {
  date: string;
  /** null: a paused day (SKIP). */
  value: number | null;
  note: string | null;
  where: string;
}

/** A Loop habit, read from either of Loop's formats, its entries checked but read again only when asked for. */
export interface LoopHabit {
  name: string;
  description: string | null;
  numerical: boolean;
  freqNum: number;
  freqDen: number;
  targetType: 'AT_LEAST' | 'AT_MOST';
  targetValue: number | null;
  unit: string | null;
  archived: boolean;
  /** Its reminder (full backups only: the CSV export has none): "HH:MM" and ISO weekdays, null for every day. */
  reminder: { at: string; weekdays: number[] | null } | null;
  /** The day of its first entry that hoego keeps (a log or a skipped day); null when it has none. */
  firstDay: string | null;
  /** How many of its entries become logs. */
  logs: number;
  /** Entries left out and why (YES_AUTO, NO, UNKNOWN), counted. */
  ignored: Record<string, number>;
  where: string;
  /** The entries hoego keeps, read from the file again, one at a time. */
  entries(): Iterable<LoopEntry>;
}

/** A Loop file being read: its habits, and `close` once their entries are no longer wanted. */
export interface LoopFile {
  habits: LoopHabit[];
  close(): void;
}

/**
 * ISO weekdays (1 = Monday … 7 = Sunday) of Loop's `reminder_days`, a bit mask (WeekdayList.kt) whose bit i is
 * the weekday Loop numbers i (Timestamp.weekday: Java's DAY_OF_WEEK % 7): bit 0 (1) Saturday, bit 1 (2) Sunday,
 * bit 2 (4) Monday, bit 3 (8) Tuesday, bit 4 (16) Wednesday, bit 5 (32) Thursday, bit 6 (64) Friday. All seven
 * (127) is every day: null. No bit set is a reminder that never fires: an empty list.
 */
export function loopReminderWeekdays(mask: number): number[] | null {
  if ((mask & 127) === 127) return null;
  const days: number[] = [];
  for (let bit = 0; bit < 7; bit++) if (mask & (1 << bit)) days.push(((bit + 5) % 7) + 1);
  return days.sort((a, b) => a - b);
}

/** Loop's entry values (Entry.kt): what each means for hoego. */
const YES_MANUAL = 2;
const YES_AUTO = 1;
const NO = 0;
const UNKNOWN = -1;
const SKIP = 3;
const NAMED: Record<string, number> = { YES_MANUAL, YES_AUTO, NO, UNKNOWN, SKIP };
const IGNORED_NAME: Record<number, string> = { [YES_AUTO]: 'YES_AUTO (Loop derives it)', [NO]: 'NO', [UNKNOWN]: 'UNKNOWN' };

/** What one stored value is by Loop's rules: a log's value, null for a skipped day, or why it is left out. */
function valueOf(numerical: boolean, value: number): number | null | { ignored: string } {
  // Loop stores numbers × 1000; nothing entered is UNKNOWN (-1), and 0 is no progress.
  if (numerical) return value > 0 ? value / 1000 : { ignored: value === 0 ? '0' : 'UNKNOWN' };
  if (value === YES_MANUAL) return 1;
  if (value === SKIP) return null;
  return { ignored: IGNORED_NAME[value] ?? `value ${value}` };
}

/** Counts one checked entry into its habit: its first kept day, its logs, or its reason to be left out. */
function tally(habit: LoopHabit, date: string, value: number): void {
  const kept = valueOf(habit.numerical, value);
  if (kept !== null && typeof kept === 'object') {
    habit.ignored[kept.ignored] = (habit.ignored[kept.ignored] ?? 0) + 1;
    return;
  }
  if (kept !== null) habit.logs += 1;
  if (habit.firstDay === null || date < habit.firstDay) habit.firstDay = date;
}

/** The entry hoego keeps of one stored value, or null when it keeps none. */
function entryOf(numerical: boolean, date: string, value: number, note: string | null, where: string): LoopEntry | null {
  const kept = valueOf(numerical, value);
  return kept !== null && typeof kept === 'object' ? null : { date, value: kept, note, where };
}

const DAY_MS = 86_400_000;

/**
 * Opens Loop's full backup (the SQLite file of "Export full backup") read-only where it lies: `Habits` and
 * `Repetitions`, whose `timestamp` is the day's UTC midnight in milliseconds. Every entry is checked now, row by
 * row; a habit's entries are read again when asked for, so the file's size does not decide the memory it takes.
 */
export function readLoopBackup(file: string, path: string): LoopFile {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    db.pragma('user_version');
  } catch (error) {
    throw fileError(
      file,
      'file',
      `expected a Loop Habit Tracker backup (an SQLite database), got something else (${(error as Error).message})`,
    );
  }
  try {
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name),
    );
    for (const table of ['Habits', 'Repetitions'])
      if (!tables.has(table)) throw fileError(file, table, `expected Loop's ${table} table, got tables ${describe([...tables])}`);
    const columns = new Set((db.prepare('PRAGMA table_info(Habits)').all() as Array<{ name: string }>).map((c) => c.name));
    const has = (name: string) => columns.has(name);
    const rows = db.prepare('SELECT * FROM Habits ORDER BY position, id').all() as Array<Record<string, unknown>>;
    const notes = (db.prepare('PRAGMA table_info(Repetitions)').all() as Array<{ name: string }>).some((c) => c.name === 'notes');
    const ofHabit = db.prepare(`SELECT id, timestamp, value${notes ? ', notes' : ''} FROM Repetitions WHERE habit = ? ORDER BY timestamp`);
    const habits = new Map<number, LoopHabit>();
    for (const row of rows) {
      const where = `Habits row id ${String(row.id)}`;
      const name = typeof row.name === 'string' ? row.name.trim() : '';
      if (name === '') throw fileError(file, `${where}: name`, `expected a habit name, got ${describe(row.name)}`);
      const freqNum = Number(row.freq_num ?? 1);
      const freqDen = Number(row.freq_den ?? 1);
      if (!Number.isInteger(freqNum) || !Number.isInteger(freqDen) || freqNum < 1 || freqDen < 1)
        throw fileError(
          file,
          `${where}: freq_num`,
          `expected a frequency of whole numbers of at least 1, got ${describe([row.freq_num, row.freq_den])}`,
        );
      const numerical = has('type') && Number(row.type) === 1;
      const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
      const id = row.id;
      habits.set(Number(row.id), {
        name,
        description: [text(row.question), text(row.description)].filter((t) => t !== null).join('\n\n') || null,
        numerical,
        freqNum,
        freqDen,
        targetType: has('target_type') && Number(row.target_type) === 1 ? 'AT_MOST' : 'AT_LEAST',
        targetValue: numerical && row.target_value != null ? Number(row.target_value) : null,
        unit: numerical ? text(row.unit) : null,
        archived: Number(row.archived ?? 0) === 1,
        reminder: reminderOf(file, where, row),
        firstDay: null,
        logs: 0,
        ignored: {},
        where,
        *entries() {
          for (const rep of ofHabit.iterate(id) as Iterable<Record<string, unknown>>) {
            const note = typeof rep.notes === 'string' && rep.notes.trim() !== '' ? rep.notes : null;
            const date = new Date(Number(rep.timestamp)).toISOString().slice(0, 10);
            const entry = entryOf(numerical, date, Number(rep.value), note, `Repetitions row id ${String(rep.id)}`);
            if (entry) yield entry;
          }
        },
      });
    }
    // Every entry checked once, in the order the errors should name them.
    for (const rep of db.prepare('SELECT id, habit, timestamp, value FROM Repetitions ORDER BY habit, timestamp').iterate() as Iterable<
      Record<string, unknown>
    >) {
      const where = `Repetitions row id ${String(rep.id)}`;
      const habit = habits.get(Number(rep.habit));
      if (!habit) throw fileError(file, `${where}: habit`, `expected the id of a row of Habits, got ${describe(rep.habit)}`);
      const ms = Number(rep.timestamp);
      if (!Number.isSafeInteger(ms) || ms % DAY_MS !== 0)
        throw fileError(file, `${where}: timestamp`, `expected a day's UTC midnight in milliseconds, got ${describe(rep.timestamp)}`);
      const value = Number(rep.value);
      if (!Number.isInteger(value)) throw fileError(file, `${where}: value`, `expected a whole number, got ${describe(rep.value)}`);
      tally(habit, new Date(ms).toISOString().slice(0, 10), value);
    }
    return { habits: [...habits.values()], close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The files of Loop's CSV export: from a zip, or from the unzipped folder (paths relative to it, `/`-separated). */
export type LoopFiles = Map<string, string>;

/** Reads the files of a zip (Loop's CSV export as it shares it). */
export function unzipLoop(file: string, bytes: Buffer): LoopFiles {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw fileError(file, 'file', `expected a zip of Loop's CSV export, got something else (${(error as Error).message})`);
  }
  const files: LoopFiles = new Map();
  for (const [name, content] of Object.entries(entries)) if (!name.endsWith('/')) files.set(name, Buffer.from(content).toString('utf8'));
  return files;
}

function* csvRecords(file: string, text: string): Generator<CsvRecord> {
  try {
    yield* parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw new AppError(ErrorCode.BAD_USER_INPUT, `${file}: ${error.message}`, { field: `line ${error.line}`, file });
    throw error;
  }
}

/**
 * Reads Loop's CSV export: `Habits.csv` (Position, Name, Type, Question, Description, FrequencyNumerator,
 * FrequencyDenominator, Color, Unit, Target Type, Target Value, Archived?) and one folder per habit, numbered
 * like its row (`001 Name/Checkmarks.csv` for the first), each with `Date,Value,Notes`.
 */
export function readLoopCsv(file: string, files: LoopFiles): LoopFile {
  // A zip may hold the export inside one top folder.
  const habitsPath = [...files.keys()]
    .filter((p) => p === 'Habits.csv' || p.endsWith('/Habits.csv'))
    .sort((a, b) => a.length - b.length)[0];
  if (!habitsPath) throw fileError(file, 'Habits.csv', `expected Loop's Habits.csv, got files ${describe([...files.keys()].slice(0, 5))}`);
  const root = habitsPath.slice(0, -'Habits.csv'.length);
  const where = (path: string, line: number, column: string) => `${path.slice(root.length) || path}: line ${line}: ${column}`;
  const [header, ...rows] = [...csvRecords(`${file}: Habits.csv`, files.get(habitsPath)!)];
  if (!header) throw fileError(file, 'Habits.csv: line 1', 'expected a header, got an empty file');
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const col = (name: string) => names.indexOf(name.toLowerCase());
  for (const required of ['Name', 'FrequencyNumerator', 'FrequencyDenominator'])
    if (col(required) < 0)
      throw fileError(file, 'Habits.csv: line 1', `expected a ${required} column, got columns ${describe(header.fields)}`);
  const folders = new Map<number, string>();
  for (const path of files.keys()) {
    const match = /^(\d+) [^/]*\/Checkmarks\.csv$/.exec(path.slice(root.length));
    if (match) folders.set(Number(match[1]), path);
  }
  /** A habit's checked entries: date, stored value, note and where each is. */
  function* checkmarks(path: string): Generator<{ date: string; value: number; note: string | null; where: string }> {
    for (const record of csvRecords(`${file}: ${path.slice(root.length)}`, files.get(path)!)) {
      const [dateText = '', valueText = '', note = ''] = record.fields.map((f) => f.trim());
      if (record.line === 1 && dateText.toLowerCase() === 'date') continue;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(dateText) || Number.isNaN(Date.parse(`${dateText}T00:00:00Z`)))
        throw fileError(file, where(path, record.line, 'Date'), `expected a date YYYY-MM-DD, got ${describe(dateText)}`);
      const value = valueText.toUpperCase() in NAMED ? NAMED[valueText.toUpperCase()] : Number(valueText);
      if (!Number.isInteger(value))
        throw fileError(
          file,
          where(path, record.line, 'Value'),
          `expected YES_MANUAL, YES_AUTO, NO, SKIP, UNKNOWN or a whole number, got ${describe(valueText)}`,
        );
      yield { date: dateText, value, note: note === '' ? null : note, where: where(path, record.line, 'Value') };
    }
  }
  const habits = rows.map(({ line, fields }, index) => {
    const cell = (name: string) => (col(name) < 0 ? '' : (fields[col(name)] ?? '').trim());
    const name = cell('Name');
    if (name === '') throw fileError(file, where(habitsPath, line, 'Name'), 'expected a habit name, got nothing');
    const freqNum = Number(cell('FrequencyNumerator'));
    const freqDen = Number(cell('FrequencyDenominator'));
    if (!Number.isInteger(freqNum) || !Number.isInteger(freqDen) || freqNum < 1 || freqDen < 1)
      throw fileError(
        file,
        where(habitsPath, line, 'FrequencyNumerator'),
        `expected whole numbers of at least 1, got ${describe([cell('FrequencyNumerator'), cell('FrequencyDenominator')])}`,
      );
    const type = cell('Type').toUpperCase();
    const numerical = type === '1' || type === 'NUMERICAL' || type === 'NUMBER';
    const targetText = cell('Target Value');
    const targetValue = numerical && targetText !== '' ? Number(targetText) : null;
    if (targetValue !== null && !Number.isFinite(targetValue))
      throw fileError(file, where(habitsPath, line, 'Target Value'), `expected a number, got ${describe(targetText)}`);
    const targetType = cell('Target Type').toUpperCase();
    const archived = cell('Archived?').toLowerCase();
    const habit: LoopHabit = {
      name,
      description: [cell('Question'), cell('Description')].filter((t) => t !== '').join('\n\n') || null,
      numerical,
      freqNum,
      freqDen,
      targetType: targetType === '1' || targetType === 'AT_MOST' ? 'AT_MOST' : 'AT_LEAST',
      targetValue,
      unit: numerical && cell('Unit') !== '' ? cell('Unit') : null,
      archived: archived === 'true' || archived === '1' || archived === 'yes',
      reminder: null,
      firstDay: null,
      logs: 0,
      ignored: {},
      where: where(habitsPath, line, 'Name'),
      *entries() {
        if (!path) return;
        for (const c of checkmarks(path)) {
          const entry = entryOf(numerical, c.date, c.value, c.note, c.where);
          if (entry) yield entry;
        }
      },
    };
    const position = Number(cell('Position')) || index + 1;
    const path = folders.get(index + 1) ?? folders.get(position);
    if (path) for (const c of checkmarks(path)) tally(habit, c.date, c.value);
    return habit;
  });
  return { habits, close: () => undefined };
}

/**
 * Loop's habits from a file of either kind, told apart by its first bytes: a full backup (read where it lies), or
 * a zip of the CSV export.
 */
export function readLoopFile(file: string, path: string): LoopFile {
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\u0000') return readLoopBackup(file, path);
  if (head.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') return readLoopCsv(file, unzipLoop(file, readFileSync(path)));
  throw fileError(
    file,
    'file',
    "expected Loop's full backup (.db) or its CSV export (.zip), got neither (the file starts with neither's signature)",
  );
}

/** A backup row's reminder: none when `reminder_hour` or `reminder_min` is null (Loop's "no reminder"). */
function reminderOf(file: string, where: string, row: Record<string, unknown>): LoopHabit['reminder'] {
  if (row.reminder_hour == null || row.reminder_min == null) return null;
  const hour = Number(row.reminder_hour);
  const minute = Number(row.reminder_min);
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    throw fileError(
      file,
      `${where}: reminder_hour`,
      `expected a time of day (hour 0-23, minute 0-59), got ${describe([row.reminder_hour, row.reminder_min])}`,
    );
  const mask = row.reminder_days == null ? 127 : Number(row.reminder_days);
  if (!Number.isInteger(mask) || mask < 0 || mask > 127)
    throw fileError(file, `${where}: reminder_days`, `expected a weekday bit mask 0-127, got ${describe(row.reminder_days)}`);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { at: `${pad(hour)}:${pad(minute)}`, weekdays: loopReminderWeekdays(mask) };
}
