import { AsyncResource } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { ReadWriteLock } from './lock';

/** Most write transactions one SQLite commit takes. */
export const MAX_GROUP_MEMBERS = 64;
/** How long a group keeps taking the writes that queue up behind it before it commits, in ms. */
export const GROUP_BUDGET_MS = 8;

/** What this needs of better-sqlite3's connection: whether it is inside a transaction. */
interface SqliteConnection {
  readonly inTransaction: boolean;
}

interface Job {
  body: (em: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What the groups have done so far (for tests). */
export interface WriteGroupStats {
  groups: number;
  members: number;
  largest: number;
}

/**
 * Group commit for SQLite. better-sqlite3 gives a process one connection, so write transactions run one after
 * another; each of them used to pay its own BEGIN and COMMIT, and a COMMIT writes every page the transaction
 * touched to the write-ahead log, two system calls a page (a one-log write touches a dozen pages: the table, its
 * indexes, the goal, the user, the event and its indexes). Writes now wait one turn of the event loop before they
 * begin, so that those of the requests that arrived together (and those that come while a group runs) queue up;
 * they run in one transaction, the first in it directly, each later one in a SAVEPOINT of its own, and one COMMIT
 * saves them all, writing the pages they share once.
 *
 * Each write keeps its own outcome. One that fails is rolled back to its savepoint, alone, and its caller hears the
 * error at once; the others go on. Those that succeed hear so only after the COMMIT, so no caller is told of a
 * write that is not saved: should the COMMIT (or a statement of the group's own) fail, every write of the group
 * not yet answered fails with that error, and nothing of them is saved. A group takes at most MAX_GROUP_MEMBERS
 * writes and stops taking more after GROUP_BUDGET_MS, so reads waiting on the lock (which the group holds, as a
 * lone write transaction did) wait for one short group, then run before the next one begins.
 */
export class WriteGroups {
  private readonly queue: Job[] = [];
  private draining = false;
  readonly stats: WriteGroupStats = { groups: 0, members: 0, largest: 0 };
  /** How many writes a group takes, and for how long (ms); tests widen them to make grouping independent of timing. */
  readonly limits = { members: MAX_GROUP_MEMBERS, budgetMs: GROUP_BUDGET_MS };

  constructor(
    private readonly dataSource: DataSource,
    private readonly lock: ReadWriteLock,
  ) {}

  /** Runs `body` in a transaction, alone or with other writes, and resolves once what it did is committed. */
  run<T>(body: (em: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // The body runs in its caller's async context (its request's write deadline), whoever's group it joins.
      this.queue.push({ body: AsyncResource.bind(body), resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      // The requests whose data arrived with this one's reach their writes before the event loop's next turn.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) await this.lock.write(() => this.runGroup());
    } finally {
      this.draining = false;
    }
  }

  /** Runs queued writes in one transaction until the queue is empty or the group is full; never throws. */
  private async runGroup(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const connection = (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
    // Nothing runs on the connection while the lock is held but this group: a transaction open now was left by a
    // failure no one cleaned up after, and nothing would ever commit on top of it.
    if (connection.inTransaction || runner.isTransactionActive) await abandon(runner, connection);
    const started = performance.now();
    const done: Array<{ job: Job; result: unknown }> = [];
    let members = 0;
    let current: Job | null = null;
    try {
      while (
        this.queue.length > 0 &&
        members < this.limits.members &&
        (members === 0 || performance.now() - started < this.limits.budgetMs)
      ) {
        current = this.queue.shift()!;
        members += 1;
        // The first write of a transaction runs in it directly: a group of one costs what a lone transaction did.
        const first = !runner.isTransactionActive;
        await runner.startTransaction();
        let result: unknown;
        try {
          result = await current.body(runner.manager);
        } catch (error) {
          current.reject(error);
          current = null;
          // Its own changes go (the whole transaction when it was the first; nothing else was in it yet).
          await runner.rollbackTransaction();
          continue;
        }
        if (!first) await runner.commitTransaction();
        done.push({ job: current, result });
        current = null;
      }
    } catch (error) {
      // A statement of the group's own (BEGIN, SAVEPOINT, RELEASE, ROLLBACK TO) failed: nothing of it stays.
      await abandon(runner, connection);
      current?.reject(error);
      for (const { job } of done) job.reject(error);
      return;
    }
    if (runner.isTransactionActive) {
      try {
        await runner.commitTransaction();
      } catch (error) {
        // TypeORM marks the transaction ended right after its COMMIT ran: a failure after that (a listener told of
        // the commit) leaves the writes saved, and they are answered as such.
        if (runner.isTransactionActive) {
          await abandon(runner, connection);
          for (const { job } of done) job.reject(error);
          return;
        }
      }
    }
    this.stats.groups += 1;
    this.stats.members += members;
    this.stats.largest = Math.max(this.stats.largest, members);
    for (const { job, result } of done) job.resolve(result);
  }
}

/**
 * Rolls back whatever of a transaction is open and leaves the runner ready for the next one. TypeORM's own count of
 * levels can be wrong after a failure (a subscriber failing as a savepoint begins marks the runner out of any
 * transaction while the connection is still in one; SQLite may have rolled back by itself, after a full disk say):
 * the connection decides.
 */
async function abandon(runner: QueryRunner, connection: SqliteConnection): Promise<void> {
  while (runner.isTransactionActive) {
    try {
      await runner.rollbackTransaction();
    } catch {
      break;
    }
  }
  if (connection.inTransaction) await runner.query('ROLLBACK').catch(() => undefined);
  Object.assign(runner as unknown as { transactionDepth: number; isTransactionActive: boolean }, {
    transactionDepth: 0,
    isTransactionActive: false,
  });
}
