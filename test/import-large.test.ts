import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli';
import { IMPORT_CHUNK } from '../src/modules/transfer/import.common';
import { PROGRESS_MIN_LOGS, type ProgressStream } from '../src/progress-bar';
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

describe('a spreadsheet of more rows than one chunk', () => {
  it('imports through the CLI with a progress bar on a terminal, and again adds nothing and draws nothing off one', async () => {
    expect(ROWS).toBeGreaterThan(PROGRESS_MIN_LOGS);
    const { token } = await t.createUser({ handle: 'big-sheet' });
    const dir = mkdtempSync(join(tmpdir(), 'hoego-big-'));
    const url = t.app.config.database.kind === 'sqlite' ? `sqlite:${t.app.config.database.path}` : t.app.config.database.url;
    const cli = async (stream: ProgressStream, ...argv: string[]) => {
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
    };
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
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('over HTTP changes nothing when a row past the first chunk is refused, and names its line', async () => {
    const { token } = await t.createUser({ handle: 'big-bad' });
    // The last row is dated after the server's today (2021-06-15): the writer refuses it after a chunk is written.
    const text = `${sheet(ROWS, '2021-06-14')}2021-07-01,Squats,1,\n`;
    const res = await post(t, token, '/import/csv?name=big.csv', text);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: `big.csv: line ${ROWS + 2}: date: the log would count for 2021-07-01, which is after today (2021-06-15) in Asia/Seoul`,
    });
    expect(ok(await t.gql(token, COUNTS)).goals.edges).toEqual([]);

    const good = await post(t, token, '/import/csv?name=big.csv', sheet(ROWS, '2021-06-14'));
    expect(JSON.parse(good.body)).toMatchObject({ created: { goals: 2, logs: ROWS }, matched: { goals: 0, logs: 0 } });
  });
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
