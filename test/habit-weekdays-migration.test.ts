import type { DataSource } from 'typeorm';
import { AddHabitWeekdays1796180000000 } from '../migrations/1796180000000-AddHabitWeekdays';
import { TEST_DIALECT, databaseBefore, type ScratchDatabase } from './db';

/** AddHabitWeekdays adds `goals.weekdays`: existing goals and their logs stay, with no weekdays, going up, down and up. */
describe(`migration AddHabitWeekdays on ${TEST_DIALECT}`, () => {
  let scratch: ScratchDatabase;
  let ds: DataSource;
  const p = (n: number) => (TEST_DIALECT === 'postgres' ? `$${n}` : '?');
  const now = '2021-06-15T12:00:00.000Z';

  beforeAll(async () => {
    ({ scratch, ds } = await databaseBefore(AddHabitWeekdays1796180000000, async (before) => {
      await before.query(
        `INSERT INTO users (handle, display_name, time_zone, created_at) VALUES ('first', 'First', 'Asia/Seoul', ${p(1)})`,
        [now],
      );
      for (const [title, times, perDays] of [
        ['Gym', 3, 7],
        ['Stretch', 1, 1],
      ] as const)
        await before.query(
          `INSERT INTO goals (user_id, title, kind, status, target_type, frequency_times, frequency_per_days, start_date, tags, created_at, updated_at) VALUES (1, '${title}', 'HABIT', 'ACTIVE', 'AT_LEAST', ${times}, ${perDays}, '2021-01-01', '[]', ${p(1)}, ${p(2)})`,
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

  const goals = () => ds.query('SELECT id, title, frequency_times, frequency_per_days FROM goals ORDER BY id');
  const kept = [
    { id: 1, title: 'Gym', frequency_times: 3, frequency_per_days: 7 },
    { id: 2, title: 'Stretch', frequency_times: 1, frequency_per_days: 1 },
  ];

  it('keeps every goal with no weekdays, and stores the weekdays given', async () => {
    await ds.runMigrations({ transaction: 'each' });
    expect(await goals()).toEqual(kept);
    expect(await ds.query('SELECT weekdays FROM goals ORDER BY id')).toEqual([{ weekdays: null }, { weekdays: null }]);
    await ds.query("UPDATE goals SET weekdays = '1,3,5' WHERE id = 1");
    expect(await ds.query('SELECT weekdays FROM goals WHERE id = 1')).toEqual([{ weekdays: '1,3,5' }]);
    expect(await ds.query('SELECT COUNT(*) AS n FROM progress_logs')).toEqual([{ n: TEST_DIALECT === 'postgres' ? '1' : 1 }]);
  });

  it('goes down keeping every goal and log, and up again', async () => {
    await ds.undoLastMigration({ transaction: 'each' });
    expect(await goals()).toEqual(kept);
    await expect(ds.query('SELECT weekdays FROM goals')).rejects.toThrow();
    expect(await ds.query('SELECT goal_id, date FROM progress_logs')).toEqual([{ goal_id: 1, date: '2021-06-14' }]);
    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.query('SELECT weekdays FROM goals ORDER BY id')).toEqual([{ weekdays: null }, { weekdays: null }]);
  });
});
