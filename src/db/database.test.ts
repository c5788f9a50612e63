import type { DataSource, EntityManager } from 'typeorm';
import { Database } from './database';

/** PostgreSQL transactions that another transaction made fail (a broken deadlock) are run again from the start. */
describe('Database.write on PostgreSQL', () => {
  function failing(codes: string[]): { db: Database; runs: () => number } {
    let runs = 0;
    const dataSource = {
      transaction: async <T>(fn: (em: EntityManager) => Promise<T>): Promise<T> => {
        runs += 1;
        const code = codes.shift();
        if (code) throw Object.assign(new Error(`failed with ${code}`), { driverError: { code } });
        return fn({} as EntityManager);
      },
    } as unknown as DataSource;
    return { db: new Database(dataSource, 'postgres'), runs: () => runs };
  }

  it('runs a transaction again after a deadlock or a serialization failure', async () => {
    const { db, runs } = failing(['40P01', '40001']);
    await expect(db.write(async () => 'done')).resolves.toBe('done');
    expect(runs()).toBe(3);
  });

  it('gives up after three tries, and never retries other errors', async () => {
    const stuck = failing(['40P01', '40P01', '40P01', '40P01']);
    await expect(stuck.db.write(async () => 'done')).rejects.toThrow('40P01');
    expect(stuck.runs()).toBe(3);
    const other = failing(['23505']);
    await expect(other.db.write(async () => 'done')).rejects.toThrow('23505');
    expect(other.runs()).toBe(1);
  });
});
