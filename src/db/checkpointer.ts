import { Worker } from 'node:worker_threads';

/**
 * Copies an SQLite database's write-ahead log back into the database file from a worker thread, off the event loop.
 *
 * SQLite in WAL mode checkpoints on the connection that commits: every thousand pages or so, one unlucky commit
 * stops to copy the log into the file and sync it, and a write transaction pays for that on the request's thread
 * (measured here: a one-row log insert and its commit take about 220 µs with automatic checkpoints and 65 µs
 * without). With this running, the serving connection's automatic checkpoint is only a backstop for a log grown past
 * `BACKSTOP_PAGES` (should the worker fall behind or stop), and the worker, on its own connection to the same file,
 * runs a PASSIVE checkpoint whenever the log has grown. PASSIVE never waits for readers or writers, so it neither
 * blocks the server nor is blocked by it; a later commit starts the log again from its beginning once it has all
 * been copied.
 */
export class WalCheckpointer {
  /** The serving connection's own checkpoint threshold, in pages, while the worker runs (SQLite's default is 1,000). */
  static readonly BACKSTOP_PAGES = 16_384;

  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private latest: CheckpointStats = { runs: 0, framesCopied: 0, busy: 0, errors: 0, lastError: null, logFrames: 0, copiedFrames: 0 };

  private constructor(path: string, opts: { intervalMs: number; minWalBytes: number }) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, ...opts } });
    this.worker.on('message', (stats: CheckpointStats) => (this.latest = stats));
    // A checkpointer that fails leaves the backstop in place; the server goes on.
    this.worker.on('error', (error) => (this.latest = { ...this.latest, errors: this.latest.errors + 1, lastError: String(error) }));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.unref();
  }

  /** Starts checkpointing the database file at `path` every `intervalMs` while its log holds at least `minWalBytes`. */
  static start(path: string, opts: { intervalMs?: number; minWalBytes?: number } = {}): WalCheckpointer {
    return new WalCheckpointer(path, { intervalMs: opts.intervalMs ?? 100, minWalBytes: opts.minWalBytes ?? 256 << 10 });
  }

  /** What the worker has done so far (its last report). */
  get stats(): CheckpointStats {
    return this.latest;
  }

  /** Asks the worker for one checkpoint now, whatever the log's size, and resolves with its report afterwards. */
  async checkpointNow(): Promise<CheckpointStats> {
    const done = new Promise<CheckpointStats>((resolve) => {
      const onMessage = (stats: CheckpointStats & { requested?: boolean }) => {
        if (!stats.requested) return;
        this.worker.off('message', onMessage);
        resolve(stats);
      };
      this.worker.on('message', onMessage);
    });
    this.worker.ref();
    this.worker.postMessage('checkpoint');
    return done.finally(() => this.worker.unref());
  }

  /** Stops the worker and closes its connection. */
  async stop(): Promise<void> {
    // Held until it has closed its connection, even when nothing else keeps the process alive.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}

export interface CheckpointStats {
  /** Checkpoints run. */
  runs: number;
  /** Log frames copied into the database file, over all runs. */
  framesCopied: number;
  /** Runs that could not finish because a reader still needed part of the log (they finish on a later run). */
  busy: number;
  errors: number;
  lastError: string | null;
  /** At the last run: frames in the log, and how many of them are in the database file. */
  logFrames: number;
  copiedFrames: number;
}

/**
 * The worker, as plain JavaScript: evaluated in the worker so that it runs the same way compiled, under a
 * TypeScript loader or in tests.
 */
const WORKER_SOURCE = /* JavaScript */ `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require('better-sqlite3');
const { path, intervalMs, minWalBytes } = workerData;
const db = new Database(path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const stats = { runs: 0, framesCopied: 0, busy: 0, errors: 0, lastError: null, logFrames: 0, copiedFrames: 0 };
function walBytes() {
  try { return statSync(path + '-wal').size; } catch { return 0; }
}
// Frames already copied before this run were counted then: the log may be copied in several runs before it restarts.
let copiedOfThisLog = 0;
function checkpoint(requested) {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    stats.runs += 1;
    if (row.busy) stats.busy += 1;
    const copied = Math.max(row.checkpointed, 0);
    stats.framesCopied += copied >= copiedOfThisLog ? copied - copiedOfThisLog : copied;
    copiedOfThisLog = copied;
    stats.logFrames = row.log;
    stats.copiedFrames = copied;
  } catch (error) {
    stats.errors += 1;
    stats.lastError = String(error && error.message || error);
  }
  parentPort.postMessage({ ...stats, requested });
}
const timer = setInterval(() => { if (walBytes() >= minWalBytes) checkpoint(false); }, intervalMs);
parentPort.on('message', (message) => {
  if (message === 'checkpoint') checkpoint(true);
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
`;
