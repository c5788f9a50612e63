import type { YearReview } from './review.model';

/**
 * What a year in review was assembled from. It may only answer a request whose key is equal in every part: the
 * owner's revision (raised by the database with every write to anything a review is made of, see the
 * AddUserRevisions migration), the zone and day start that place logs on days, and the local day that was "today"
 * (a year under way ends there, and streaks are counted up to it).
 */
export interface ReviewKey {
  revision: number;
  timeZone: string;
  dayStartsAt: string;
  today: string;
}

interface Entry {
  id: string;
  key: ReviewKey;
  review: YearReview;
  /** Reports rendered from this review, by format and locale: as text, or as the UTF-8 bytes a route sends. */
  renders: Map<string, string | Buffer>;
  bytes: number;
}

/** Counters since the process started. */
export interface ReviewCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
  maxBytes: number;
}

function sameKey(a: ReviewKey, b: ReviewKey): boolean {
  return a.revision === b.revision && a.today === b.today && a.timeZone === b.timeZone && a.dayStartsAt === b.dayStartsAt;
}

/** Roughly what a review takes in memory: its JSON size, twice for UTF-16 strings and object overhead. */
function reviewBytes(review: YearReview): number {
  return 2 * JSON.stringify(review).length;
}

/** Freezes a review and everything in it, so that no reader of a shared review can change it for the next one. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
  return value;
}

/**
 * Years in review of this process, at most one per user and year (the latest), with the reports rendered from
 * them; the least recently used are dropped first once their total size passes `maxBytes` (0 keeps none).
 */
export class ReviewCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byReview = new WeakMap<YearReview, Entry>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(readonly maxBytes: number) {}

  /** The review of `userId`'s `year` assembled under exactly `key`, or undefined. */
  get(userId: number, year: number, key: ReviewKey): YearReview | undefined {
    const id = `${userId}:${year}`;
    const entry = this.entries.get(id);
    if (!entry || !sameKey(entry.key, key)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.review;
  }

  /** Keeps `review` (frozen from now on) as the one of `userId`'s `year`, replacing an older one; returns it. */
  set(userId: number, year: number, key: ReviewKey, review: YearReview): YearReview {
    const id = `${userId}:${year}`;
    this.drop(id);
    if (this.maxBytes === 0) return review;
    const bytes = reviewBytes(review);
    if (bytes > this.maxBytes) return review;
    const entry: Entry = { id, key, review: deepFreeze(review), renders: new Map(), bytes };
    this.entries.set(id, entry);
    this.byReview.set(review, entry);
    this.bytes += bytes;
    this.trim();
    return review;
  }

  /**
   * A report of `review` under `name` (format and locale): rendered once per cached review and kept beside it;
   * rendered afresh each time for a review the cache does not hold.
   */
  render(review: YearReview, name: string, render: () => string): string {
    return this.kept(review, `text:${name}`, render, (text) => 2 * text.length);
  }

  /**
   * The report of `render` as UTF-8 bytes, kept as `render` keeps its text: a route sending it again and again
   * neither renders nor encodes it again, nor leaves a fresh copy per response for the collector.
   */
  encoded(review: YearReview, name: string, render: () => string): Buffer {
    return this.kept(
      review,
      `bytes:${name}`,
      () => Buffer.from(render(), 'utf8'),
      (bytes) => bytes.length,
    );
  }

  private kept<T extends string | Buffer>(review: YearReview, name: string, make: () => T, sizeOf: (made: T) => number): T {
    const entry = this.byReview.get(review);
    // Dropped since: its renders would no longer be counted.
    if (!entry || this.entries.get(entry.id) !== entry) return make();
    const kept = entry.renders.get(name);
    if (kept !== undefined) return kept as T;
    const made = make();
    entry.renders.set(name, made);
    entry.bytes += sizeOf(made);
    this.bytes += sizeOf(made);
    this.trim();
    return made;
  }

  stats(): ReviewCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes };
  }

  private trim(): void {
    for (const [id] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(id);
    }
  }

  private drop(id: string): void {
    const old = this.entries.get(id);
    if (!old) return;
    this.bytes -= old.bytes;
    this.entries.delete(id);
  }
}
