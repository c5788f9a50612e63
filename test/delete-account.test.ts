import { runCli } from '../src/cli';
import { OWNED_TABLES } from '../src/modules/user/account.service';
import { errorCode, ok, startTestApp, type TestApp } from './helpers';
import { SCENARIO_QUERIES, writeScenario } from './scenario';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const DELETE = 'mutation($i: DeleteAccountInput!) { deleteAccount(input: $i) { deletedHandle } }';

/** Rows with this user_id in every table that has the column, by table. */
async function rowsOf(userId: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const entity of t.app.db.dataSource.entityMetadatas) {
    const column = entity.findColumnWithDatabaseName('user_id');
    const where = column ? 'user_id' : entity.tableName === 'users' ? 'id' : null;
    if (!where) continue;
    const p = t.app.db.dialect === 'postgres' ? '$1' : '?';
    const [{ n }] = await t.app.db.read((em) => em.query(`SELECT COUNT(*) AS n FROM ${entity.tableName} WHERE ${where} = ${p}`, [userId]));
    out[entity.tableName] = Number(n);
  }
  return out;
}

describe('deleteAccount', () => {
  it('lists every table that holds a user id', () => {
    const listed = new Set(OWNED_TABLES.map((e) => t.app.db.dataSource.getMetadata(e).tableName));
    const withUserId = t.app.db.dataSource.entityMetadatas.filter((e) => e.findColumnWithDatabaseName('user_id')).map((e) => e.tableName);
    expect(withUserId.filter((name) => !listed.has(name))).toEqual([]);
  });

  it('removes every row of the user, revokes their tokens and report links, and leaves others alone', async () => {
    const leaving = await t.createUser({ handle: 'leaving' });
    const staying = await t.createUser({ handle: 'staying' });
    await writeScenario(t, leaving.token);
    await writeScenario(t, staying.token);
    const link = ok(await t.gql(leaving.token, 'mutation { createReportLink(input: { year: 2021 }) { url } }')).createReportLink
      .url as string;
    const path = new URL(link).pathname + new URL(link).search;
    expect((await t.app.server.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    const before = await Promise.all(SCENARIO_QUERIES.map((q) => t.gql(staying.token, q)));
    const owned = await rowsOf(leaving.user.id);
    for (const table of [
      'users',
      'api_tokens',
      'goals',
      'progress_logs',
      'workouts',
      'workout_sets',
      'kaggle_results',
      'venues',
      'pipelines',
    ])
      expect([table, owned[table]]).toEqual([table, expect.any(Number)]);
    expect(Math.min(...Object.values(owned).filter((n) => n > 0))).toBeGreaterThan(0);
    expect(owned.progress_logs).toBeGreaterThan(30);

    const wrong = await t.gql(leaving.token, DELETE, { i: { handle: 'staying' } });
    expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
    expect(wrong.errors![0].message).toBe('handle: must be the account\'s handle typed again as confirmation ("leaving"), got "staying"');
    expect(await rowsOf(leaving.user.id)).toEqual(owned);
    const reader = await t.app.services.tokens.create(leaving.user.id, 'reader', ['read']);
    expect(errorCode(await t.gql(reader.secret, DELETE, { i: { handle: 'leaving' } }))).toBe('FORBIDDEN');

    expect(ok(await t.gql(leaving.token, DELETE, { i: { handle: 'leaving' } }))).toEqual({ deleteAccount: { deletedHandle: 'leaving' } });
    const left = await rowsOf(leaving.user.id);
    expect(Object.entries(left).filter(([, n]) => n > 0)).toEqual([]);
    expect((await t.gql(leaving.token, '{ viewer { id } }')).status).toBe(401);
    expect((await t.gql(reader.secret, '{ viewer { id } }')).status).toBe(401);
    // A new account afterwards does not inherit the old one's links.
    await t.createUser({ handle: 'newcomer' });
    expect((await t.app.server.inject({ method: 'GET', url: path })).statusCode).toBe(403);
    expect(await Promise.all(SCENARIO_QUERIES.map((q) => t.gql(staying.token, q)))).toEqual(before);
  });
});

describe('cli users delete', () => {
  it('deletes the user and all they own', async () => {
    const { user, token } = await t.createUser({ handle: 'cli-leaving' });
    await writeScenario(t, token);
    const url = t.app.config.database.kind === 'sqlite' ? `sqlite:${t.app.config.database.path}` : t.app.config.database.url;
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      ['users', 'delete', 'cli-leaving'],
      { DATABASE_URL: url },
      (l) => out.push(l),
      (l) => err.push(l),
    );
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out[0]).toMatch(/^Deleted cli-leaving and \d+ rows they owned\.$/);
    expect(Object.values(await rowsOf(user.id)).every((n) => n === 0)).toBe(true);
    expect(await t.app.services.users.findByHandle('cli-leaving')).toBeNull();
  });
});
