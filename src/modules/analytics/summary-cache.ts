import type { GoalSummary } from '../../domain/goal-summary';
import { summaryBytes } from '../../domain/goal-summary';

/**
 * What a summary was computed from. A summary may only answer a request whose key is equal in every part: the
 * goal's revision (raised by the database with every write that changes what the summary depends on, see the
 * AddGoalRevisions migration), the owner's zone and day start, and the local day that was "today".
 */
export interface SummaryKey {
  revision: number;
  timeZone: string;
  dayStartsAt: string;
  today: number;
}

/** A first page of a goal's logs as kept: its rows and what the page said about the rest. */
export interface KeptPage<L> {
  items: readonly L[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

interface Entry<G> {
  revision: number;
  /** The summary and the goal row it was computed from, with the key's other parts; null until one is kept. */
  summary: { key: SummaryKey; summary: GoalSummary; goal: G | null } | null;
  /**
   * First pages of the goal's logs under this revision (every log write raises it), by page shape, oldest first;
   * for a user's entry, pages of their goal list under their revision.
   */
  pages: Map<string, { page: unknown; bytes: number }>;
  bytes: number;
}

/** What an entry's goal costs beside its summary, roughly. */
const GOAL_BYTES = 1024;
/** Page shapes kept per goal (first 5, last 10, ...): a client asks for few, and any more push out the oldest. */
export const PAGE_SHAPES_PER_GOAL = 4;
/** What is kept of a user (pages of their goal list by filters, order and cursor, goals' milestones): a few more than of a goal's logs. */
export const LIST_SHAPES_PER_USER = 8;
/** What a kept goal of a list costs, roughly. */
export const LISTED_GOAL_BYTES = 1024;

/** Counters since the process started. */
export interface CacheStats {
  hits: number;
  misses: number;
  pageHits: number;
  pageMisses: number;
  userHits: number;
  userMisses: number;
  entries: number;
  bytes: number;
  maxBytes: number;
}

/** A copy of a page's facts and rows, the rows themselves not copied. */
function frozenPage<T>(page: KeptPage<T>): KeptPage<T> {
  return { items: [...page.items], hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPreviousPage, totalCount: page.totalCount };
}

/** Freezes `value`, the arrays and maps it holds, and the rows in them (one level of objects below each array). */
function deepFreeze<T extends object>(value: T): T {
  const rows = (list: Iterable<unknown>) => {
    for (const item of list) {
      if (Array.isArray(item)) rows(item);
      if (item !== null && typeof item === 'object') Object.freeze(item);
    }
  };
  if (Array.isArray(value)) rows(value);
  else
    for (const field of Object.values(value)) {
      if (!Array.isArray(field)) continue;
      rows(field);
      Object.freeze(field);
    }
  return Object.freeze(value);
}

function sameKey(a: SummaryKey, b: SummaryKey): boolean {
  return a.revision === b.revision && a.today === b.today && a.timeZone === b.timeZone && a.dayStartsAt === b.dayStartsAt;
}

/**
 * Goal summaries and first log pages of this process, at most one revision per goal (the latest written), and pages
 * of users' goal lists, at most one revision per user; least recently used entries dropped first once their total
 * size passes `maxBytes`. A Map keeps insertion order, so re-inserting on use makes its first key the least recently
 * used one. Goals are keyed by their id, users by their id negated, so that both share one order and one bound.
 */
export class SummaryCache<G = unknown, L = unknown> {
  private readonly entries = new Map<number, Entry<G>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private pageHits = 0;
  private pageMisses = 0;
  private userHits = 0;
  private userMisses = 0;

  constructor(readonly maxBytes: number) {}

  /** The summary of `goalId` computed under exactly `key`, or undefined. */
  get(goalId: number, key: SummaryKey): GoalSummary | undefined {
    return this.entry(goalId, key)?.summary;
  }

  /** The summary of `goalId` computed under exactly `key`, with the goal row it was computed from, or undefined. */
  entry(goalId: number, key: SummaryKey): { summary: GoalSummary; goal: G | null } | undefined {
    const entry = this.entries.get(goalId);
    const kept = entry?.summary;
    if (!entry || !kept || !sameKey(kept.key, key)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.touch(goalId, entry);
    return kept;
  }

  /** Keeps `summary` (and the goal row it was computed from) as the one of `goalId`, replacing an older one. */
  set(goalId: number, key: SummaryKey, summary: GoalSummary, goal: G | null = null): void {
    const entry = this.entryFor(goalId, key.revision);
    entry.summary = { key, summary, goal };
    this.resize(goalId, entry);
  }

  /** The first page of `goalId`'s logs of this shape kept under exactly `revision`, or undefined. */
  page(goalId: number, revision: number, shape: string): KeptPage<L> | undefined {
    const entry = this.entries.get(goalId);
    const page = entry && entry.revision === revision ? entry.pages.get(shape)?.page : undefined;
    if (!entry || !page) {
      this.pageMisses++;
      return undefined;
    }
    this.pageHits++;
    this.touch(goalId, entry);
    return page as KeptPage<L>;
  }

  /**
   * Keeps a first page of `goalId`'s logs read under `revision` (read after the revision, so that a write in
   * between makes it newer than its revision, never older), costing about `bytes`. Its rows are frozen: every
   * reader shares them.
   */
  setPage(goalId: number, revision: number, shape: string, page: KeptPage<L>, bytes: number): void {
    this.keep(goalId, revision, shape, frozenPage(page), bytes, PAGE_SHAPES_PER_GOAL);
  }

  /**
   * What was kept of `userId` under `key` (a page of their goal list of one shape, their goals' milestones) while
   * their revision was exactly `revision`, or undefined.
   */
  userValue<T>(userId: number, revision: number, key: string): T | undefined {
    const entry = this.entries.get(-userId);
    const value = entry && entry.revision === revision ? entry.pages.get(key)?.page : undefined;
    if (!entry || value === undefined) {
      this.userMisses++;
      return undefined;
    }
    this.userHits++;
    this.touch(-userId, entry);
    return value as T;
  }

  /**
   * Keeps `value`, read under `userId`'s `revision` (read after it, so that a write in between makes the value newer
   * than its revision, never older), costing about `bytes`. It is frozen, with the rows it holds: every reader
   * shares them.
   */
  setUserValue(userId: number, revision: number, key: string, value: object, bytes: number): void {
    this.keep(-userId, revision, key, value, bytes, LIST_SHAPES_PER_USER);
  }

  /** The page of `userId`'s goal list of this shape (filters, order, cursor, size) kept under exactly `revision`. */
  listPage(userId: number, revision: number, shape: string): KeptPage<G> | undefined {
    return this.userValue<KeptPage<G>>(userId, revision, `list:${shape}`);
  }

  /** Keeps a page of `userId`'s goal list read under their `revision` (see `setUserValue`). */
  setListPage(userId: number, revision: number, shape: string, page: KeptPage<G>): void {
    this.setUserValue(userId, revision, `list:${shape}`, frozenPage(page), page.items.length * LISTED_GOAL_BYTES);
  }

  private keep(key: number, revision: number, shape: string, value: object, bytes: number, shapes: number): void {
    const entry = this.entryFor(key, revision);
    entry.pages.delete(shape);
    entry.pages.set(shape, { page: deepFreeze(value), bytes });
    for (const [old] of entry.pages) {
      if (entry.pages.size <= shapes) break;
      entry.pages.delete(old);
    }
    this.resize(key, entry);
  }

  stats(): CacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      pageHits: this.pageHits,
      pageMisses: this.pageMisses,
      userHits: this.userHits,
      userMisses: this.userMisses,
      entries: this.entries.size,
      bytes: this.bytes,
      maxBytes: this.maxBytes,
    };
  }

  /** The entry of `goalId` for `revision`: the kept one when it is of that revision, else a new empty one. */
  private entryFor(goalId: number, revision: number): Entry<G> {
    const old = this.entries.get(goalId);
    if (old && old.revision === revision) return old;
    this.drop(goalId);
    const entry: Entry<G> = { revision, summary: null, pages: new Map(), bytes: 0 };
    this.entries.set(goalId, entry);
    return entry;
  }

  /** Accounts for the changed size of `goalId`'s entry, makes it the most recent and drops what no longer fits. */
  private resize(goalId: number, entry: Entry<G>): void {
    this.bytes -= entry.bytes;
    entry.bytes = 0;
    if (entry.summary) entry.bytes += summaryBytes(entry.summary.summary) + (entry.summary.goal ? GOAL_BYTES : 0);
    for (const kept of entry.pages.values()) entry.bytes += kept.bytes;
    this.bytes += entry.bytes;
    if (entry.bytes > this.maxBytes) {
      this.drop(goalId);
      return;
    }
    this.touch(goalId, entry);
    for (const [id] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(id);
    }
  }

  private touch(goalId: number, entry: Entry<G>): void {
    this.entries.delete(goalId);
    this.entries.set(goalId, entry);
  }

  private drop(goalId: number): void {
    const old = this.entries.get(goalId);
    if (!old) return;
    this.bytes -= old.bytes;
    this.entries.delete(goalId);
  }
}
