import BetterSqlite3 from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { CsvSyntaxError, parseCsv } from '../../domain/csv';
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

/** A Loop habit, read from either of Loop's formats. */
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
  entries: LoopEntry[];
  /** Entries left out and why (YES_AUTO, NO, UNKNOWN), counted. */
  ignored: Record<string, number>;
  where: string;
}

/** Loop's entry values (Entry.kt): what each means for hoego. */
const YES_MANUAL = 2;
const YES_AUTO = 1;
const NO = 0;
const UNKNOWN = -1;
const SKIP = 3;
const NAMED: Record<string, number> = { YES_MANUAL, YES_AUTO, NO, UNKNOWN, SKIP };
const IGNORED_NAME: Record<number, string> = { [YES_AUTO]: 'YES_AUTO (Loop derives it)', [NO]: 'NO', [UNKNOWN]: 'UNKNOWN' };

/** Turns one stored value into an entry (or a reason to leave it out) by Loop's rules. */
function entryOf(habit: LoopHabit, date: string, value: number, note: string | null, where: string): void {
  if (habit.numerical) {
    // Loop stores numbers × 1000; nothing entered is UNKNOWN (-1), and 0 is no progress.
    if (value > 0) habit.entries.push({ date, value: value / 1000, note, where });
    else habit.ignored[value === 0 ? '0' : 'UNKNOWN'] = (habit.ignored[value === 0 ? '0' : 'UNKNOWN'] ?? 0) + 1;
    return;
  }
  if (value === YES_MANUAL) habit.entries.push({ date, value: 1, note, where });
  else if (value === SKIP) habit.entries.push({ date, value: null, note, where });
  else {
    const reason = IGNORED_NAME[value] ?? `value ${value}`;
    habit.ignored[reason] = (habit.ignored[reason] ?? 0) + 1;
  }
}

/**
 * Reads Loop's full backup (the SQLite file of "Export full backup") read-only from memory: `Habits` and
 * `Repetitions`, whose `timestamp` is the day's UTC midnight in milliseconds.
 */
export function readLoopBackup(file: string, bytes: Buffer): LoopHabit[] {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(bytes, { readonly: true });
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
        entries: [],
        ignored: {},
        where,
      });
    }
    const notes = (db.prepare('PRAGMA table_info(Repetitions)').all() as Array<{ name: string }>).some((c) => c.name === 'notes');
    const reps = db
      .prepare(`SELECT id, habit, timestamp, value${notes ? ', notes' : ''} FROM Repetitions ORDER BY habit, timestamp`)
      .all() as Array<Record<string, unknown>>;
    for (const rep of reps) {
      const where = `Repetitions row id ${String(rep.id)}`;
      const habit = habits.get(Number(rep.habit));
      if (!habit) throw fileError(file, `${where}: habit`, `expected the id of a row of Habits, got ${describe(rep.habit)}`);
      const ms = Number(rep.timestamp);
      if (!Number.isSafeInteger(ms) || ms % 86_400_000 !== 0)
        throw fileError(file, `${where}: timestamp`, `expected a day's UTC midnight in milliseconds, got ${describe(rep.timestamp)}`);
      const value = Number(rep.value);
      if (!Number.isInteger(value)) throw fileError(file, `${where}: value`, `expected a whole number, got ${describe(rep.value)}`);
      const note = typeof rep.notes === 'string' && rep.notes.trim() !== '' ? rep.notes : null;
      entryOf(habit, new Date(ms).toISOString().slice(0, 10), value, note, where);
    }
    return [...habits.values()];
  } finally {
    db.close();
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

function csvRecords(file: string, text: string) {
  try {
    return [...parseCsv(text)];
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
export function readLoopCsv(file: string, files: LoopFiles): LoopHabit[] {
  // A zip may hold the export inside one top folder.
  const habitsPath = [...files.keys()]
    .filter((p) => p === 'Habits.csv' || p.endsWith('/Habits.csv'))
    .sort((a, b) => a.length - b.length)[0];
  if (!habitsPath) throw fileError(file, 'Habits.csv', `expected Loop's Habits.csv, got files ${describe([...files.keys()].slice(0, 5))}`);
  const root = habitsPath.slice(0, -'Habits.csv'.length);
  const where = (path: string, line: number, column: string) => `${path.slice(root.length) || path}: line ${line}: ${column}`;
  const [header, ...rows] = csvRecords(`${file}: Habits.csv`, files.get(habitsPath)!);
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
  return rows.map(({ line, fields }, index) => {
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
      entries: [],
      ignored: {},
      where: where(habitsPath, line, 'Name'),
    };
    const position = Number(cell('Position')) || index + 1;
    const path = folders.get(index + 1) ?? folders.get(position);
    if (path) {
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
        entryOf(habit, dateText, value, note === '' ? null : note, where(path, record.line, 'Value'));
      }
    }
    return habit;
  });
}

/** Loop's habits from a file of either kind, told apart by its first bytes: a full backup, or a zip of the CSV export. */
export function readLoopFile(file: string, bytes: Buffer): LoopHabit[] {
  if (bytes.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000') return readLoopBackup(file, bytes);
  if (bytes.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') return readLoopCsv(file, unzipLoop(file, bytes));
  throw fileError(
    file,
    'file',
    "expected Loop's full backup (.db) or its CSV export (.zip), got neither (the file starts with neither's signature)",
  );
}
