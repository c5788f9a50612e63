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

interface Entry<G, L> {
  revision: number;
  /** The summary and the goal row it was computed from, with the key's other parts; null until one is kept. */
  summary: { key: SummaryKey; summary: GoalSummary; goal: G | null } | null;
  /** First pages of the goal's logs under this revision (every log write raises it), by page shape, oldest first. */
  pages: Map<string, { page: KeptPage<L>; bytes: number }>;
  bytes: number;
}

/** What an entry's goal costs beside its summary, roughly. */
const GOAL_BYTES = 1024;
/** Page shapes kept per goal (first 5, last 10, ...): a client asks for few, and any more push out the oldest. */
export const PAGE_SHAPES_PER_GOAL = 4;

/** Counters since the process started. */
export interface CacheStats {
  hits: number;
  misses: number;
  pageHits: number;
  pageMisses: number;
  entries: number;
  bytes: number;
  maxBytes: number;
}

function sameKey(a: SummaryKey, b: SummaryKey): boolean {
  return a.revision === b.revision && a.today === b.today && a.timeZone === b.timeZone && a.dayStartsAt === b.dayStartsAt;
}

/**
 * Goal summaries and first log pages of this process, at most one revision per goal (the latest written), least
 * recently used goals dropped first once their total size passes `maxBytes`. A Map keeps insertion order, so
 * re-inserting on use makes its first key the least recently used one.
 */
export class SummaryCache<G = unknown, L = unknown> {
  private readonly entries = new Map<number, Entry<G, L>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private pageHits = 0;
  private pageMisses = 0;

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
    return page;
  }

  /**
   * Keeps a first page of `goalId`'s logs read under `revision` (read after the revision, so that a write in
   * between makes it newer than its revision, never older), costing about `bytes`. Its rows are frozen: every
   * reader shares them.
   */
  setPage(goalId: number, revision: number, shape: string, page: KeptPage<L>, bytes: number): void {
    const entry = this.entryFor(goalId, revision);
    for (const item of page.items) Object.freeze(item);
    const kept: KeptPage<L> = {
      items: Object.freeze([...page.items]),
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      totalCount: page.totalCount,
    };
    entry.pages.delete(shape);
    entry.pages.set(shape, { page: Object.freeze(kept), bytes });
    for (const [old] of entry.pages) {
      if (entry.pages.size <= PAGE_SHAPES_PER_GOAL) break;
      entry.pages.delete(old);
    }
    this.resize(goalId, entry);
  }

  stats(): CacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      pageHits: this.pageHits,
      pageMisses: this.pageMisses,
      entries: this.entries.size,
      bytes: this.bytes,
      maxBytes: this.maxBytes,
    };
  }

  /** The entry of `goalId` for `revision`: the kept one when it is of that revision, else a new empty one. */
  private entryFor(goalId: number, revision: number): Entry<G, L> {
    const old = this.entries.get(goalId);
    if (old && old.revision === revision) return old;
    this.drop(goalId);
    const entry: Entry<G, L> = { revision, summary: null, pages: new Map(), bytes: 0 };
    this.entries.set(goalId, entry);
    return entry;
  }

  /** Accounts for the changed size of `goalId`'s entry, makes it the most recent and drops what no longer fits. */
  private resize(goalId: number, entry: Entry<G, L>): void {
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

  private touch(goalId: number, entry: Entry<G, L>): void {
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
