import { SettleLogTotalsPerWrite1796280000000 } from '../migrations/1796280000000-SettleLogTotalsPerWrite';
import { FixedClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { MIGRATIONS } from '../src/db/migrations';
import type { UserEntity } from '../src/modules/user/user.entity';
import { createServices, type Services } from '../src/services';
import { TEST_DIALECT, databaseBefore, type ScratchDatabase, revertThrough } from './db';

const postgres = TEST_DIALECT === 'postgres';
const p = (n: number) => (postgres ? `$${n}` : '?');
const NOW = '2021-06-15T12:00:00.000Z';

/**
 * SettleLogTotalsPerWrite: a batch of logs moves each goal's revision and kept total once, and its owner's revision
 * once per goal, where SQLite's row triggers moved them once per log; one log, an edit and a delete still go through
 * the triggers. A database of the previous version upgrades on start with its logs, totals and revisions intact, and
 * goes down and up again.
 */
describe(`migration SettleLogTotalsPerWrite on ${TEST_DIALECT}`, () => {
  let scratch: ScratchDatabase;
  let db: Database;
  let services: Services;
  let user: UserEntity;

  beforeAll(async () => {
    const made = await databaseBefore(SettleLogTotalsPerWrite1796280000000, async (before) => {
      await before.query(
        `INSERT INTO users (handle, display_name, time_zone, created_at) VALUES ('first', 'First', 'Asia/Seoul', ${p(1)})`,
        [NOW],
      );
      for (const title of ['Run', 'Swim'])
        await before.query(
          `INSERT INTO goals (user_id, title, kind, status, target, target_type, start_date, tags, created_at, updated_at) ` +
            `VALUES (1, '${title}', 'TARGET', 'ACTIVE', 1000, 'AT_LEAST', '2021-01-01', '[]', ${p(1)}, ${p(2)})`,
          [NOW, NOW],
        );
      for (const [value, date] of [
        [3, '2021-06-12'],
        [4.5, '2021-06-13'],
      ] as const)
        await before.query(
          `INSERT INTO progress_logs (user_id, goal_id, value, occurred_at, date, created_at, updated_at) VALUES (1, 1, ${value}, ${p(1)}, '${date}', ${p(2)}, ${p(3)})`,
          [NOW, NOW, NOW],
        );
    });
    scratch = made.scratch;
    await made.ds.destroy();
    db = await Database.open(loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, LOG_LEVEL: 'silent' }).database, { migrate: true });
    services = createServices(db, new FixedClock(new Date(NOW)));
    user = (await services.users.findByHandle('first'))!;
  });

  afterAll(async () => {
    await db?.close();
    await scratch.drop();
  });

  const query = (sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> => db.write((em) => em.query(sql, params));
  const userRevision = async () => Number((await query('SELECT revision FROM users WHERE id = 1'))[0].revision);
  /** Each goal's revision, kept total and the sum of its logs' values afresh. */
  const goalStates = async () =>
    (
      await query(
        'SELECT g.id, g.revision, g.logged_total, (SELECT COALESCE(SUM(value), 0) FROM progress_logs l WHERE l.goal_id = g.id) AS summed ' +
          'FROM goals g WHERE g.id IN (1, 2) ORDER BY g.id',
      )
    ).map((row) => ({ revision: Number(row.revision), total: Number(row.logged_total), summed: Number(row.summed) }));

  /** How much a batch of `count` logs over both goals raised the owner's revision and each goal's, and the totals after. */
  async function batchRaises(count: number): Promise<{ user: number; goals: number[]; totals: Array<{ total: number; summed: number }> }> {
    const [u, before] = [await userRevision(), await goalStates()];
    const outcomes = await services.logs.logMany(
      user,
      Array.from({ length: count }, (_, i) => ({ goalId: 1 + (i % 2), value: 0.25 + (i % 5), date: '2021-06-14' })),
    );
    expect(outcomes.filter((o) => o.error !== null)).toEqual([]);
    const after = await goalStates();
    return {
      user: (await userRevision()) - u,
      goals: after.map((g, i) => g.revision - before[i].revision),
      totals: after.map(({ total, summed }) => ({ total, summed })),
    };
  }

  const settlingRows = async () => (postgres ? 0 : Number((await query('SELECT COUNT(*) AS n FROM log_settlements'))[0].n));

  it('upgrades on start, keeping logs, totals and revisions', async () => {
    expect(await db.pendingMigrations()).toEqual([]);
    const [run, swim] = await goalStates();
    expect(run).toEqual({ revision: expect.any(Number), total: 7.5, summed: 7.5 });
    expect(swim).toEqual({ revision: expect.any(Number), total: 0, summed: 0 });
    expect(Number((await query('SELECT COUNT(*) AS n FROM progress_logs'))[0].n)).toBe(2);
  });

  it('moves each goal once per batch, its owner once per goal, with totals equal to the sum of the logs', async () => {
    const raised = await batchRaises(300);
    // SQLite settles each goal in one UPDATE; PostgreSQL's statement triggers run once for the batch's one INSERT.
    expect(raised.goals).toEqual([1, 1]);
    expect(raised.user).toBe(postgres ? 1 : 2);
    for (const { total, summed } of raised.totals) expect(total).toBe(summed);
    expect(await settlingRows()).toBe(0);
  });

  it('keeps the total a log at a time would have kept, to the last bit, on SQLite', async () => {
    const goal = await services.goals.create(user, { title: 'Bits', kind: 'HABIT', startDate: '2021-01-01' });
    await services.logs.log(user, { goalId: goal.id, value: 7.5, date: '2021-06-14' });
    const values = [0.1, 0.7, 0.2, 0.3];
    const outcomes = await services.logs.logMany(
      user,
      values.map((value) => ({ goalId: goal.id, value, date: '2021-06-14' })),
    );
    expect(outcomes.filter((o) => o.error !== null)).toEqual([]);
    const [row] = await query(`SELECT logged_total FROM goals WHERE id = ${p(1)}`, [goal.id]);
    // One addition per log, in their order, as the row trigger made them; PostgreSQL's statement trigger adds their sum.
    const oneByOne = values.reduce((total, value) => total + value, 7.5);
    expect(oneByOne).not.toBe(7.5 + values.reduce((sum, value) => sum + value, 0)); // the order shows in these values
    const kept = Number(row.logged_total);
    expect(postgres ? Math.abs(kept - oneByOne) < 1e-12 : kept === oneByOne).toBe(true);
  });

  it('still moves a goal through the triggers for one log, an edit and a delete', async () => {
    const [before] = await goalStates();
    const { log } = await services.logs.log(user, { goalId: 1, value: 2, date: '2021-06-14' });
    await services.logs.update(user, log.id, { value: 6 });
    await services.logs.delete(user, log.id);
    const [after] = await goalStates();
    expect(after.revision - before.revision).toBe(3);
    expect(after.total).toBe(before.total);
    expect(after.total).toBe(after.summed);
  });

  it('goes down to the trigger that moves a goal once per log on SQLite, and up again', async () => {
    await revertThrough(db, SettleLogTotalsPerWrite1796280000000);
    expect(await db.pendingMigrations()).toEqual(
      MIGRATIONS.slice(MIGRATIONS.indexOf(SettleLogTotalsPerWrite1796280000000)).map((m) => m.name),
    );
    // The code of this version settles goals itself: a multi-row INSERT of ten logs shows what the triggers do.
    const [before] = await goalStates();
    const tuples = Array.from(
      { length: 10 },
      (_, i) => `(1, 1, ${i + 1}, ${p(3 * i + 1)}, '2021-06-14', ${p(3 * i + 2)}, ${p(3 * i + 3)})`,
    );
    await query(
      `INSERT INTO progress_logs (user_id, goal_id, value, occurred_at, date, created_at, updated_at) VALUES ${tuples.join(', ')}`,
      Array.from({ length: 30 }, () => NOW),
    );
    const [after] = await goalStates();
    expect(after.revision - before.revision).toBe(postgres ? 1 : 10);
    expect(after.total).toBe(before.total + 55);
    expect(after.total).toBe(after.summed);
    await db.migrate();
    expect(await db.pendingMigrations()).toEqual([]);
    const up = await batchRaises(10);
    expect(up.goals).toEqual([1, 1]);
    for (const { total, summed } of up.totals) expect(total).toBe(summed);
  });
});
