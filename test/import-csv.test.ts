import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli';
import { createGoal, ok, startTestApp, type TestApp } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const post = (token: string, url: string, payload: string) =>
  t.app.server.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, payload });

const LOGS = `{ goals(first: 10) { edges { node { title kind startDate logs(first: 50) { totalCount edges { node { date value note occurredAt } } } } } } }`;

// A note over two lines (CRLF kept inside its quotes), a row dated by its instant, a repeated row, a blank line.
const SHEET = [
  'Date,Goal,Value,Note,Mood,occurredAt',
  '2021-05-01,Planche,30,tuck,good,',
  '2021-05-02,Reading,45,"chapter 3, ""Habits""",ok,',
  '2021-05-02,Reading,45,"chapter 3, ""Habits""",ok,',
  ',Reading,10,"two',
  'lines",,2021-05-03T01:00:00Z',
  '',
  '2021-04-30,Reading,,,,',
].join('\r\n');

describe('POST /import/csv', () => {
  it('adds one log per row, matching goals by title and creating the rest from their first day; again, it adds nothing', async () => {
    const { token } = await t.createUser({ handle: 'sheet' });
    await createGoal(t, token, { title: 'Planche', kind: 'HABIT', unit: 'min', startDate: '2021-01-01' });
    const res = await post(token, '/import/csv?name=sheet.csv', SHEET);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      format: 'csv',
      dryRun: false,
      created: { goals: 1, logs: 5 },
      matched: { goals: 1, logs: 0 },
      skipped: [{ where: 'sheet.csv: column 5 ("Mood")', reason: 'not a column hoego reads (date, occurredat, goal, value, note)' }],
    });
    const goals = ok(await t.gql(token, LOGS)).goals.edges.map((e: any) => e.node);
    expect(goals.map((g: any) => [g.title, g.kind, g.startDate, g.logs.totalCount])).toEqual([
      ['Planche', 'HABIT', '2021-01-01', 1],
      ['Reading', 'HABIT', '2021-04-30', 4],
    ]);
    const reading = goals[1].logs.edges.map((e: any) => e.node);
    expect(reading.map((l: any) => [l.date, l.value, l.note])).toEqual([
      // Seoul: 01:00 UTC on 3 May is 10:00 there.
      ['2021-05-03', 10, 'two\r\nlines'],
      ['2021-05-02', 45, 'chapter 3, "Habits"'],
      ['2021-05-02', 45, 'chapter 3, "Habits"'],
      ['2021-04-30', 1, null],
    ]);

    const again = await post(token, '/import/csv?name=sheet.csv', SHEET);
    expect(JSON.parse(again.body)).toMatchObject({ created: { goals: 0, logs: 0 }, matched: { goals: 2, logs: 5 } });
    expect(ok(await t.gql(token, LOGS)).goals.edges.map((e: any) => e.node.logs.totalCount)).toEqual([1, 4]);
  });

  it('takes back what hoego exports: the log CSV of one account into another', async () => {
    const from = await t.createUser({ handle: 'csv-from' });
    const goal = await createGoal(t, from.token, { title: 'Run, easy', kind: 'HABIT', startDate: '2021-05-01' });
    for (const [date, value, note] of [
      ['2021-05-01', 5, 'first "real" run'],
      ['2021-05-03', 7.5, null],
    ] as const)
      ok(
        await t.gql(from.token, 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id } } }', {
          i: { goalId: goal, date, value, note },
        }),
      );
    const csv = (await t.app.server.inject({ method: 'GET', url: '/export.csv', headers: { authorization: `Bearer ${from.token}` } })).body;
    const to = await t.createUser({ handle: 'csv-to' });
    expect((await post(to.token, '/import/csv', csv)).statusCode).toBe(200);
    const query =
      '{ goals(first: 5) { edges { node { title startDate streak { current longest } logs(first: 5) { edges { node { date value note occurredAt } } } } } } }';
    expect(ok(await t.gql(to.token, query))).toEqual(ok(await t.gql(from.token, query)));
  });

  it('changes nothing for a bad file and says on which line and in which column', async () => {
    const { token } = await t.createUser({ handle: 'bad-sheet' });
    const cases: Array<[string, string]> = [
      ['date,goal,value\n2021-05-01,A,1\n2021-05-02,B,abc\n', 'bad.csv: line 3: value: expected a number, got "abc"'],
      ['date,goal,value\n2021-05-01,A,1\n2021-5-2,B,1\n', 'bad.csv: line 3: date: expected a date YYYY-MM-DD, got "2021-5-2"'],
      [
        'date,goal\n2021-05-01,A\n2021-06-16,A\n',
        'bad.csv: line 3: date: the log would count for 2021-06-16, which is after today (2021-06-15) in Asia/Seoul',
      ],
      ['date,goal\n2021-05-01,A\n2021-05-02,\n', 'bad.csv: line 3: goal: expected a goal title, got nothing'],
      ['date,goal,note\n2021-05-01,A,"open\n', 'bad.csv: line 2: a quoted field is not closed before the end of the file'],
      ['day,title\n2021-05-01,A\n', 'bad.csv: line 1: expected a goal column, got columns ["day","title"]'],
    ];
    for (const [text, message] of cases) {
      const res = await post(token, '/import/csv?name=bad.csv', text);
      expect({ status: res.statusCode, error: JSON.parse(res.body).error }).toMatchObject({
        status: 400,
        error: { code: 'BAD_USER_INPUT', message },
      });
    }
    expect(ok(await t.gql(token, '{ goals(first: 1) { totalCount } }')).goals.totalCount).toBe(0);
    const kind = await post(token, '/import/csv?kind=SOMETIMES', 'date,goal\n2021-05-01,A\n');
    expect(JSON.parse(kind.body).error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
  });
});

describe('cli import csv', () => {
  it('imports a file for the named user, with a dry run first', async () => {
    const { token } = await t.createUser({ handle: 'cli-sheet' });
    const dir = mkdtempSync(join(tmpdir(), 'hoego-csv-'));
    try {
      const file = join(dir, 'history.csv');
      writeFileSync(file, 'date,goal,value\n2021-05-01,Reading,20\n2021-05-02,Reading,25\n');
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
      expect(await cli('import', 'csv', file, '--user', 'cli-sheet', '--dry-run')).toEqual({
        code: 0,
        out: ['goals\t1', 'logs\t2', 'goals already there\t0', 'logs already there\t0', `Dry run: ${file} is fine; nothing was kept.`],
        err: [],
      });
      expect(ok(await t.gql(token, '{ goals(first: 1) { totalCount } }')).goals.totalCount).toBe(0);
      const wrongKind = await cli('import', 'csv', file, '--user', 'cli-sheet', '--kind', 'sometimes');
      expect(wrongKind).toMatchObject({ code: 1, err: ['kind must be one of HABIT, TARGET, MILESTONES, got "sometimes"'] });
      const run = await cli('import', 'csv', file, '--user', 'cli-sheet');
      expect(run.out.at(-1)).toBe(`Imported ${file} into cli-sheet.`);
      expect(
        ok(await t.gql(token, '{ goals(first: 1) { edges { node { title logs(first: 5) { totalCount } } } } }')).goals.edges[0].node,
      ).toEqual({
        title: 'Reading',
        logs: { totalCount: 2 },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
