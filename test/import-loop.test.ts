import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { strToU8, zipSync } from 'fflate';
import { runCli } from '../src/cli';
import { ok, startTestApp, type TestApp } from './helpers';

/**
 * Fixtures are built here from Loop Habit Tracker's documented formats: its full backup (an SQLite database with
 * `Habits` and `Repetitions`, user_version 25) and its CSV export (`Habits.csv` and a numbered folder per habit).
 */
const DAY = (date: string) => Date.parse(`${date}T00:00:00Z`);

interface Habit {
  name: string;
  question?: string;
  type: 0 | 1;
  freq: [number, number];
  targetType?: 0 | 1;
  targetValue?: number;
  unit?: string;
  archived?: boolean;
  /** date, stored value, note */
  reps: Array<[string, number, string?]>;
}

const HABITS: Habit[] = [
  {
    name: 'Planche',
    question: 'Did you train today?',
    type: 0,
    freq: [1, 1],
    reps: [
      ['2021-05-01', 2, 'tuck 10 s'],
      ['2021-05-02', 1],
      ['2021-05-03', 0],
      ['2021-05-04', 3],
      ['2021-05-05', 3],
      ['2021-05-06', 2],
      ['2021-05-07', -1],
    ],
  },
  {
    name: 'Sugar',
    type: 1,
    freq: [1, 7],
    targetType: 1,
    targetValue: 30,
    unit: 'g',
    reps: [
      ['2021-05-01', 25500, 'cake'],
      ['2021-05-02', 40000],
      ['2021-05-03', -1],
    ],
  },
  { name: 'Old habit', type: 0, freq: [3, 7], archived: true, reps: [['2020-01-01', 2]] },
];

function loopBackup(habits: Habit[], tweak?: (db: BetterSqlite3.Database) => void): Buffer {
  const db = new BetterSqlite3(':memory:');
  db.exec(`
    CREATE TABLE Habits (id integer primary key autoincrement, archived integer, color integer, description text,
      freq_den integer, freq_num integer, highlight integer, name text, position integer, reminder_hour integer,
      reminder_min integer, reminder_days integer not null default 127, type integer not null default 0,
      target_type integer not null default 0, target_value real not null default 0, unit text not null default '',
      question text, uuid text);
    CREATE TABLE Repetitions (id integer primary key autoincrement, habit integer not null references Habits(id),
      timestamp integer not null, value integer not null, notes text);
    PRAGMA user_version = 25;`);
  habits.forEach((h, position) => {
    const { lastInsertRowid } = db
      .prepare(
        'INSERT INTO Habits (archived, color, description, freq_den, freq_num, highlight, name, position, type, target_type, target_value, unit, question) VALUES (?, 0, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        h.archived ? 1 : 0,
        '',
        h.freq[1],
        h.freq[0],
        h.name,
        position,
        h.type,
        h.targetType ?? 0,
        h.targetValue ?? 0,
        h.unit ?? '',
        h.question ?? '',
      );
    for (const [date, value, note] of h.reps)
      db.prepare('INSERT INTO Repetitions (habit, timestamp, value, notes) VALUES (?, ?, ?, ?)').run(
        lastInsertRowid,
        DAY(date),
        value,
        note ?? '',
      );
  });
  tweak?.(db);
  const bytes = db.serialize();
  db.close();
  return bytes;
}

const NAMES: Record<number, string> = { 2: 'YES_MANUAL', 1: 'YES_AUTO', 0: 'NO', 3: 'SKIP', [-1]: 'UNKNOWN' };

/** Loop's CSV export as files: Habits.csv and `NNN Name/Checkmarks.csv`. */
function loopCsvFiles(habits: Habit[]): Record<string, string> {
  const files: Record<string, string> = {
    'Habits.csv': [
      'Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?',
      ...habits.map((h, i) =>
        [
          String(i + 1).padStart(3, '0'),
          h.name,
          h.type === 1 ? 'NUMERICAL' : 'YES_NO',
          h.question ?? '',
          '',
          h.freq[0],
          h.freq[1],
          '#FF0000',
          h.unit ?? '',
          h.targetType === 1 ? 'AT_MOST' : 'AT_LEAST',
          h.targetValue ?? 0,
          h.archived ? 'true' : 'false',
        ].join(','),
      ),
    ].join('\n'),
  };
  habits.forEach((h, i) => {
    files[`${String(i + 1).padStart(3, '0')} ${h.name}/Checkmarks.csv`] = [
      'Date,Value,Notes',
      ...[...h.reps].reverse().map(([date, value, note]) => `${date},${h.type === 1 ? value : NAMES[value]},${note ?? ''}`),
    ].join('\n');
  });
  return files;
}

function zip(files: Record<string, string>): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]))));
}

const GOALS = `{ goals(first: 10) { edges { node { title kind status description unit target targetType frequency { times perDays } startDate
  pauses { from to reason } logs(first: 20) { edges { node { date value note } } } } } } }`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const post = (token: string, url: string, payload: Buffer) =>
  t.app.server.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    payload,
  });
const goalsOf = async (token: string) => ok(await t.gql(token, GOALS)).goals.edges.map((e: any) => e.node);

const EXPECTED = [
  {
    title: 'Planche',
    kind: 'HABIT',
    status: 'ACTIVE',
    description: 'Did you train today?',
    unit: null,
    target: null,
    targetType: 'AT_LEAST',
    frequency: { times: 1, perDays: 1 },
    startDate: '2021-05-01',
    pauses: [{ from: '2021-05-04', to: '2021-05-05', reason: 'skipped in Loop' }],
    logs: {
      edges: [{ node: { date: '2021-05-06', value: 1, note: null } }, { node: { date: '2021-05-01', value: 1, note: 'tuck 10 s' } }],
    },
  },
  {
    title: 'Sugar',
    kind: 'HABIT',
    status: 'ACTIVE',
    description: null,
    unit: 'g',
    target: 30,
    targetType: 'AT_MOST',
    frequency: { times: 1, perDays: 7 },
    startDate: '2021-05-01',
    pauses: [],
    logs: { edges: [{ node: { date: '2021-05-02', value: 40, note: null } }, { node: { date: '2021-05-01', value: 25.5, note: 'cake' } }] },
  },
  {
    title: 'Old habit',
    kind: 'HABIT',
    status: 'ARCHIVED',
    description: null,
    unit: null,
    target: null,
    targetType: 'AT_LEAST',
    frequency: { times: 3, perDays: 7 },
    startDate: '2020-01-01',
    pauses: [],
    logs: { edges: [{ node: { date: '2020-01-01', value: 1, note: null } }] },
  },
];

describe("Loop Habit Tracker's full backup", () => {
  it('becomes HABIT goals with their logs, notes, skipped days and archive state; again, it adds nothing', async () => {
    const { token } = await t.createUser({ handle: 'loop-db' });
    const res = await post(token, '/import/loop?name=Loop.db', loopBackup(HABITS));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      format: 'loop',
      dryRun: false,
      created: { goals: 3, logs: 5, pausedDays: 2, reminders: 0 },
      matched: { goals: 0, logs: 0, pausedDays: 0, reminders: 0 },
      skipped: [
        { where: 'Loop.db: Planche', reason: '1 YES_AUTO (Loop derives it) entry' },
        { where: 'Loop.db: Planche', reason: '1 NO entry' },
        { where: 'Loop.db: Planche', reason: '1 UNKNOWN entry' },
        { where: 'Loop.db: Sugar', reason: '1 UNKNOWN entry' },
      ],
    });
    expect(await goalsOf(token)).toEqual(EXPECTED);
    const again = JSON.parse((await post(token, '/import/loop?name=Loop.db', loopBackup(HABITS))).body);
    expect(again).toMatchObject({ created: { goals: 0, logs: 0, pausedDays: 0 }, matched: { goals: 3, logs: 5, pausedDays: 2 } });
    expect(await goalsOf(token)).toEqual(EXPECTED);
  });

  it("brings each habit's reminder along, at its time and on its weekdays; again, it adds nothing", async () => {
    const { token } = await t.createUser({ handle: 'loop-reminders', timeZone: 'Asia/Seoul' });
    // reminder_days is Loop's WeekdayList bit mask: 1 Saturday, 2 Sunday, 4 Monday, 8 Tuesday, 16 Wednesday,
    // 32 Thursday, 64 Friday; 127 is every day.
    const backup = loopBackup(HABITS, (db) => {
      const set = db.prepare('UPDATE Habits SET reminder_hour = ?, reminder_min = ?, reminder_days = ? WHERE name = ?');
      set.run(21, 30, 4 + 16 + 64, 'Planche');
      set.run(7, 5, 1 + 2, 'Sugar');
      set.run(8, 0, 0, 'Old habit');
    });
    const summary = JSON.parse((await post(token, '/import/loop?name=Loop.db', backup)).body);
    expect(summary).toMatchObject({ created: { goals: 3, reminders: 2 }, matched: { reminders: 0 } });
    expect(summary.skipped).toContainEqual({ where: 'Loop.db: Old habit', reason: 'a reminder on no weekday' });
    const REMINDERS = '{ goals(first: 10) { edges { node { title reminders { at weekdays when nextFireAt } } } } }';
    const reminders = async () => ok(await t.gql(token, REMINDERS)).goals.edges.map((e: any) => e.node);
    // The clock stands at Tuesday 2021-06-15T12:00Z, 21:00 in Seoul.
    expect(await reminders()).toEqual([
      {
        title: 'Planche',
        reminders: [{ at: '21:30', weekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], when: 'ALWAYS', nextFireAt: '2021-06-16T12:30:00.000Z' }],
      },
      {
        title: 'Sugar',
        reminders: [{ at: '07:05', weekdays: ['SATURDAY', 'SUNDAY'], when: 'ALWAYS', nextFireAt: '2021-06-18T22:05:00.000Z' }],
      },
      { title: 'Old habit', reminders: [] },
    ]);
    const again = JSON.parse((await post(token, '/import/loop?name=Loop.db', backup)).body);
    expect(again).toMatchObject({ created: { reminders: 0 }, matched: { reminders: 2 } });
    expect((await reminders()).map((g: any) => g.reminders.length)).toEqual([1, 1, 0]);
  });

  it('refuses a reminder time Loop cannot have, naming the row', async () => {
    const { token } = await t.createUser({ handle: 'loop-bad-reminder' });
    const res = await post(
      token,
      '/import/loop?name=Loop.db',
      loopBackup(HABITS, (db) => db.prepare("UPDATE Habits SET reminder_hour = 24, reminder_min = 0 WHERE name = 'Sugar'").run()),
    );
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error.message).toBe(
      'Loop.db: Habits row id 2: reminder_hour: expected a time of day (hour 0-23, minute 0-59), got [24,0]',
    );
    expect(await goalsOf(token)).toEqual([]);
  });

  it('changes nothing for a malformed backup and names the table, the row and the column', async () => {
    const { token } = await t.createUser({ handle: 'loop-bad-db' });
    const noon = loopBackup(HABITS, (db) => db.prepare('UPDATE Repetitions SET timestamp = timestamp + 43200000 WHERE id = 9').run());
    let res = await post(token, '/import/loop?name=Loop.db', noon);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error.message).toBe(
      "Loop.db: Repetitions row id 9: timestamp: expected a day's UTC midnight in milliseconds, got 1619956800000",
    );
    res = await post(
      token,
      '/import/loop?name=Loop.db',
      loopBackup(HABITS, (db) => db.exec('DROP TABLE Repetitions')),
    );
    expect(JSON.parse(res.body).error.message).toMatch(/^Loop\.db: Repetitions: expected Loop's Repetitions table/);
    res = await post(token, '/import/loop?name=notes.txt', Buffer.from('hello'));
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(await goalsOf(token)).toEqual([]);
  });
});

describe("Loop Habit Tracker's CSV export", () => {
  it('as a zip gives the same goals as the backup', async () => {
    const { token } = await t.createUser({ handle: 'loop-zip' });
    const res = await post(token, '/import/loop?name=Loop.zip', zip(loopCsvFiles(HABITS)));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).created).toEqual({ goals: 3, logs: 5, pausedDays: 2, reminders: 0 });
    expect(await goalsOf(token)).toEqual(EXPECTED);
  });

  it('as the unzipped folder, through the CLI; a bad value changes nothing and says which file, line and column', async () => {
    const { token } = await t.createUser({ handle: 'loop-folder' });
    const dir = mkdtempSync(join(tmpdir(), 'hoego-loop-'));
    const url = t.app.config.database.kind === 'sqlite' ? `sqlite:${t.app.config.database.path}` : t.app.config.database.url;
    const cli = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(
        argv,
        { DATABASE_URL: url },
        (l) => out.push(l),
        (l) => err.push(l),
      );
      return { code, out, err };
    };
    try {
      const write = (root: string, files: Record<string, string>) => {
        for (const [name, text] of Object.entries(files)) {
          mkdirSync(join(root, name, '..'), { recursive: true });
          writeFileSync(join(root, name), text);
        }
      };
      const bad = loopCsvFiles(HABITS);
      bad['002 Sugar/Checkmarks.csv'] = bad['002 Sugar/Checkmarks.csv'].replace('40000', 'MAYBE');
      write(join(dir, 'bad'), bad);
      const refused = await cli('import', 'loop', join(dir, 'bad'), '--user', 'loop-folder');
      expect(refused.code).toBe(1);
      expect(refused.err).toEqual([
        `${join(dir, 'bad')}: 002 Sugar/Checkmarks.csv: line 3: Value: expected YES_MANUAL, YES_AUTO, NO, SKIP, UNKNOWN or a whole number, got "MAYBE"`,
      ]);
      expect(await goalsOf(token)).toEqual([]);

      write(join(dir, 'good'), loopCsvFiles(HABITS));
      const run = await cli('import', 'loop', join(dir, 'good'), '--user', 'loop-folder');
      expect(run).toMatchObject({ code: 0, err: [] });
      expect(run.out.slice(0, 3)).toEqual(['goals\t3', 'logs\t5', 'pausedDays\t2']);
      expect(await goalsOf(token)).toEqual(EXPECTED);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
