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

interface Entry<G> {
  key: SummaryKey;
  summary: GoalSummary;
  goal: G | null;
  bytes: number;
}

/** What an entry's goal costs beside its summary, roughly. */
const GOAL_BYTES = 1024;

/** Counters since the process started. */
export interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
  maxBytes: number;
}

function sameKey(a: SummaryKey, b: SummaryKey): boolean {
  return a.revision === b.revision && a.today === b.today && a.timeZone === b.timeZone && a.dayStartsAt === b.dayStartsAt;
}

/**
 * Goal summaries of this process, at most one per goal (the latest), least recently used dropped first once their
 * total size passes `maxBytes`. A Map keeps insertion order, so re-inserting on use makes its first key the least
 * recently used one.
 */
export class SummaryCache<G = unknown> {
  private readonly entries = new Map<number, Entry<G>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(readonly maxBytes: number) {}

  /** The summary of `goalId` computed under exactly `key`, or undefined. */
  get(goalId: number, key: SummaryKey): GoalSummary | undefined {
    return this.entry(goalId, key)?.summary;
  }

  /** The summary of `goalId` computed under exactly `key`, with the goal row it was computed from, or undefined. */
  entry(goalId: number, key: SummaryKey): { summary: GoalSummary; goal: G | null } | undefined {
    const entry = this.entries.get(goalId);
    if (!entry || !sameKey(entry.key, key)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(goalId);
    this.entries.set(goalId, entry);
    return entry;
  }

  /** Keeps `summary` (and the goal row it was computed from) as the one of `goalId`, replacing an older one. */
  set(goalId: number, key: SummaryKey, summary: GoalSummary, goal: G | null = null): void {
    const bytes = summaryBytes(summary) + (goal ? GOAL_BYTES : 0);
    this.drop(goalId);
    if (bytes > this.maxBytes) return;
    this.entries.set(goalId, { key, summary, goal, bytes });
    this.bytes += bytes;
    for (const [id] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(id);
    }
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes };
  }

  private drop(goalId: number): void {
    const old = this.entries.get(goalId);
    if (!old) return;
    this.bytes -= old.bytes;
    this.entries.delete(goalId);
  }
}
