import { DropRedundantLogTriggers1796270000000 } from '../migrations/1796270000000-DropRedundantLogTriggers';
import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { MIGRATIONS } from '../src/db/migrations';
import { TEST_DIALECT, databaseBefore, type ScratchDatabase, revertThrough } from './db';

const postgres = TEST_DIALECT === 'postgres';
const p = (n: number) => (postgres ? `$${n}` : '?');
const NOW = '2021-06-15T12:00:00.000Z';

/**
 * DropRedundantLogTriggers: a log write raises its owner's revision through its goal's row alone (once, not twice),
 * and the index that another one's prefix covers is gone; a database of the previous version upgrades on start
 * with its logs, totals and revisions intact, and goes down and up again.
 */
describe(`migration DropRedundantLogTriggers on ${TEST_DIALECT}`, () => {
  let scratch: ScratchDatabase;
  let db: Database;

  beforeAll(async () => {
    const made = await databaseBefore(DropRedundantLogTriggers1796270000000, async (before) => {
      await before.query(
        `INSERT INTO users (handle, display_name, time_zone, created_at) VALUES ('first', 'First', 'Asia/Seoul', ${p(1)})`,
        [NOW],
      );
      await before.query(
        `INSERT INTO goals (user_id, title, kind, status, target, target_type, start_date, tags, created_at, updated_at) ` +
          `VALUES (1, 'Run', 'TARGET', 'ACTIVE', 100, 'AT_LEAST', '2021-01-01', '[]', ${p(1)}, ${p(2)})`,
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
  });

  afterAll(async () => {
    await db?.close();
    await scratch.drop();
  });

  const query = (sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> => db.write((em) => em.query(sql, params));
  const userRevision = async () => Number((await query('SELECT revision FROM users WHERE id = 1'))[0].revision);
  const goalState = async () => {
    const [row] = await query('SELECT revision, logged_total FROM goals WHERE id = 1');
    return { revision: Number(row.revision), total: Number(row.logged_total) };
  };
  const names = async (kind: 'trigger' | 'index'): Promise<string[]> => {
    const rows = postgres
      ? kind === 'trigger'
        ? await query("SELECT DISTINCT tgname AS name FROM pg_trigger WHERE tgrelid = 'progress_logs'::regclass AND NOT tgisinternal")
        : await query("SELECT indexname AS name FROM pg_indexes WHERE tablename = 'progress_logs'")
      : await query(`SELECT name FROM sqlite_master WHERE type = '${kind}' AND tbl_name = 'progress_logs'`);
    return rows.map((r) => String(r.name)).sort();
  };
  /** How much one insert, one edit and one delete of a log each raise the owner's and the goal's revisions. */
  const raises = async (): Promise<{ user: number[]; goal: number[] }> => {
    const user: number[] = [];
    const goal: number[] = [];
    const step = async (sql: string, params: unknown[]) => {
      const [u, g] = [await userRevision(), (await goalState()).revision];
      await query(sql, params);
      user.push((await userRevision()) - u);
      goal.push((await goalState()).revision - g);
    };
    await step(
      `INSERT INTO progress_logs (user_id, goal_id, value, occurred_at, date, created_at, updated_at) VALUES (1, 1, 2, ${p(1)}, '2021-06-14', ${p(2)}, ${p(3)})`,
      [NOW, NOW, NOW],
    );
    const [{ id }] = await query("SELECT id FROM progress_logs WHERE date = '2021-06-14'");
    await step(`UPDATE progress_logs SET value = 5 WHERE id = ${p(1)}`, [id]);
    await step(`DELETE FROM progress_logs WHERE id = ${p(1)}`, [id]);
    return { user, goal };
  };

  it('upgrades on start, keeping logs, totals and revisions, without the redundant triggers and index', async () => {
    expect(await db.pendingMigrations()).toEqual([]);
    expect(await goalState()).toEqual({ revision: expect.any(Number), total: 7.5 });
    expect(Number((await query('SELECT COUNT(*) AS n FROM progress_logs'))[0].n)).toBe(2);
    expect((await names('trigger')).filter((n) => n.includes('user_revise'))).toEqual([]);
    expect(await names('index')).not.toContain('idx_progress_logs_user_date');
    expect(await names('index')).toContain('idx_progress_logs_user_date_goal_value');
  });

  it('raises the owner’s revision exactly once per log statement, and the goal’s as before', async () => {
    expect(await raises()).toEqual({ user: [1, 1, 1], goal: [1, 1, 1] });
    expect((await goalState()).total).toBe(7.5);
  });

  it('goes down to the triggers and index of the previous version, and up again', async () => {
    await revertThrough(db, DropRedundantLogTriggers1796270000000);
    expect(await db.pendingMigrations()).toEqual(
      MIGRATIONS.slice(MIGRATIONS.indexOf(DropRedundantLogTriggers1796270000000)).map((m) => m.name),
    );
    expect(await names('index')).toContain('idx_progress_logs_user_date');
    expect((await names('trigger')).filter((n) => n.includes('user_revise'))).toEqual([
      'trg_progress_logs_user_revise_delete',
      'trg_progress_logs_user_revise_insert',
      'trg_progress_logs_user_revise_update',
    ]);
    // Before, the log's own trigger and its goal's each raised the owner's revision.
    expect((await raises()).user).toEqual([2, 2, 2]);
    await db.migrate();
    expect(await db.pendingMigrations()).toEqual([]);
    expect(await raises()).toEqual({ user: [1, 1, 1], goal: [1, 1, 1] });
    expect((await goalState()).total).toBe(7.5);
  });
});
