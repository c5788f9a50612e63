import type { Database } from '../../db/database';

/** Requests and cost counted for one key in the current window, and when that window ends (ms since the epoch). */
export interface WindowCount {
  requests: number;
  cost: number;
  resetAt: number;
}

/** Where rate-limit counts live: adds to a key's count in the window of `now` and answers the new totals. */
export interface RateLimitStore {
  add(key: string, requests: number, cost: number, now: number): Promise<WindowCount>;
}

export const WINDOW_MS = 60_000;

/**
 * Counts in this process's memory, for SQLite (one server owns the file): no SQL at all per request. Windows of
 * earlier minutes are dropped once a minute, so memory follows the keys active in the current one.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { minute: number; requests: number; cost: number }>();
  private sweptMinute = 0;

  add(key: string, requests: number, cost: number, now: number): Promise<WindowCount> {
    const minute = Math.floor(now / WINDOW_MS);
    if (minute !== this.sweptMinute) {
      for (const [k, w] of this.windows) if (w.minute !== minute) this.windows.delete(k);
      this.sweptMinute = minute;
    }
    let window = this.windows.get(key);
    if (!window || window.minute !== minute) {
      window = { minute, requests: 0, cost: 0 };
      this.windows.set(key, window);
    }
    window.requests += requests;
    window.cost += cost;
    return Promise.resolve({ requests: window.requests, cost: window.cost, resetAt: (minute + 1) * WINDOW_MS });
  }
}

/**
 * Counts in PostgreSQL, shared by every server on the database: one atomic upsert per request adds to the key's
 * row for the current minute and returns the totals, so two servers never both let the last allowed request
 * through. Rows of past minutes are deleted once a minute per server, outside any request's path.
 */
export class PostgresRateLimitStore implements RateLimitStore {
  private sweptMinute = 0;

  constructor(private readonly db: Database) {}

  async add(key: string, requests: number, cost: number, now: number): Promise<WindowCount> {
    const minute = Math.floor(now / WINDOW_MS);
    if (minute !== this.sweptMinute) {
      this.sweptMinute = minute;
      // Not awaited: a failed sweep only leaves old rows for the next one.
      this.db.dataSource.query('DELETE FROM rate_limit_windows WHERE minute < $1', [minute - 1]).catch(() => undefined);
    }
    const rows: Array<{ requests: number | string; cost: number | string }> = await this.db.dataSource.query(
      `INSERT INTO rate_limit_windows (key, minute, requests, cost) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key, minute) DO UPDATE
         SET requests = rate_limit_windows.requests + EXCLUDED.requests, cost = rate_limit_windows.cost + EXCLUDED.cost
       RETURNING requests, cost`,
      [key, minute, requests, cost],
    );
    return { requests: Number(rows[0].requests), cost: Number(rows[0].cost), resetAt: (minute + 1) * WINDOW_MS };
  }
}
