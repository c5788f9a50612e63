import { performance } from 'node:perf_hooks';
import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError, ErrorCode } from './errors';

/** How long work may hold the event loop before the next read, write or checkpoint lets others (and /healthz) run. */
export const YIELD_EVERY_MS = 20;

/** When the event loop last gave other work a turn, as far as this process can tell. */
let turnStartedAt = performance.now();
/** The next turn of the event loop, shared by everything waiting for one. */
let nextTurn: Promise<void> | null = null;

/** Records that the event loop has just turned (a request arrived, so nothing was holding it). */
export function markTurn(): void {
  turnStartedAt = performance.now();
}

function awaitNextTurn(): Promise<void> {
  nextTurn ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      nextTurn = null;
      turnStartedAt = performance.now();
      resolve();
    }),
  );
  return nextTurn;
}

/**
 * Lets the event loop run pending I/O (other requests, /healthz) when work has held it for YIELD_EVERY_MS or more,
 * and costs a clock read otherwise. Called before every database statement group and at checkpoints, so a long
 * request is many short turns rather than one long one. Everything waiting resumes on the same turn, and each
 * looks at the clock again before going on: when the first has used the turn up, the others wait for the next, so
 * the loop answers I/O between any two of them. better-sqlite3 runs each statement synchronously and has no
 * progress handler to interrupt one, so a single statement still holds the loop for as long as it runs.
 */
export async function yieldIfHeld(): Promise<void> {
  while (performance.now() - turnStartedAt >= YIELD_EVERY_MS) await awaitNextTurn();
}

/**
 * The wall-clock budget of one request (REQUEST_TIMEOUT_MS), measured on the monotonic clock, never the
 * application's (which tests fix). Loops and reads call `check` (cheap, synchronous) or `checkpoint` (which also
 * lets other requests and /healthz run when the event loop has been held for YIELD_EVERY_MS), and stop with TIMEOUT
 * once the budget is spent.
 */
export class Deadline {
  private constructor(
    private readonly at: number,
    readonly budgetMs: number,
    /** The setting the budget comes from, named in the TIMEOUT error. */
    readonly setting: string = 'REQUEST_TIMEOUT_MS',
  ) {}

  /** A deadline `budgetMs` from now, set by `setting`. */
  static after(budgetMs: number, setting = 'REQUEST_TIMEOUT_MS'): Deadline {
    return new Deadline(performance.now() + budgetMs, budgetMs, setting);
  }

  /** No deadline: for work that is not a request (the command line, imports run by the operator). */
  static none(): Deadline {
    return new Deadline(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  get expired(): boolean {
    return performance.now() >= this.at;
  }

  /** Throws TIMEOUT once the budget is spent. */
  check(): void {
    if (this.expired) throw timeoutError(this.budgetMs, this.setting);
  }

  /** `check`, and a turn of the event loop for others when it has been held for a while (`yieldIfHeld`). */
  async checkpoint(): Promise<void> {
    this.check();
    await yieldIfHeld();
    this.check();
  }
}

/** The coded error of a request past its time budget. */
export function timeoutError(budgetMs: number, setting = 'REQUEST_TIMEOUT_MS'): AppError {
  return new AppError(
    ErrorCode.TIMEOUT,
    `The request ran past its time budget of ${budgetMs} ms (${setting}) and was stopped` +
      (setting === 'REQUEST_TIMEOUT_MS' ? '; ask for fewer or smaller fields at once' : ''),
    { budgetMs },
  );
}

/** The deadline of the write a request is making, and whether a transaction of it has committed yet. */
interface WriteScope {
  deadline: Deadline;
  committed: boolean;
}

const writeScopes = new AsyncLocalStorage<WriteScope>();

/**
 * Runs `fn` (a mutation, an import) under `deadline` for its writes: every transaction it opens checks the deadline
 * as it starts, between the chunks of a batch and just before it commits, and stops with TIMEOUT there, which rolls
 * the transaction back whole. Once one transaction has committed, later ones run to their end: a write the client is
 * told failed changed nothing, and one that changed something is answered as done.
 */
export function withWriteDeadline<T>(deadline: Deadline, fn: () => T): T {
  return writeScopes.run({ deadline, committed: false }, fn);
}

/**
 * Inside a write transaction: stops with TIMEOUT when the write's deadline has passed and nothing of it has
 * committed yet, and otherwise lets the event loop turn when it has been held (`yieldIfHeld`).
 */
export async function writeCheckpoint(): Promise<void> {
  const scope = writeScopes.getStore();
  if (scope && !scope.committed) await scope.deadline.checkpoint();
  else await yieldIfHeld();
}

/** Wraps a transaction's body so that it checks the write's deadline first and last (before the commit). */
export function guardTransaction<T, A>(fn: (arg: A) => Promise<T>): { body: (arg: A) => Promise<T>; committed: () => void } {
  const scope = writeScopes.getStore();
  if (!scope || scope.committed) return { body: fn, committed: () => undefined };
  return {
    body: async (arg) => {
      scope.deadline.check();
      const result = await fn(arg);
      scope.deadline.check();
      return result;
    },
    committed: () => {
      scope.committed = true;
    },
  };
}
