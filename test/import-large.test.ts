import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli';
import { importNodeFlags, runsWith } from '../src/import-heap';
import { IMPORT_CHUNK } from '../src/modules/transfer/import.common';
import { PROGRESS_MIN_LOGS, type ProgressStream } from '../src/progress-bar';
import { placeholder } from './db';
import { ok, startTestApp, type TestApp } from './helpers';

/**
 * Files of more rows than one chunk of the batch writer: they still import in one transaction (a mistake past the
 * first chunk takes back the chunks already written), once per row, with a progress bar on a terminal only.
 */
const DAY_MS = 86_400_000;
const ROWS = Math.max(IMPORT_CHUNK, PROGRESS_MIN_LOGS) + 1001;

/** A spreadsheet of `rows` logs over two goals, a day apart going back from `last`. */
function sheet(rows: number, last: string): string {
  const lines = ['date,goal,value,note'];
  for (let n = 0; n < rows; n++) {
    const day = new Date(Date.parse(`${last}T00:00:00Z`) - Math.floor(n / 2) * DAY_MS).toISOString().slice(0, 10);
    lines.push(`${day},${n % 2 === 0 ? 'Squats' : 'Reading'},${(n % 4) + 1},${n % 100 === 0 ? `"row ${n}, noted"` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A stand-in for a terminal's stderr that keeps what is written. */
function terminal(isTTY: boolean): ProgressStream & { text: string } {
  return {
    isTTY,
    columns: 120,
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

const COUNTS = '{ goals(first: 5) { edges { node { title startDate logs(first: 1) { totalCount } } } } }';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const post = (app: TestApp, token: string, url: string, payload: string) =>
  app.app.server.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, payload });

/** Runs the CLI on the test app's database, its progress bar drawn on `stream`. */
async function cli(stream: ProgressStream, ...argv: string[]) {
  const url = t.app.config.database.kind === 'sqlite' ? `sqlite:${t.app.config.database.path}` : t.app.config.database.url;
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { DATABASE_URL: url },
    (l) => out.push(l),
    (l) => err.push(l),
    stream,
  );
  return { code, out, err };
}

/** The user's LOG_CREATED events in the outbox. */
async function logEvents(userId: number): Promise<number> {
  const [row] = await t.app.db.dataSource.query(
    `SELECT COUNT(*) AS n FROM events WHERE user_id = ${placeholder(1)} AND type = 'LOG_CREATED'`,
    [userId],
  );
  return Number(row.n);
}

describe('a spreadsheet of more rows than one chunk', () => {
  it('imports through the CLI with a progress bar on a terminal, and again adds nothing and draws nothing off one', async () => {
    expect(ROWS).toBeGreaterThan(PROGRESS_MIN_LOGS);
    const { user, token } = await t.createUser({ handle: 'big-sheet' });
    const dir = mkdtempSync(join(tmpdir(), 'hoego-big-'));
    try {
      const file = join(dir, 'history.csv');
      writeFileSync(file, sheet(ROWS, '2021-06-14'));
      const tty = terminal(true);
      expect(await cli(tty, 'import', 'csv', file, '--user', 'big-sheet')).toEqual({
        code: 0,
        out: ['goals\t2', `logs\t${ROWS}`, 'goals already there\t0', 'logs already there\t0', `Imported ${file} into big-sheet.`],
        err: [],
      });
      // One frame per chunk written, redrawn in place, the last one full, and the line ended.
      const frames = tty.text.split('\r').filter((f) => f !== '');
      expect(frames).toHaveLength(Math.ceil(ROWS / IMPORT_CHUNK));
      expect(frames[0]).toMatch(new RegExp(`^import history\\.csv \\[#+-+\\] +\\d+% ${IMPORT_CHUNK.toLocaleString('en')}/6,001 logs$`));
      expect(frames.at(-1)).toBe(`import history.csv [${'#'.repeat(30)}] 100% 6,001/6,001 logs\n`);

      // Each goal starts on its earliest row's day, the file's last rows: found before anything is written.
      const goals = ok(await t.gql(token, COUNTS)).goals.edges.map((e: any) => e.node);
      expect(goals).toEqual([
        { title: 'Squats', startDate: '2013-03-28', logs: { totalCount: 3001 } },
        { title: 'Reading', startDate: '2013-03-29', logs: { totalCount: 3000 } },
      ]);
      // The events of the chunks written along the way are there once each, as those written at the commit.
      expect(await logEvents(user.id)).toBe(ROWS);

      const pipe = terminal(false);
      const again = await cli(pipe, 'import', 'csv', file, '--user', 'big-sheet');
      expect(again.out).toEqual([
        'goals\t0',
        'logs\t0',
        'goals already there\t2',
        `logs already there\t${ROWS}`,
        `skipped\t${file}\t${ROWS} rows were imported before`,
        `Imported ${file} into big-sheet.`,
      ]);
      expect(pipe.text).toBe('');
      expect(ok(await t.gql(token, COUNTS)).goals.edges.map((e: any) => e.node.logs.totalCount)).toEqual([3001, 3000]);
      expect(await logEvents(user.id)).toBe(ROWS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('over HTTP changes nothing when a row past the first chunk is refused, and names its line', async () => {
    const { user, token } = await t.createUser({ handle: 'big-bad' });
    // The last row is dated after the server's today (2021-06-15): the writer refuses it after a chunk is written.
    const text = `${sheet(ROWS, '2021-06-14')}2021-07-01,Squats,1,\n`;
    const res = await post(t, token, '/import/csv?name=big.csv', text);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: `big.csv: line ${ROWS + 2}: date: the log would count for 2021-07-01, which is after today (2021-06-15) in Asia/Seoul`,
    });
    expect(ok(await t.gql(token, COUNTS)).goals.edges).toEqual([]);
    // The events written with the earlier chunks went with them.
    expect(await logEvents(user.id)).toBe(0);

    const good = await post(t, token, '/import/csv?name=big.csv', sheet(ROWS, '2021-06-14'));
    expect(JSON.parse(good.body)).toMatchObject({ created: { goals: 2, logs: ROWS }, matched: { goals: 0, logs: 0 } });
  });

  it('keys each log by its date first, and a file imported under the earlier keys (no date) imports again adding nothing', async () => {
    const { user, token } = await t.createUser({ handle: 'old-keys' });
    const text = sheet(ROWS, '2021-06-14');
    expect(JSON.parse((await post(t, token, '/import/csv?name=old.csv', text)).body)).toMatchObject({ created: { logs: ROWS } });
    const keys = () =>
      t.app.db.dataSource.query<Array<{ date: string; import_key: string }>>(
        `SELECT date, import_key FROM progress_logs WHERE user_id = ${placeholder(1)} AND import_source = 'csv' ORDER BY id`,
        [user.id],
      );
    const now = await keys();
    expect(now).toHaveLength(ROWS);
    for (const { date, import_key } of now) expect(import_key).toMatch(new RegExp(`^${date} [0-9a-f]{64}#1$`));
    // What an earlier version stored for the same rows: the same key without its date.
    await t.app.db.dataSource.query(
      `UPDATE progress_logs SET import_key = SUBSTR(import_key, 12) WHERE user_id = ${placeholder(1)} AND import_source = 'csv'`,
      [user.id],
    );
    expect((await keys())[0].import_key).toMatch(/^[0-9a-f]{64}#1$/);

    const again = await post(t, token, '/import/csv?name=old.csv', text);
    expect(JSON.parse(again.body)).toMatchObject({ created: { goals: 0, logs: 0 }, matched: { goals: 2, logs: ROWS } });
    // The file grown by a row and a repeat of one: only those two are new.
    const grown = `${text}2021-06-15,Squats,9,\n${text.split('\n')[1]}\n`;
    expect(JSON.parse((await post(t, token, '/import/csv?name=old.csv', grown)).body)).toMatchObject({
      created: { logs: 2 },
      matched: { logs: ROWS },
    });
    expect(ok(await t.gql(token, COUNTS)).goals.edges.map((e: any) => e.node.logs.totalCount)).toEqual([3003, 3000]);
    expect((await keys()).slice(-2).map((k) => k.import_key.replace(/ [0-9a-f]{64}#/, ' #'))).toEqual(['2021-06-15 #1', '2021-06-14 #2']);
  });
});

describe('a hoego export of more logs than one chunk', () => {
  it('restores through the CLI with a progress bar on a terminal, and draws nothing off one', async () => {
    const from = await t.createUser({ handle: 'big-export' });
    await post(t, from.token, '/import/csv', sheet(ROWS, '2021-06-14'));
    const exported = await t.app.server.inject({ method: 'GET', url: '/export.json', headers: { authorization: `Bearer ${from.token}` } });
    expect(exported.statusCode).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'hoego-big-'));
    try {
      const file = join(dir, 'export.json');
      writeFileSync(file, exported.body);
      const to = await t.createUser({ handle: 'big-restore' });
      const tty = terminal(true);
      const run = await cli(tty, 'import', 'hoego', file, '--user', 'big-restore');
      expect(run).toMatchObject({ code: 0, err: [] });
      expect(run.out).toContain(`logs\t${ROWS}`);
      const frames = tty.text.split('\r').filter((f) => f !== '');
      expect(frames).toHaveLength(Math.ceil(ROWS / IMPORT_CHUNK));
      expect(frames[0]).toMatch(new RegExp(`^import export\\.json \\[#+-+\\] +\\d+% ${IMPORT_CHUNK.toLocaleString('en')}/6,001 logs$`));
      expect(frames.at(-1)).toBe(`import export.json [${'#'.repeat(30)}] 100% 6,001/6,001 logs\n`);
      expect(ok(await t.gql(to.token, COUNTS))).toEqual(ok(await t.gql(from.token, COUNTS)));

      const other = await t.createUser({ handle: 'big-restore-2' });
      const pipe = terminal(false);
      expect((await cli(pipe, 'import', 'hoego', file, '--user', 'big-restore-2')).code).toBe(0);
      expect(pipe.text).toBe('');
      expect(ok(await t.gql(other.token, COUNTS))).toEqual(ok(await t.gql(from.token, COUNTS)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the CLI run as a program', () => {
  it('starts itself again under the heap settings of an import, and answers its summary and exit code', async () => {
    await t.createUser({ handle: 'relaunched' });
    const dir = mkdtempSync(join(tmpdir(), 'hoego-relaunch-'));
    try {
      const file = join(dir, 'history.csv');
      writeFileSync(file, sheet(20, '2021-06-14'));
      // Each process of the CLI notes the Node flags it runs under (its main thread: the loader's has its own).
      const probe = join(dir, 'probe.js');
      const seen = join(dir, 'seen.txt');
      writeFileSync(
        probe,
        `if (require('worker_threads').isMainThread) require('fs').appendFileSync(${JSON.stringify(seen)}, JSON.stringify(process.execArgv) + '\\n');`,
      );
      const url = t.app.config.database.kind === 'sqlite' ? `sqlite:${t.app.config.database.path}` : t.app.config.database.url;
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', 'csv', file, '--user', 'relaunched'], {
        cwd: join(__dirname, '..'),
        env: { ...process.env, DATABASE_URL: url, NODE_OPTIONS: `--require ${probe}` },
        encoding: 'utf8',
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout.split('\n')).toEqual(expect.arrayContaining(['goals\t2', 'logs\t20', `Imported ${file} into relaunched.`]));
      const processes = readFileSync(seen, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as string[]);
      const flags = importNodeFlags(['import', 'csv', file]);
      expect(processes).toHaveLength(2);
      expect(runsWith(flags, processes[0])).toBe(false);
      expect(runsWith(flags, processes[1])).toBe(true);

      const refused = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', 'csv', file, '--user', 'nobody'], {
        cwd: join(__dirname, '..'),
        env: { ...process.env, DATABASE_URL: url },
        encoding: 'utf8',
      });
      expect({ status: refused.status, stderr: refused.stderr }).toEqual({ status: 2, stderr: 'No user with handle "nobody"\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('IMPORT_BODY_LIMIT', () => {
  it('refuses a larger body with 413 and changes nothing', async () => {
    const small = await startTestApp({ env: { IMPORT_BODY_LIMIT: '2048' } });
    try {
      const { token } = await small.createUser({ handle: 'limited' });
      const res = await post(small, token, '/import/csv', sheet(200, '2021-06-14'));
      expect(res.statusCode).toBe(413);
      expect(JSON.parse(res.body).error).toEqual({
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The file is larger than this server takes (IMPORT_BODY_LIMIT, 2048 bytes)',
      });
      expect(ok(await small.gql(token, COUNTS)).goals.edges).toEqual([]);
      const fits = await post(small, token, '/import/csv', sheet(20, '2021-06-14'));
      expect(JSON.parse(fits.body)).toMatchObject({ created: { goals: 2, logs: 20 } });
    } finally {
      await small.close();
    }
  });
});
