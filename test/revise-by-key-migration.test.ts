import { ReviseRowsByKey1796290000000 } from '../migrations/1796290000000-ReviseRowsByKey';
import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { goalRevisionTriggers, userRevisionTriggers } from '../src/db/revision-triggers';
import { TEST_DIALECT, databaseBefore, type ScratchDatabase, revertThrough } from './db';

const postgres = TEST_DIALECT === 'postgres';
const p = (n: number) => (postgres ? `$${n}` : '?');
const NOW = '2021-06-15T12:00:00.000Z';

/**
 * ReviseRowsByKey: SQLite's update triggers raise each revised row (a goal, its owner) by its key in a statement of
 * its own instead of `id IN (OLD.key, NEW.key)`. A database of the previous version (its triggers as that version
 * left them) upgrades on start with its logs and totals intact, and every edit raises the same revisions and moves
 * the same totals as before; it goes down and up again. On PostgreSQL, whose triggers are left as they are, the same
 * numbers hold.
 */
describe(`migration ReviseRowsByKey on ${TEST_DIALECT}`, () => {
  let scratch: ScratchDatabase;
  let db: Database;

  beforeAll(async () => {
    const made = await databaseBefore(ReviseRowsByKey1796290000000, async (before) => {
      if (!postgres) {
        // The triggers as the previous version's start left them.
        const goals = goalRevisionTriggers('sqlite', { loggedTotals: true, settledByWriters: true, perKeyUpdates: false });
        const users = userRevisionTriggers('sqlite', { throughGoals: true, perKeyUpdates: false });
        for (const sql of [...goals.drop, ...users.drop, ...goals.create, ...users.create]) await before.query(sql);
      }
      await before.query(`INSERT INTO users (handle, display_name, time_zone, created_at) VALUES ('jun', 'Jun', 'Asia/Seoul', ${p(1)})`, [
        NOW,
      ]);
      for (const title of ['Run', 'Swim'])
        await before.query(
          `INSERT INTO goals (user_id, title, kind, status, target, target_type, start_date, tags, created_at, updated_at) ` +
            `VALUES (1, '${title}', 'TARGET', 'ACTIVE', 100, 'AT_LEAST', '2021-01-01', '[]', ${p(1)}, ${p(2)})`,
          [NOW, NOW],
        );
      for (const [goal, value, date] of [
        [1, 3, '2021-06-12'],
        [1, 4.5, '2021-06-13'],
        [2, 0.1, '2021-06-13'],
        [2, 0.2, '2021-06-14'],
      ] as const)
        await before.query(
          `INSERT INTO progress_logs (user_id, goal_id, value, occurred_at, date, created_at, updated_at) ` +
            `VALUES (1, ${goal}, ${value}, ${p(1)}, '${date}', ${p(2)}, ${p(3)})`,
          [NOW, NOW, NOW],
        );
      await before.query(
        `INSERT INTO milestones (user_id, goal_id, title, position, created_at) VALUES (1, 1, 'first 10 km', 1, ${p(1)})`,
        [NOW],
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
  const state = async () => {
    const [user] = await query('SELECT revision FROM users WHERE id = 1');
    const goals = await query('SELECT id, revision, logged_total FROM goals ORDER BY id');
    const sums = await query('SELECT goal_id, SUM(value) AS total FROM progress_logs GROUP BY goal_id ORDER BY goal_id');
    return {
      user: Number(user.revision),
      goals: goals.map((g) => ({ revision: Number(g.revision), total: Number(g.logged_total) })),
      sums: sums.map((s) => Number(s.total)),
    };
  };
  /** What each edit raises (owner, goal 1, goal 2) and the totals after it: a log moved to the other goal, one edited in place, a milestone renamed. */
  const edits = async () => {
    const steps: Array<{ raised: number[]; totals: number[] }> = [];
    const step = async (sql: string) => {
      const before = await state();
      await query(sql);
      const after = await state();
      after.goals.forEach((g, i) => expect(g.total).toBeCloseTo(after.sums[i], 12));
      steps.push({
        raised: [after.user - before.user, ...after.goals.map((g, i) => g.revision - before.goals[i].revision)],
        totals: after.goals.map((g) => g.total),
      });
    };
    const [{ id }] = await query("SELECT id FROM progress_logs WHERE goal_id = 1 AND date = '2021-06-13'");
    await step(`UPDATE progress_logs SET goal_id = 2, value = 0.3 WHERE id = ${Number(id)}`);
    await step(`UPDATE progress_logs SET goal_id = 1, value = 4.5 WHERE id = ${Number(id)}`);
    await step(`UPDATE progress_logs SET value = 0.7 WHERE goal_id = 2 AND date = '2021-06-14'`);
    await step(`UPDATE progress_logs SET value = 0.2 WHERE goal_id = 2 AND date = '2021-06-14'`);
    await step(`UPDATE milestones SET title = 'first 20 km' WHERE id = 1`);
    return steps;
  };
  /** How many of SQLite's triggers still name rows as `IN (OLD.key, NEW.key)`; PostgreSQL's are not concerned (null). */
  const inLists = async (): Promise<number | null> =>
    postgres
      ? null
      : (await query("SELECT sql FROM sqlite_master WHERE type = 'trigger'")).filter((r) => /IN \(OLD\.\w+, NEW\.\w+\)/.test(String(r.sql)))
          .length;

  // The numbers every version gives: a move raises both goals and, through each goal's row, the owner (twice on
  // SQLite, whose triggers run per row; once on PostgreSQL, whose run per statement); an edit
  // in place raises its goal and the owner once; a milestone raises its owner. Each kept total moves by the
  // difference of the values, added as the triggers add it (so the same floating-point results).
  const start = [3 + 4.5, 0 + 0.1 + 0.2];
  const moved = [start[0] + (0 - 4.5), start[1] + (0.3 - 0)];
  const back = [moved[0] + (4.5 - 0), moved[1] + (0 - 0.3)];
  const raised = [back[0], back[1] + (0.7 - 0.2)];
  const lowered = [raised[0], raised[1] + (0.2 - 0.7)];
  const expected = [
    { raised: [postgres ? 1 : 2, 1, 1], totals: moved },
    { raised: [postgres ? 1 : 2, 1, 1], totals: back },
    { raised: [1, 0, 1], totals: raised },
    { raised: [1, 0, 1], totals: lowered },
    { raised: [1, 0, 0], totals: lowered },
  ];

  it('upgrades on start with the logs and their totals intact', async () => {
    expect(await db.pendingMigrations()).toEqual([]);
    const { goals } = await state();
    expect(goals.map((g) => g.total)).toEqual(start);
    expect(await inLists()).toBe(postgres ? null : 0);
  });

  it('raises the same revisions and moves the same totals as the previous triggers', async () => {
    expect(await edits()).toEqual(expected);
  });

  it('goes down to the previous triggers, with the same numbers, and up again', async () => {
    await revertThrough(db, ReviseRowsByKey1796290000000);
    expect(await db.pendingMigrations()).toEqual([ReviseRowsByKey1796290000000.name]);
    // Every update trigger of a revised table: of goals by goal_id (4 tables), of owners by user_id (10, less logs).
    expect(await inLists()).toBe(postgres ? null : 4 + 9);
    expect(await edits()).toEqual(expected);
    await db.migrate();
    expect(await db.pendingMigrations()).toEqual([]);
    expect(await inLists()).toBe(postgres ? null : 0);
    expect(await edits()).toEqual(expected);
  });
});
