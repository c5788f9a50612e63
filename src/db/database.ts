import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSource, EntityManager, Logger as TypeOrmLogger } from 'typeorm';
import type { DatabaseConfig } from '../config';
import { guardTransaction, yieldIfHeld, type Deadline } from '../deadline';
import { dataSourceOptions } from './data-source';
import { WalCheckpointer } from './checkpointer';
import { isTransientConflict } from './errors';
import { ReadWriteLock } from './lock';
import { WriteGroups } from './write-groups';
import { SETTLING_TABLE, goalRevisionTriggers, sqliteRevisionTriggerNames, userRevisionTriggers } from './revision-triggers';

/** The migration after which logs raise their owner's revision through their goal's row only. */
const LOG_USER_TRIGGERS_DROPPED_BY = 'DropRedundantLogTriggers1796270000000';
/** The migration after which SQLite's update triggers raise each revised row by its key (see revision-triggers.ts). */
const PER_KEY_TRIGGERS_BY = 'ReviseRowsByKey1796290000000';
import { DataSource as TypeOrmDataSource } from 'typeorm';

/**
 * Makes SQLite write transactions take the write lock when they begin (BEGIN IMMEDIATE) instead of at their
 * first write. With a deferred BEGIN, a transaction that read first and then writes fails at once with
 * SQLITE_BUSY when another process wrote in between, and the busy timeout cannot help; an immediate BEGIN
 * waits its turn under the busy timeout instead. better-sqlite3 gives TypeORM one shared query runner,
 * so adjusting that runner covers every transaction.
 */
function beginImmediate(dataSource: DataSource): void {
  const runner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
  (runner as { query: unknown }).query = (sql: string, ...rest: unknown[]) =>
    query(sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql, ...rest);
}

/**
 * Runs SQLite statements one after another, each after a look at how long the event loop has been held
 * (`yieldIfHeld`). better-sqlite3 runs a statement synchronously, so statements issued together by many resolvers
 * would otherwise run back to back in one turn of the loop, and /healthz and every other request would wait for all
 * of them. Looking at the clock when a statement is about to run, rather than when it was issued, is what makes
 * the check see the statements before it.
 */
function statementsTakeTurns(dataSource: DataSource): void {
  const runner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  (runner as { query: unknown }).query = (sql: string, ...rest: unknown[]) => {
    const run = tail.then(async () => {
      await yieldIfHeld();
      return query(sql, ...rest);
    });
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * Opens a data source, trying again while SQLite answers SQLITE_BUSY. Opening sets the journal mode, which waits
 * for other connections' locks only as long as the busy timeout: several server processes starting together on a
 * new file can find it held longer, by another one creating the schema. A minute of tries bounds it.
 */
async function initializeWaitingForLocks(make: () => DataSource, timeoutMs = 60_000): Promise<DataSource> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dataSource = make();
    try {
      return await dataSource.initialize();
    } catch (error) {
      const busy = (error as { code?: unknown }).code === 'SQLITE_BUSY';
      if (!busy || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}

/** Key of the PostgreSQL advisory lock held while migrating ("hoego" in ASCII). */
const MIGRATION_LOCK_KEY = 0x686f65676f;

/** Counts the SQL statements TypeORM sends; used by tests that prove batching. */
export class StatementCounter implements TypeOrmLogger {
  count = 0;
  logQuery(): void {
    this.count += 1;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/**
 * The one way services reach the database.
 *
 * better-sqlite3 gives TypeORM a single shared connection, so two requests' transactions would interleave on it
 * and a read could see another request's uncommitted (and possibly rolled back) writes. On SQLite write
 * transactions therefore run behind a readers–writer lock, and reads wait while one is in flight; those that queue
 * up together share one COMMIT, each in a savepoint of its own (group commit, see WriteGroups).
 * PostgreSQL has real per-connection transactions, so there the lock is not used.
 */
export class Database {
  private readonly lock: ReadWriteLock | null;
  /** SQLite's group commit: write transactions that queue up run together under one COMMIT (see WriteGroups). */
  readonly groups: WriteGroups | null;

  constructor(
    readonly dataSource: DataSource,
    readonly dialect: 'sqlite' | 'postgres',
    readonly statements: StatementCounter | null = null,
    /** Checkpoints an SQLite file's write-ahead log off the event loop; null for PostgreSQL and in-memory SQLite. */
    readonly checkpointer: WalCheckpointer | null = null,
  ) {
    this.lock = dialect === 'sqlite' ? new ReadWriteLock() : null;
    this.groups = this.lock ? new WriteGroups(dataSource, this.lock) : null;
  }

  /** Opens the configured database. With `migrate`, applies pending migrations first. */
  static async open(config: DatabaseConfig, opts: { migrate?: boolean; countStatements?: boolean } = {}): Promise<Database> {
    const counter = opts.countStatements ? new StatementCounter() : null;
    if (config.kind === 'sqlite' && config.path !== ':memory:') {
      mkdirSync(dirname(config.path), { recursive: true });
    }
    const options = dataSourceOptions(config);
    const dataSource = await initializeWaitingForLocks(
      () => new TypeOrmDataSource(counter ? { ...options, logging: ['query'], logger: counter } : options),
    );
    if (config.kind === 'sqlite') {
      beginImmediate(dataSource);
      statementsTakeTurns(dataSource);
    }
    let checkpointer: WalCheckpointer | null = null;
    if (config.kind === 'sqlite' && config.path !== ':memory:' && config.checkpoint === 'background') {
      await dataSource.query(`PRAGMA wal_autocheckpoint = ${WalCheckpointer.BACKSTOP_PAGES}`);
      // The log file is cut back to this size when it starts again, so that one burst does not keep it large.
      await dataSource.query(`PRAGMA journal_size_limit = ${64 << 20}`);
      checkpointer = WalCheckpointer.start(config.path);
    }
    const db = new Database(dataSource, config.kind, counter, checkpointer);
    if (opts.migrate) await db.migrate();
    return db;
  }

  /**
   * Applies pending migrations, each in its own transaction. On PostgreSQL several servers may start at once
   * on a new database: a session advisory lock lets one of them migrate while the others wait, then find
   * nothing left to do.
   */
  async migrate(): Promise<void> {
    if (this.dialect === 'sqlite') {
      try {
        await this.exclusive(() =>
          this.withoutForeignKeys(async () =>
            (await this.hasPendingMigrations())
              ? this.withoutRevisionTriggers(() => this.dataSource.runMigrations({ transaction: 'each' }))
              : [],
          ),
        );
      } catch (error) {
        // Another process on the same file may have applied the same migration first, making ours fail
        // (each migration runs in its own transaction, so ours left nothing behind). Wait for it to finish.
        if (!(await this.waitForMigrations(30_000))) throw error;
      }
      return;
    }
    await this.withMigrationLock(() => this.dataSource.runMigrations({ transaction: 'each' }));
  }

  /** Undoes the last applied migration, under the same guards as `migrate`. */
  async revert(): Promise<void> {
    if (this.dialect === 'sqlite') {
      await this.exclusive(() =>
        this.withoutForeignKeys(() => this.withoutRevisionTriggers(() => this.dataSource.undoLastMigration({ transaction: 'each' }))),
      );
      return;
    }
    await this.withMigrationLock(() => this.dataSource.undoLastMigration({ transaction: 'each' }));
  }

  /** Runs `fn` holding PostgreSQL's session advisory lock for migrations, so one server changes the schema at a time. */
  private async withMigrationLock<T>(fn: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        return await fn();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Runs SQLite schema changes with foreign keys off. TypeORM changes a column on SQLite by rebuilding the table,
   * and switches foreign keys off for that only inside the migration's transaction, where SQLite ignores the
   * switch: dropping the old table would then cascade and delete every row that references it (a goal's logs).
   * Switched off here, outside any transaction, and checked afterwards.
   */
  private async withoutForeignKeys<T>(fn: () => Promise<T>): Promise<T> {
    await this.dataSource.query('PRAGMA foreign_keys = OFF');
    try {
      const result = await fn();
      const broken: unknown[] = await this.dataSource.query('PRAGMA foreign_key_check');
      if (broken.length > 0)
        throw new Error(`Migration left ${broken.length} rows with broken foreign keys: ${JSON.stringify(broken.slice(0, 5))}`);
      return result;
    } finally {
      await this.dataSource.query('PRAGMA foreign_keys = ON');
    }
  }

  /**
   * Runs SQLite migrations with the goal-revision triggers lifted, and puts them back afterwards while the
   * revision column exists. SQLite refuses to rebuild `goals` while other tables' triggers name it, and dropping
   * a rebuilt table drops its own triggers: lifting them first lets any later migration rebuild any table and
   * still end with every trigger in place. Only done when there is something to migrate, so another server process
   * on the same file never writes without them while this one merely starts.
   */
  private async withoutRevisionTriggers<T>(fn: () => Promise<T>): Promise<T> {
    const names = new Set(sqliteRevisionTriggerNames());
    const present: Array<{ name: string }> = await this.dataSource.query("SELECT name FROM sqlite_master WHERE type = 'trigger'");
    for (const { name } of present) if (names.has(name)) await this.dataSource.query(`DROP TRIGGER ${name}`);
    try {
      return await fn();
    } finally {
      const applied = async (name: string) =>
        (await this.dataSource.query<unknown[]>('SELECT name FROM migrations WHERE name = ?', [name])).length > 0;
      const columns: Array<{ name: string }> = await this.dataSource.query("SELECT name FROM pragma_table_info('goals')");
      const perKeyUpdates = columns.some((c) => c.name === 'revision') && (await applied(PER_KEY_TRIGGERS_BY));
      if (columns.some((c) => c.name === 'revision')) {
        const settling: unknown[] = await this.dataSource.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [
          SETTLING_TABLE,
        ]);
        const { create, drop } = goalRevisionTriggers('sqlite', {
          loggedTotals: columns.some((c) => c.name === 'logged_total'),
          settledByWriters: settling.length > 0,
          perKeyUpdates,
        });
        for (const sql of [...drop, ...create]) await this.dataSource.query(sql);
      }
      const userColumns: Array<{ name: string }> = await this.dataSource.query("SELECT name FROM pragma_table_info('users')");
      if (userColumns.some((c) => c.name === 'revision')) {
        const { create, drop } = userRevisionTriggers('sqlite', {
          throughGoals: await applied(LOG_USER_TRIGGERS_DROPPED_BY),
          perKeyUpdates,
        });
        for (const sql of [...drop, ...create]) await this.dataSource.query(sql);
      }
    }
  }

  /** Whether a migration is still to apply, read without the lock (for use while holding it). */
  private async hasPendingMigrations(): Promise<boolean> {
    return (await this.pendingIn(this.dataSource.manager)).length > 0;
  }

  /** Polls until no migration is pending; false when `timeoutMs` passes first. */
  private async waitForMigrations(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.pendingMigrations().catch(() => null))?.length === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return false;
  }

  /** Names of migrations not yet applied. */
  async pendingMigrations(): Promise<string[]> {
    return this.read((em) => this.pendingIn(em));
  }

  /** Names of migrations not yet applied, as `em` sees them. A new database has no `migrations` table yet: all are pending. */
  private async pendingIn(em: EntityManager): Promise<string[]> {
    const exists =
      this.dialect === 'postgres'
        ? "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'migrations'"
        : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'";
    const rows: Array<{ name: string }> = (await em.query<unknown[]>(exists)).length ? await em.query('SELECT name FROM migrations') : [];
    const executed = new Set(rows.map((r) => r.name));
    return this.dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((n) => !executed.has(n));
  }

  /**
   * Runs reads. On SQLite they wait while a write transaction is in flight. With a `deadline`, refuses to start
   * once the request's time is up (TIMEOUT). Either way, first lets other work run if the event loop has been held.
   */
  async read<T>(fn: (em: EntityManager) => Promise<T>, deadline?: Deadline): Promise<T> {
    await yieldIfHeld();
    deadline?.check();
    return this.lock ? this.lock.read(() => fn(this.dataSource.manager)) : fn(this.dataSource.manager);
  }

  /**
   * Runs `fn` in one transaction: all of its changes commit together or none do.
   * On SQLite transactions run one at a time, and those queued together commit together (each with its own outcome,
   * answered once the commit has run; see WriteGroups). Under a write deadline (`withWriteDeadline`) a transaction past it
   * stops with TIMEOUT as it starts or just before it commits, and rolls back.
   */
  async write<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    await yieldIfHeld();
    // Under a request's write deadline (withWriteDeadline), checked as the transaction starts and before it commits.
    const { body, committed } = guardTransaction(fn);
    const result = this.groups ? await this.groups.run(body) : await this.retryingConflicts(() => this.dataSource.transaction(body));
    committed();
    return result;
  }

  /** Runs a PostgreSQL transaction again (up to three times in all) when another one made it fail; see isTransientConflict. */
  private async retryingConflicts<T>(attempt: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        if (tries >= 3 || !isTransientConflict(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * tries));
      }
    }
  }

  /** True when the database answers a trivial query. */
  async ping(): Promise<boolean> {
    try {
      await this.read((em) => em.query('SELECT 1'));
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    await this.checkpointer?.stop();
    await this.exclusive(() => this.dataSource.destroy());
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.lock ? this.lock.write(fn) : fn();
  }
}
