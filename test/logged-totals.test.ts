import { DataSource } from 'typeorm';
import { AddGoalLoggedTotals1796170000000 } from '../migrations/1796170000000-AddGoalLoggedTotals';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/db/data-source';
import { Database } from '../src/db/database';
import { MIGRATIONS } from '../src/db/migrations';
import { TEST_DIALECT, scratchDatabase, type ScratchDatabase } from './db';
import { LOG_PROGRESS, createGoal, ok, startTestApp, type TestApp } from './helpers';

const postgres = TEST_DIALECT === 'postgres';
const p = (n: number) => (postgres ? `$${n}` : '?');
const NOW = '2021-06-15T12:00:00.000Z';

/** Each goal's kept total beside a fresh SUM of its logs. */
async function totals(
  query: (sql: string) => Promise<Array<Record<string, unknown>>>,
): Promise<Array<{ id: number; kept: number; sum: number }>> {
  const rows = await query(
    'SELECT id, logged_total AS kept, (SELECT COALESCE(SUM(value), 0) FROM progress_logs WHERE goal_id = goals.id) AS sum FROM goals ORDER BY id',
  );
  return rows.map((r) => ({ id: Number(r.id), kept: Number(r.kept), sum: Number(r.sum) }));
}

/**
 * AddGoalLoggedTotals fills `goals.logged_total` from the logs already written and replaces the revision triggers by
 * ones that keep it; a server started on a database of the previous version upgrades it and answers the same.
 */
describe(`migration AddGoalLoggedTotals on ${TEST_DIALECT}`, () => {
  let scratch: ScratchDatabase;
  let db: Database;
  const index = MIGRATIONS.indexOf(AddGoalLoggedTotals1796170000000);
  const config = () => loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, LOG_LEVEL: 'silent' }).database;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    const before = new DataSource({ ...dataSourceOptions(config()), migrations: MIGRATIONS.slice(0, index) });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    await before.query(`INSERT INTO users (handle, display_name, time_zone, created_at) VALUES ('first', 'First', 'Asia/Seoul', ${p(1)})`, [
      NOW,
    ]);
    for (const [title, kind, target] of [
      ['Kaggle medals', 'TARGET', 10],
      ['Planche', 'HABIT', null],
      ['Empty', 'TARGET', 5],
    ] as const)
      await before.query(
        `INSERT INTO goals (user_id, title, kind, status, target, target_type, start_date, tags, created_at, updated_at) ` +
          `VALUES (1, ${p(1)}, ${p(2)}, 'ACTIVE', ${p(3)}, 'AT_LEAST', '2021-01-01', '[]', ${p(4)}, ${p(5)})`,
        [title, kind, target, NOW, NOW],
      );
    for (const [goal, value, date] of [
      [1, 2.5, '2021-06-12'],
      [1, 0.1, '2021-06-13'],
      [1, 0.2, '2021-06-14'],
      [2, 1, '2021-06-14'],
      [2, -0.5, '2021-06-15'],
    ] as const)
      await before.query(
        `INSERT INTO progress_logs (user_id, goal_id, value, occurred_at, date, created_at, updated_at) VALUES (1, ${goal}, ${value}, ${p(1)}, '${date}', ${p(2)}, ${p(3)})`,
        [NOW, NOW, NOW],
      );
    await before.destroy();
    db = await Database.open(config(), { migrate: true });
  });

  afterAll(async () => {
    await db?.close();
    await scratch.drop();
  });

  const query = (sql: string): Promise<Array<Record<string, unknown>>> => db.read((em) => em.query(sql));
  const revisions = async (): Promise<number[]> => (await query('SELECT revision FROM goals ORDER BY id')).map((r) => Number(r.revision));

  it('fills every goal’s total from its logs on start', async () => {
    expect(await db.pendingMigrations()).toEqual([]);
    const filled = await totals(query);
    // The fill is a SUM of the same logs, so it equals a fresh SUM to the last bit.
    for (const goal of filled) expect(goal.kept).toBe(goal.sum);
    expect(filled).toEqual([
      { id: 1, kept: expect.closeTo(2.8, 12), sum: expect.closeTo(2.8, 12) },
      { id: 2, kept: 0.5, sum: 0.5 },
      { id: 3, kept: 0, sum: 0 },
    ]);
  });

  it('keeps the totals through inserts, edits, moves between goals and deletes, raising revisions as before', async () => {
    const before = await revisions();
    await db.write(async (em) => {
      await em.query(
        `INSERT INTO progress_logs (user_id, goal_id, value, occurred_at, date, created_at, updated_at) VALUES (1, 3, 4, ${p(1)}, '2021-06-15', ${p(2)}, ${p(3)}), (1, 3, 0.75, ${p(4)}, '2021-06-15', ${p(5)}, ${p(6)})`,
        [NOW, NOW, NOW, NOW, NOW, NOW],
      );
      await em.query('UPDATE progress_logs SET value = 3 WHERE id = 1');
      await em.query('UPDATE progress_logs SET goal_id = 3 WHERE id = 4');
      await em.query("UPDATE progress_logs SET note = 'only a note' WHERE id = 2");
      await em.query('DELETE FROM progress_logs WHERE id = 5');
    });
    const after = await totals(query);
    for (const goal of after) expect(goal.kept).toBeCloseTo(goal.sum, 12);
    expect(after.map((g) => g.sum)).toEqual([expect.closeTo(3.3, 12), 0, 5.75]);
    const raised = await revisions();
    raised.forEach((r, i) => expect(r).toBeGreaterThan(before[i]));
    // AddUserRevisions, after it: the owner's revision moved with each of those writes.
    expect(Number((await query('SELECT revision FROM users WHERE id = 1'))[0].revision)).toBeGreaterThanOrEqual(5);
  });

  it('goes down to revision triggers alone and up again with totals filled afresh', async () => {
    // Back past the migrations after it, then past it.
    while ((await db.pendingMigrations()).length < MIGRATIONS.length - index) await db.revert();
    await expect(query('SELECT logged_total FROM goals')).rejects.toThrow();
    const before = await revisions();
    await db.write((em) =>
      em.query(
        `INSERT INTO progress_logs (user_id, goal_id, value, occurred_at, date, created_at, updated_at) VALUES (1, 2, 7, ${p(1)}, '2021-06-15', ${p(2)}, ${p(3)})`,
        [NOW, NOW, NOW],
      ),
    );
    expect((await revisions())[1]).toBeGreaterThan(before[1]);
    await db.migrate();
    const after = await totals(query);
    for (const goal of after) expect(goal.kept).toBeCloseTo(goal.sum, 12);
    expect(after[1].sum).toBe(7);
  });
});

describe(`a TARGET goal's status follows its kept total on ${TEST_DIALECT}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  const STATUS = `query($id: ID!) { node(id: $id) { ... on Goal { status achievedOn progress { current } } } }`;
  const rowId = (id: string) => Number(Buffer.from(id, 'base64url').toString('utf8').split(':')[1]);

  it('achieves on the log that reaches the target, dated by the running total, and the total matches the logs', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Bronze to gold', kind: 'TARGET', target: 0.3, startDate: '2021-06-01' });
    for (const [value, date] of [
      [0.1, '2021-06-10'],
      [0.2, '2021-06-12'],
    ] as const)
      ok(await t.gql(token, LOG_PROGRESS, { input: { goalId, value, date } }));
    // 0.1 + 0.2 is 0.30000000000000004 in floating point, a fresh SUM's answer too: at or over 0.3.
    expect(ok(await t.gql<{ node: unknown }>(token, STATUS, { id: goalId })).node).toMatchObject({
      status: 'ACHIEVED',
      achievedOn: '2021-06-12',
    });
    const [kept] = await t.app.db.read((em) => em.query(`SELECT logged_total AS total FROM goals WHERE id = ${rowId(goalId)}`));
    expect(Number(kept.total)).toBeCloseTo(0.3, 12);
  });

  it('sums the logs afresh when the kept total is within a hair of the target', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Ten sessions', kind: 'TARGET', target: 10, startDate: '2021-06-01' });
    ok(await t.gql(token, LOG_PROGRESS, { input: { goalId, value: 9, date: '2021-06-10' } }));
    // As if rounding had left the kept total a hair under what the logs add up to once the next log lands.
    await t.app.db.write((em) => em.query(`UPDATE goals SET logged_total = logged_total - 1e-9 WHERE id = ${rowId(goalId)}`));
    ok(await t.gql(token, LOG_PROGRESS, { input: { goalId, value: 1, date: '2021-06-11' } }));
    expect(ok(await t.gql<{ node: unknown }>(token, STATUS, { id: goalId })).node).toMatchObject({
      status: 'ACHIEVED',
      achievedOn: '2021-06-11',
    });
  });
});
