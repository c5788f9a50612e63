/**
 * `npm run bench:import`: a generated history of 100,000 logs imported through the CLI, as a spreadsheet CSV and as a
 * Loop Habit Tracker backup, each in a process of its own (bench/import-child.ts) so that its peak RSS is the
 * import's. Beside each, measured in the same run: the batch writer alone (ProgressLogWriter.importMany taking the
 * same number of logs, 1,000 per call, in one transaction, with no file to read), in logs/s and peak RSS. Each import
 * runs twice: the second adds nothing and shows what checking an imported file again costs. Figures are the best
 * of `--rounds` interleaved rounds (peak RSS: the highest), beside the CPU time per log each process spent. Each process runs under the heap flags `import` starts
 * itself again with (src/import-heap.ts; the reference under the spreadsheet's); the time measured is the import's,
 * without that second start.
 *
 *   npm run bench:import                    SQLite only
 *   npm run bench:import -- --postgres      also PostgreSQL at BENCH_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/postgres
 *   npm run bench:import -- --logs 100000 --rounds 3
 *   BENCH_CPU_PROF=/tmp/prof npm run bench:import   also writes a CPU profile of each import process there
 *
 * Targets on SQLite: ≥ 20,000 logs/s and ≤ 150 MB peak RSS for the first import of each file.
 */
import { fork, spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { systemClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { importNodeFlags } from '../src/import-heap';
import { createServices } from '../src/services';
import { scratch } from './scratch';

const DAY_MS = 86_400_000;
const LAST_DAY = Date.parse('2026-11-30T00:00:00Z');
const HABITS = 10;

/** A row of the results: what was measured, its figure, the reference's, and their ratio. */
export interface ImportRow {
  measure: string;
  value: string;
  reference: string;
  ratio: string;
}

interface ChildResult {
  ms: number;
  /** CPU time of the child over the same span (what a loaded machine disturbs least). */
  cpuMs: number;
  out: string[];
  loadedMb: number;
  peakMb: number;
}

/** Writes a spreadsheet of `logs` rows over HABITS goals, a note on every tenth (some quoted, with commas). */
async function writeCsv(path: string, logs: number): Promise<void> {
  const stream = createWriteStream(path);
  const write = (text: string) => new Promise<void>((resolve) => (stream.write(text) ? resolve() : stream.once('drain', resolve)));
  await write('date,goal,value,note\n');
  let lines: string[] = [];
  for (let n = 0; n < logs; n++) {
    const habit = n % HABITS;
    const day = new Date(LAST_DAY - Math.floor(n / HABITS) * DAY_MS).toISOString().slice(0, 10);
    const note = n % 10 === 0 ? (n % 20 === 0 ? `"set ${n}, ""easy"""` : `felt fine ${n}`) : '';
    lines.push(`${day},Habit ${habit},${(n % 5) + 1},${note}`);
    if (lines.length === 10_000) {
      await write(`${lines.join('\n')}\n`);
      lines = [];
    }
  }
  await write(`${lines.join('\n')}\n`);
  await new Promise((resolve) => stream.end(resolve));
}

/**
 * Writes a Loop backup (its documented schema, user_version 25) whose entries make `logs` logs over HABITS habits,
 * half of them numerical (minutes × 1000); every 101st day of a yes/no habit is a SKIP (a paused day), and every
 * tenth entry has a note.
 */
function writeLoopBackup(path: string, logs: number): void {
  const db = new BetterSqlite3(path);
  db.exec(`
    CREATE TABLE Habits (id integer primary key autoincrement, archived integer, color integer, description text,
      freq_den integer, freq_num integer, highlight integer, name text, position integer, reminder_hour integer,
      reminder_min integer, reminder_days integer not null default 127, type integer not null default 0,
      target_type integer not null default 0, target_value real not null default 0, unit text not null default '',
      question text, uuid text);
    CREATE TABLE Repetitions (id integer primary key autoincrement, habit integer not null references Habits(id),
      timestamp integer not null, value integer not null, notes text);
    PRAGMA user_version = 25;`);
  const habit = db.prepare(
    'INSERT INTO Habits (archived, color, description, freq_den, freq_num, highlight, name, position, type, target_type, target_value, unit, question) VALUES (0, 0, ?, 1, 1, 0, ?, ?, ?, 0, ?, ?, ?)',
  );
  const rep = db.prepare('INSERT INTO Repetitions (habit, timestamp, value, notes) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    const perHabit = Math.ceil(logs / HABITS);
    for (let h = 0; h < HABITS; h++) {
      const numerical = h % 2 === 1;
      const id = habit.run(
        '',
        `Loop habit ${h}`,
        h,
        numerical ? 1 : 0,
        numerical ? 30 : 0,
        numerical ? 'min' : '',
        'Did you?',
      ).lastInsertRowid;
      let made = 0;
      for (let d = 0; made < Math.min(perHabit, logs - h * perHabit); d++) {
        const timestamp = LAST_DAY - d * DAY_MS;
        if (!numerical && d % 101 === 100) {
          rep.run(id, timestamp, 3, '');
          continue;
        }
        rep.run(id, timestamp, numerical ? 1000 * (1 + (d % 40)) : 2, d % 10 === 0 ? `day ${d}` : '');
        made += 1;
      }
    }
  })();
  db.close();
}

/** Runs one measurement in a process of its own, under the Node flags `flags` (the CLI's for that import). */
function runChild(args: string[], url: string, flags: string[]): Promise<ChildResult> {
  const prof = process.env.BENCH_CPU_PROF;
  const child = fork(join(__dirname, '..', 'dist', 'bench', 'import-child.js'), args, {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', NODE_ENV: 'production', PUBLIC_URL: 'http://127.0.0.1' },
    execArgv: [...flags, ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let result: ChildResult | null = null;
    child.once('message', (m: ChildResult) => (result = m));
    child.once('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

/** The count a summary line (`logs\t100000`) gives, or a failure naming the line that was expected. */
function counted(result: ChildResult, label: string): number {
  const line = result.out.find((l) => l.startsWith(`${label}\t`));
  if (!line) throw new Error(`expected a "${label}" line in the summary, got ${JSON.stringify(result.out)}`);
  return Number(line.split('\t')[1]);
}

/** Builds the build's dist/ (the children run compiled, as `npm start` does). */
export function buildDist(): void {
  const build = spawnSync(process.execPath, [join(__dirname, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
}

/**
 * Every measurement of one dialect, on a scratch database of its own. The reference and the imports take turns,
 * `rounds` times (each round with users of its own), and each figure is the round it went fastest in: on a shared,
 * noisy machine that is the run least disturbed, and both sides of a ratio get the same chance at it.
 */
export async function importRows(dialect: 'sqlite' | 'postgres', serverUrl: string, logs: number, rounds: number): Promise<ImportRow[]> {
  const db = await scratch(dialect, serverUrl);
  try {
    const app = await Database.open(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: db.url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1' }).database,
      {
        migrate: true,
      },
    );
    try {
      const services = createServices(app, systemClock);
      for (let r = 0; r < rounds; r++)
        for (const handle of ['reference', 'sheet', 'loop'])
          await services.users.create({ handle: `${handle}-${r}`, timeZone: 'Asia/Seoul' });
    } finally {
      await app.close();
    }
    const csv = join(db.dir, 'history.csv');
    const loop = join(db.dir, 'Loop.db');
    await writeCsv(csv, logs);
    writeLoopBackup(loop, logs);

    const best = new Map<string, { ms: number; cpuMs: number; peakMb: number; loadedMb: number }>();
    const keep = (name: string, result: ChildResult) => {
      const before = best.get(name);
      best.set(name, {
        ms: Math.min(before?.ms ?? Infinity, result.ms),
        cpuMs: Math.min(before?.cpuMs ?? Infinity, result.cpuMs),
        peakMb: Math.max(before?.peakMb ?? 0, result.peakMb),
        loadedMb: Math.max(before?.loadedMb ?? 0, result.loadedMb),
      });
    };
    // Each import runs under the flags the CLI starts itself again with (src/import-heap.ts), the reference under
    // the spreadsheet's, so that a ratio compares the work and not the heap settings.
    const flagsOf = (format: string, file: string) => importNodeFlags(['import', format, file]);
    for (let r = 0; r < rounds; r++) {
      const reference = await runChild(['writer', String(logs), `reference-${r}`], db.url, flagsOf('csv', csv));
      if (counted(reference, 'logs') !== logs) throw new Error(`the reference wrote ${counted(reference, 'logs')} of ${logs} logs`);
      keep('reference', reference);
      for (const [format, file, handle] of [
        ['csv', csv, `sheet-${r}`],
        ['loop', loop, `loop-${r}`],
      ] as const) {
        const first = await runChild(['cli', format, file, handle], db.url, flagsOf(format, file));
        if (counted(first, 'logs') !== logs) throw new Error(`import ${format} created ${counted(first, 'logs')} of ${logs} logs`);
        keep(format, first);
        const again = await runChild(['cli', format, file, handle], db.url, flagsOf(format, file));
        if (counted(again, 'logs') !== 0 || counted(again, 'logs already there') !== logs)
          throw new Error(`import ${format} again changed something: ${JSON.stringify(again.out)}`);
        keep(`${format} again`, again);
      }
    }
    const rate = (name: string) => (logs / best.get(name)!.ms) * 1000;
    const cpuPerLog = (name: string) => (best.get(name)!.cpuMs * 1000) / logs;
    const reference = best.get('reference')!;
    const refRate = rate('reference');
    const rows: ImportRow[] = [
      { measure: `batch writer alone, ${logs.toLocaleString('en')} logs: logs/s`, value: refRate.toFixed(0), reference: '', ratio: '' },
      { measure: 'batch writer alone: CPU per log', value: `${cpuPerLog('reference').toFixed(1)} µs`, reference: '', ratio: '' },
      { measure: 'batch writer alone: peak RSS', value: `${reference.peakMb.toFixed(0)} MB`, reference: '', ratio: '' },
    ];
    for (const format of ['csv', 'loop'] as const) {
      const name = format === 'csv' ? 'spreadsheet CSV' : 'Loop backup';
      const first = best.get(format)!;
      rows.push(
        {
          measure: `import ${name}: logs/s`,
          value: rate(format).toFixed(0),
          reference: refRate.toFixed(0),
          ratio: `${(rate(format) / refRate).toFixed(2)}×`,
        },
        {
          measure: `import ${name}: CPU per log`,
          value: `${cpuPerLog(format).toFixed(1)} µs`,
          reference: `${cpuPerLog('reference').toFixed(1)} µs`,
          ratio: `${(cpuPerLog(format) / cpuPerLog('reference')).toFixed(2)}×`,
        },
        {
          measure: `import ${name}: peak RSS`,
          value: `${first.peakMb.toFixed(0)} MB`,
          reference: `${reference.peakMb.toFixed(0)} MB`,
          ratio: `${(first.peakMb / reference.peakMb).toFixed(2)}×`,
        },
        {
          measure: `import ${name} again (adds 0): logs/s`,
          value: rate(`${format} again`).toFixed(0),
          reference: refRate.toFixed(0),
          ratio: `${(rate(`${format} again`) / refRate).toFixed(2)}×`,
        },
      );
    }
    rows.push({ measure: 'RSS after loading the code', value: `${reference.loadedMb.toFixed(0)} MB`, reference: '', ratio: '' });
    return rows.map((r) => ({ ...r, measure: `${dialect}: ${r.measure}` }));
  } finally {
    await db.drop();
  }
}

/** The rows as a Markdown table. */
export function importTable(rows: ImportRow[]): string {
  const head: ImportRow = { measure: 'measure', value: 'hoego', reference: 'batch writer', ratio: 'ratio' };
  const all = [head, ...rows];
  const width = (k: keyof ImportRow) => Math.max(...all.map((r) => r[k].length));
  const line = (r: ImportRow) =>
    `| ${r.measure.padEnd(width('measure'))} | ${r.value.padStart(width('value'))} | ${r.reference.padStart(width('reference'))} | ${r.ratio.padStart(width('ratio'))} |`;
  const rule = `|${(['measure', 'value', 'reference', 'ratio'] as const).map((k) => '-'.repeat(width(k) + 2)).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      postgres: { type: 'boolean', default: false },
      logs: { type: 'string', default: '100000' },
      rounds: { type: 'string', default: '3' },
    },
  });
  buildDist();
  const serverUrl = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const dialects: Array<'sqlite' | 'postgres'> = values.postgres || process.env.BENCH_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  const rows: ImportRow[] = [];
  for (const dialect of dialects) rows.push(...(await importRows(dialect, serverUrl, Number(values.logs), Number(values.rounds))));
  process.stdout.write(
    `\n${importTable(rows)}\n(each import by the CLI's code in a process of its own, compiled; the best of ${values.rounds} interleaved rounds; ` +
      `ratio = import / batch writer alone; ` +
      `targets on SQLite: ≥ 20,000 logs/s and ≤ 150 MB peak RSS)\n`,
  );
}

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
