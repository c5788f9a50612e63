import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../src/app';
import { runCli } from '../src/cli';
import { scratchDatabase } from './db';
import { ok, startTestApp, type TestApp } from './helpers';
import { YEAR_IN_REVIEW_FIELDS } from './review-query';
import { SCENARIO_QUERIES, writeScenario } from './scenario';

const REVIEW = /* GraphQL */ `
  query Review($year: Int!) {
    yearInReview(year: $year) {
      ...YearInReviewFields
      workouts {
        sessions
        minutes
        sets
        reps
        holdSeconds
        weeks {
          sessions
        }
        personalRecords {
          exercise
          maxHoldSeconds
        }
      }
      goals {
        goal {
          title
        }
        kaggle {
          results
        }
        skill {
          levelsReached {
            name
          }
        }
        pipeline {
          deadline
        }
        reflection {
          ratedLogs
        }
      }
    }
  }
  ${YEAR_IN_REVIEW_FIELDS}
`;

/** Every answer of a user that must survive an export and an import. */
const ANSWERS = [...SCENARIO_QUERIES, '{ goals(first: 20) { edges { node { title parent { title } } } } }', '{ venues { name deadline } }'];

/** Ids and cursors differ between the two accounts by design; everything else must not. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !['id', 'cursor', 'endCursor', 'startCursor'].includes(key))
        .map(([key, v]) => [key, withoutIds(v)]),
    );
  return value;
}

async function get(app: App, url: string, token: string | null) {
  return app.server.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

async function post(app: App, url: string, token: string, payload: string) {
  return app.server.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload,
  });
}

let source: TestApp;
let target: TestApp;
let from: { token: string };
let exported: string;

beforeAll(async () => {
  // The file moves between servers: from SQLite to the suite's database (PostgreSQL under test:pg).
  const sqlite = await scratchDatabase('sqlite');
  [source, target] = await Promise.all([startTestApp({ databaseUrl: sqlite.url }), startTestApp()]);
  const close = source.close.bind(source);
  source.close = () => close().then(() => sqlite.drop());
  from = await source.createUser({ handle: 'jun', timeZone: 'Asia/Seoul', dayStartsAt: '04:00' });
  await writeScenario(source, from.token);
  const res = await get(source.app, '/export.json', from.token);
  if (res.statusCode !== 200) throw new Error(`GET /export.json answered ${res.statusCode}: ${res.body}`);
  exported = res.body;
});
afterAll(() => Promise.all([source.close(), target.close()]));

describe('GET /export.json', () => {
  it('holds the format, the profile, every section and the tokens by name, never a secret', async () => {
    const data = JSON.parse(exported);
    expect(data).toMatchObject({
      format: 'hoego-export',
      version: 1,
      profile: { handle: 'jun', timeZone: 'Asia/Seoul', dayStartsAt: '04:00' },
    });
    expect(data.tokens).toEqual([{ name: 'test', scopes: ['read', 'write'], createdAt: '2021-06-15T12:00:00.000Z', revokedAt: null }]);
    for (const section of [
      'venues',
      'goals',
      'logs',
      'milestones',
      'pauses',
      'kaggleResults',
      'workouts',
      'workoutSets',
      'ladderLevels',
      'pipelines',
      'reminders',
    ])
      expect(data[section].length).toBeGreaterThan(0);
    expect(data.profile.dailyCheckAt).toBe('19:30');
    expect(data.reminders[0]).toEqual({
      id: expect.any(Number),
      goalId: expect.any(Number),
      at: '21:30',
      weekdays: [1, 3, 5],
      when: 'IF_DUE',
      requestId: 'planche-evening',
      createdAt: '2021-06-15T12:00:00.000Z',
    });
    expect(exported).not.toContain(from.token);
    expect(exported).not.toMatch(/tokenHash|token_hash|userId/);
  });

  it('needs a token, and shows only its own user', async () => {
    expect((await get(source.app, '/export.json', null)).statusCode).toBe(401);
    const other = await source.createUser({ handle: 'ana' });
    const theirs = JSON.parse((await get(source.app, '/export.json', other.token)).body);
    expect(theirs.goals).toEqual([]);
    expect(theirs.logs).toEqual([]);
  });

  it('is served with a read-only token', async () => {
    const { secret } = await source.app.services.tokens.create(1, 'reader', ['read']);
    expect((await get(source.app, '/export.json', secret)).statusCode).toBe(200);
  });
});

describe('GET /export.csv', () => {
  it('writes one row per log, oldest first, with the goal by title and notes quoted as needed', async () => {
    const res = await get(source.app, '/export.csv', from.token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('date,occurredAt,goal,value,note');
    const logs = JSON.parse(exported).logs;
    expect(lines).toHaveLength(logs.length + 1);
    expect(lines).toContain('2021-03-10,2021-06-15T12:00:00.000Z,Kaggle Competitions Master,0.5,"silver, counted as half"');
    const dates = lines.slice(1).map((l) => l.slice(0, 10));
    expect([...dates].sort()).toEqual(dates);
  });
});

describe('POST /import/hoego', () => {
  it('restores an account with every goal type into a fresh one elsewhere, with identical answers', async () => {
    // Someone else's data first, so that every id in the target differs from the source's.
    const earlier = await target.createUser({ handle: 'earlier' });
    await writeScenario(target, earlier.token);
    const before = await Promise.all(ANSWERS.map((q) => target.gql(earlier.token, q)));

    const to = await target.createUser({ handle: 'jun-again', timeZone: 'Europe/Berlin' });
    const res = await post(target.app, '/import/hoego', to.token, exported);
    expect(res.statusCode).toBe(200);
    const summary = JSON.parse(res.body);
    const counts = Object.entries(JSON.parse(exported))
      .filter(([key, v]) => key !== 'tokens' && Array.isArray(v))
      .map(([k, v]) => [k, (v as unknown[]).length]);
    expect(summary.created).toEqual(Object.fromEntries(counts));

    const viewer = ok(await target.gql(to.token, '{ viewer { timeZone dayStartsAt dailyCheckAt } }')).viewer;
    expect(viewer).toEqual({ timeZone: 'Asia/Seoul', dayStartsAt: '04:00', dailyCheckAt: '19:30' });
    // Reminders fire on the restored account: their next instants are worked out for its zone, from now.
    const reminders = ok(await target.gql(to.token, '{ goals(first: 20) { edges { node { reminders { at nextFireAt } } } } }'));
    expect(reminders.goals.edges.flatMap((e: any) => e.node.reminders)).toEqual([
      { at: '21:30', nextFireAt: '2021-06-16T12:30:00.000Z' },
      { at: '07:00', nextFireAt: '2021-06-15T22:00:00.000Z' },
      { at: '18:00', nextFireAt: '2021-06-16T09:00:00.000Z' },
    ]);
    for (const query of ANSWERS.slice(1)) {
      const [a, b] = await Promise.all([source.gql(from.token, query), target.gql(to.token, query)]);
      expect(a.errors).toBeUndefined();
      expect(withoutIds(b)).toEqual(withoutIds(a));
    }
    for (const year of [2020, 2021]) {
      const [a, b] = await Promise.all([source.gql(from.token, REVIEW, { year }), target.gql(to.token, REVIEW, { year })]);
      expect(a.errors).toBeUndefined();
      expect(withoutIds(b)).toEqual(withoutIds(a));
    }
    // The same file again adds nothing, and says so.
    const again = await post(target.app, '/import/hoego', to.token, exported);
    expect(again.statusCode).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({
      created: { goals: 0, logs: 0 },
      skipped: [{ reason: 'this export was restored into this account before' }],
    });
    expect(ok(await target.gql(to.token, '{ goals(first: 1) { totalCount } }')).goals.totalCount).toBe(JSON.parse(exported).goals.length);
    // The other account is as it was.
    expect(await Promise.all(ANSWERS.map((q) => target.gql(earlier.token, q)))).toEqual(before);
  });

  it('refuses an account that has goals already, and a read-only token', async () => {
    const busy = await target.createUser({ handle: 'busy' });
    ok(await target.gql(busy.token, 'mutation { createGoal(input: { title: "mine", kind: HABIT }) { goal { id } } }'));
    const res = await post(target.app, '/import/hoego', busy.token, exported);
    expect(res.statusCode).toBe(409);
    expect(JSON.parse(res.body).error.code).toBe('CONFLICT');
    const reader = await target.app.services.tokens.create(busy.user.id, 'reader', ['read']);
    expect((await post(target.app, '/import/hoego', reader.secret, exported)).statusCode).toBe(403);
  });

  it('changes nothing for a bad file and names the entry and the field', async () => {
    const fresh = await target.createUser({ handle: 'fresh', timeZone: 'Europe/Berlin' });
    const data = JSON.parse(exported);
    const broken = structuredClone(data);
    broken.logs[5].date = '2021-13-01x';
    let res = await post(target.app, '/import/hoego?name=jun.json', fresh.token, JSON.stringify(broken));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'logs[5].date',
      message: 'jun.json: logs[5].date: expected a date YYYY-MM-DD, got "2021-13-01x"',
    });
    // A link to nothing fails only once earlier sections are written: the transaction takes them back.
    const dangling = structuredClone(data);
    dangling.pipelines[0].venueId = 999;
    res = await post(target.app, '/import/hoego', fresh.token, JSON.stringify(dangling));
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'pipelines[0].venueId' });
    res = await post(target.app, '/import/hoego', fresh.token, '{"format":"hoego-export","version":1');
    expect(JSON.parse(res.body).error.message).toMatch(/^request body: JSON: is not valid JSON/);
    res = await post(target.app, '/import/hoego', fresh.token, JSON.stringify({ ...data, version: 2 }));
    expect(JSON.parse(res.body).error.message).toBe('request body: version: expected 1 (what this server reads), got 2');

    const left = ok(await target.gql(fresh.token, '{ viewer { timeZone } goals(first: 1) { totalCount } venues { id } }'));
    expect(left).toEqual({ viewer: { timeZone: 'Europe/Berlin' }, goals: { totalCount: 0 }, venues: [] });
  });

  it('with dryRun counts what it would write and keeps nothing', async () => {
    const trial = await target.createUser({ handle: 'trial' });
    const res = await post(target.app, '/import/hoego?dryRun=true', trial.token, exported);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ dryRun: true, created: { goals: JSON.parse(exported).goals.length } });
    expect(ok(await target.gql(trial.token, '{ goals(first: 1) { totalCount } }')).goals.totalCount).toBe(0);
  });

  it('answers an unknown format with the formats it takes', async () => {
    const someone = await target.createUser({ handle: 'someone' });
    const res = await post(target.app, '/import/nope', someone.token, '{}');
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'format',
      message: 'format must be one of hoego, csv, loop, got "nope"',
    });
  });
});

describe('cli import hoego', () => {
  const urlOf = (app: App) => (app.config.database.kind === 'sqlite' ? `sqlite:${app.config.database.path}` : app.config.database.url);

  async function cli(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      { DATABASE_URL: urlOf(target.app) },
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, out, err };
  }

  it('restores the file into the named account and prints what it wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoego-import-'));
    try {
      const file = join(dir, 'jun.json');
      writeFileSync(file, exported);
      const to = await target.createUser({ handle: 'from-cli' });
      const dry = await cli(['import', 'hoego', file, '--user', 'from-cli', '--dry-run']);
      expect(dry).toMatchObject({ code: 0, err: [] });
      expect(dry.out.at(-1)).toBe(`Dry run: ${file} is fine; nothing was kept.`);
      expect(ok(await target.gql(to.token, '{ goals(first: 1) { totalCount } }')).goals.totalCount).toBe(0);

      const run = await cli(['import', 'hoego', file, '--user', 'from-cli']);
      expect(run).toMatchObject({ code: 0, err: [] });
      expect(run.out).toContain(`goals\t${JSON.parse(exported).goals.length}`);
      expect(run.out.at(-1)).toBe(`Imported ${file} into from-cli.`);
      const [a, b] = await Promise.all([source.gql(from.token, ANSWERS[1]), target.gql(to.token, ANSWERS[1])]);
      expect(withoutIds(b)).toEqual(withoutIds(a));

      const bad = join(dir, 'bad.json');
      writeFileSync(bad, exported.replace('"kind":"HABIT"', '"kind":"HABBIT"'));
      const other = await target.createUser({ handle: 'bad-file' });
      const refused = await cli(['import', 'hoego', bad, '--user', 'bad-file']);
      expect(refused.code).not.toBe(0);
      expect(refused.err.join('\n')).toMatch(
        new RegExp(`^${bad}: goals\\[\\d+\\]\\.kind: expected one of HABIT, TARGET, MILESTONES, got "HABBIT"`),
      );
      expect(ok(await target.gql(other.token, '{ goals(first: 1) { totalCount } }')).goals.totalCount).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
