import type { EntityManager } from 'typeorm';

/** What a transaction-scoped advisory lock serialises, per user: the first key of `pg_advisory_xact_lock(int, int)`. */
export enum UserLock {
  /** Working out whether a Kaggle result lifts the user's tier. */
  KAGGLE_TIER = 0x4b41,
  /** Working out whether a workout lifts one of the user's ladders. */
  LADDER_LEVEL = 0x4c41,
}

/**
 * Holds `lock` for `userId` until the transaction of `em` ends, so that two concurrent writes of one user see each
 * other's rows when they compare a standing before and after. PostgreSQL only: SQLite's writes run one at a time.
 */
export async function lockForUser(em: EntityManager, lock: UserLock, userId: number): Promise<void> {
  if (em.connection.options.type !== 'postgres') return;
  await em.query('SELECT pg_advisory_xact_lock($1, $2)', [lock, userId]);
}
