import type { Database } from '../../db/database';
import { AppError, ErrorCode } from '../../errors';
import { EventEntity, type EventTypeValue } from './event.entity';

/** Events a subscriber may have waiting before it is dropped as too slow to keep up. */
export const MAX_QUEUED_EVENTS = 1000;
/** Ids remembered per user to drop an event read twice (a range notified after a catch-up that read it). */
const SEEN_IDS = 5000;
/** Most events one read takes; a catch-up reads on until it has them all. */
const READ_BATCH = 500;

/** A range of event ids that one statement wrote for a user, as PostgreSQL's notification carries it. */
export interface EventRange {
  from: number;
  to: number;
}

interface Subscriber {
  types: ReadonlySet<EventTypeValue> | null;
  queue: EventEntity[];
  wake: (() => void) | null;
  done: boolean;
  error: AppError | null;
}

interface UserFeed {
  subscribers: Set<Subscriber>;
  /** Highest event id read for the user; a wake without a range reads what follows it. */
  cursor: number;
  /** The latest id when the feed started: events up to it were committed before anyone here subscribed. */
  floor: number;
  seen: Set<number>;
  /** Reads run one after another per user, so that events reach each subscriber in the order they were read. */
  chain: Promise<void>;
}

/**
 * Live events for subscribers, read from the outbox after commit: the write path (SQLite, one process) or
 * PostgreSQL's notification (every server) wakes the feed of a user, which reads the new rows and hands them
 * to that user's subscribers only, in id order, each event once. Nothing is kept for users without subscribers.
 */
export class EventFeed {
  private readonly users = new Map<number, UserFeed>();
  private closed = false;

  constructor(private readonly db: Database) {}

  /**
   * The user's events committed from now on, of `types` (all when null), until `signal` aborts or the feed closes.
   * A subscriber that falls more than MAX_QUEUED_EVENTS behind gets a SUBSCRIBER_TOO_SLOW error and is dropped.
   */
  async subscribe(
    userId: number,
    types: readonly EventTypeValue[] | null,
    signal?: AbortSignal,
  ): Promise<AsyncIterableIterator<EventEntity>> {
    if (this.closed) throw new AppError(ErrorCode.UNAVAILABLE, 'The server is shutting down; subscribe again to another server');
    const subscriber: Subscriber = { types: types && new Set(types), queue: [], wake: null, done: false, error: null };
    let feed = this.users.get(userId);
    if (!feed) {
      const created: UserFeed = {
        subscribers: new Set(),
        cursor: Number.MAX_SAFE_INTEGER,
        floor: Number.MAX_SAFE_INTEGER,
        seen: new Set(),
        chain: Promise.resolve(),
      };
      // The first subscriber starts after the events committed so far; those committed meanwhile are read next.
      created.chain = this.latestId(userId).then((id) => {
        created.cursor = created.floor = id;
      });
      this.users.set(userId, (feed = created));
    }
    const joined = feed;
    try {
      await joined.chain;
    } catch (error) {
      if (this.users.get(userId) === joined) this.users.delete(userId);
      throw error;
    }
    joined.subscribers.add(subscriber);
    const leave = () => {
      subscriber.done = true;
      joined.subscribers.delete(subscriber);
      if (joined.subscribers.size === 0 && this.users.get(userId) === joined) this.users.delete(userId);
      subscriber.wake?.();
    };
    signal?.addEventListener('abort', leave, { once: true });
    const iterator: AsyncIterableIterator<EventEntity> = {
      [Symbol.asyncIterator]: () => iterator,
      async next(): Promise<IteratorResult<EventEntity>> {
        for (;;) {
          if (subscriber.error) {
            const error = subscriber.error;
            subscriber.error = null;
            throw error;
          }
          const event = subscriber.queue.shift();
          if (event) return { value: event, done: false };
          if (subscriber.done) return { value: undefined, done: true };
          await new Promise<void>((resolve) => (subscriber.wake = resolve));
          subscriber.wake = null;
        }
      },
      async return(): Promise<IteratorResult<EventEntity>> {
        leave();
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }

  /** Reads the user's new events for its subscribers: those in `range`, or all after the last read when null. */
  wake(userId: number, range: EventRange | null = null): void {
    const feed = this.users.get(userId);
    if (!feed) return;
    feed.chain = feed.chain.then(() => this.read(userId, feed, range)).catch(() => this.fail(feed));
  }

  /** Reads every subscribed user's new events (after a lost notification connection). */
  wakeAll(): void {
    for (const userId of this.users.keys()) this.wake(userId);
  }

  /** Ends every subscription; later subscribes are refused. */
  close(): void {
    this.closed = true;
    for (const feed of this.users.values()) {
      for (const subscriber of feed.subscribers) {
        subscriber.done = true;
        subscriber.wake?.();
      }
    }
    this.users.clear();
  }

  /** How many subscribers are listening, over all users. */
  get size(): number {
    let n = 0;
    for (const feed of this.users.values()) n += feed.subscribers.size;
    return n;
  }

  private async latestId(userId: number): Promise<number> {
    const row: { id: number | string | null } | undefined = await this.db.read((em) =>
      em.createQueryBuilder(EventEntity, 'e').select('MAX(e.id)', 'id').where('e.user_id = :userId', { userId }).getRawOne(),
    );
    return Number(row?.id ?? 0);
  }

  private async read(userId: number, feed: UserFeed, range: EventRange | null): Promise<void> {
    for (;;) {
      if (feed.subscribers.size === 0) return;
      const from = range ? range.from : feed.cursor + 1;
      const events = await this.db.read((em) => {
        const qb = em.createQueryBuilder(EventEntity, 'e').where('e.user_id = :userId AND e.id >= :from', { userId, from });
        if (range) qb.andWhere('e.id <= :to', { to: range.to });
        return qb.orderBy('e.id', 'ASC').take(READ_BATCH).getMany();
      });
      for (const event of events) this.deliver(feed, event);
      if (events.length < READ_BATCH) return;
      range = range && { from: events[events.length - 1].id + 1, to: range.to };
    }
  }

  private deliver(feed: UserFeed, event: EventEntity): void {
    if (event.id <= feed.floor || feed.seen.has(event.id)) return;
    feed.seen.add(event.id);
    if (feed.seen.size > SEEN_IDS) feed.seen.delete(feed.seen.values().next().value!);
    feed.cursor = Math.max(feed.cursor, event.id);
    for (const subscriber of feed.subscribers) {
      if (subscriber.types && !subscriber.types.has(event.type)) continue;
      if (subscriber.queue.length >= MAX_QUEUED_EVENTS) {
        this.drop(feed, subscriber, `More than ${MAX_QUEUED_EVENTS} events waited for this subscriber; subscribe again`);
        continue;
      }
      subscriber.queue.push(event);
      subscriber.wake?.();
    }
  }

  private fail(feed: UserFeed): void {
    for (const subscriber of [...feed.subscribers]) this.drop(feed, subscriber, 'Events could not be read; subscribe again');
  }

  private drop(feed: UserFeed, subscriber: Subscriber, message: string): void {
    subscriber.error = new AppError(ErrorCode.UNAVAILABLE, message);
    subscriber.queue = [];
    subscriber.done = true;
    feed.subscribers.delete(subscriber);
    subscriber.wake?.();
  }
}
