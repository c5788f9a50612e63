import type { DataSource } from 'typeorm';
import { CreateReminders1796240000000 } from '../migrations/1796240000000-CreateReminders';
import { TEST_DIALECT, databaseBefore, type ScratchDatabase } from './db';

/** CreateReminders adds `reminders` and the users' daily check: users and goals stay, going up, down and up. */
describe(`migration CreateReminders on ${TEST_DIALECT}`, () => {
  let scratch: ScratchDatabase;
  let ds: DataSource;
  const p = (n: number) => (TEST_DIALECT === 'postgres' ? `$${n}` : '?');
  const now = '2021-06-15T12:00:00.000Z';

  beforeAll(async () => {
    ({ scratch, ds } = await databaseBefore(CreateReminders1796240000000, async (before) => {
      for (const handle of ['first', 'second'])
        await before.query(
          `INSERT INTO users (handle, display_name, time_zone, created_at) VALUES ('${handle}', 'Someone', 'Asia/Seoul', ${p(1)})`,
          [now],
        );
      await before.query(
        `INSERT INTO goals (user_id, title, kind, status, target_type, frequency_times, frequency_per_days, start_date, tags, created_at, updated_at) VALUES (1, 'Stretch', 'HABIT', 'ACTIVE', 'AT_LEAST', 1, 1, '2021-01-01', '[]', ${p(1)}, ${p(2)})`,
        [now, now],
      );
      await before.query(
        `INSERT INTO progress_logs (user_id, goal_id, value, note, occurred_at, date, created_at, updated_at) VALUES (1, 1, 1, 'kept', ${p(1)}, '2021-06-14', ${p(2)}, ${p(3)})`,
        [now, now, now],
      );
    }));
  });

  afterAll(async () => {
    await ds?.destroy();
    await scratch.drop();
  });

  const users = () => ds.query('SELECT id, handle, time_zone FROM users ORDER BY id');
  const kept = [
    { id: 1, handle: 'first', time_zone: 'Asia/Seoul' },
    { id: 2, handle: 'second', time_zone: 'Asia/Seoul' },
  ];
  const addReminder = () =>
    ds.query(
      `INSERT INTO reminders (user_id, goal_id, at, weekdays, fire_when, next_fire_at, created_at) VALUES (1, 1, '21:00', '1,5', 'ALWAYS', 1623844800000, ${p(1)})`,
      [now],
    );

  it('gives every user the daily check at 20:00, not yet scheduled, and stores reminders', async () => {
    await ds.runMigrations({ transaction: 'each' });
    expect(await users()).toEqual(kept);
    expect(await ds.query('SELECT daily_check_at, next_daily_check_at FROM users ORDER BY id')).toEqual([
      { daily_check_at: '20:00', next_daily_check_at: null },
      { daily_check_at: '20:00', next_daily_check_at: null },
    ]);
    await addReminder();
    const rows = await ds.query('SELECT goal_id, at, weekdays, next_fire_at FROM reminders');
    expect(rows.map((r: { next_fire_at: unknown }) => ({ ...r, next_fire_at: Number(r.next_fire_at) }))).toEqual([
      { goal_id: 1, at: '21:00', weekdays: '1,5', next_fire_at: 1623844800000 },
    ]);
    // Deleting a goal takes its reminders with it.
    await ds.query('DELETE FROM progress_logs');
    await ds.query('DELETE FROM goals WHERE id = 1');
    expect(await ds.query('SELECT id FROM reminders')).toEqual([]);
  });

  it('goes down keeping every user, and up again', async () => {
    await ds.undoLastMigration({ transaction: 'each' });
    expect(await users()).toEqual(kept);
    await expect(ds.query('SELECT daily_check_at FROM users')).rejects.toThrow();
    await expect(ds.query('SELECT id FROM reminders')).rejects.toThrow();
    await ds.runMigrations({ transaction: 'each' });
    expect(await users()).toEqual(kept);
    expect(await ds.query('SELECT daily_check_at FROM users ORDER BY id')).toEqual([
      { daily_check_at: '20:00' },
      { daily_check_at: '20:00' },
    ]);
    expect(await ds.query('SELECT id FROM reminders')).toEqual([]);
  });
});
