import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { In, LessThan } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { isUniqueViolation } from '../../db/errors';
import { PersistedQueryEntity } from './persisted-query.entity';

/** Longest query text kept; a longer one still runs, but its client must keep sending the text. */
export const MAX_PERSISTED_QUERY_CHARS = 100_000;
const USED_AT_RESOLUTION_MS = 3600_000;
/** Apollo keeps a persisted query under this prefix and the hash. */
export const APQ_KEY_PREFIX = 'apq:';

/**
 * Apollo's cache of automatic persisted queries, kept in the database so that every server on it knows every
 * registered hash. Apollo stores a query only once it has parsed, validated and passed the query limits, and only
 * for an authenticated request. At most `max` queries are kept: registering one past that drops the least
 * recently used. A query is text the client sent and can send again, so a lost entry costs a round trip, never data.
 */
export class PersistedQueryStore implements KeyValueCache<string> {
  /** Registrations in flight: Apollo does not wait for them, the server does before it answers (`whenStored`). */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly max: number,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db.read((em) => em.findOneBy(PersistedQueryEntity, { key }));
    if (!row) return undefined;
    const now = this.clock.now();
    if (now.getTime() - row.usedAt.getTime() >= USED_AT_RESOLUTION_MS) {
      await this.db.write((em) => em.update(PersistedQueryEntity, { key, usedAt: LessThan(now) }, { usedAt: now }));
    }
    return row.query;
  }

  set(key: string, query: string): Promise<void> {
    const write = this.insert(key, query).finally(() => {
      if (this.writes.get(key) === write) this.writes.delete(key);
    });
    this.writes.set(key, write);
    return write;
  }

  /**
   * Resolves once a registration of `key` in flight has been written (or has failed: Apollo logs that). A server
   * that waits for it before answering never lets a client send the hash alone to another server too early.
   */
  async whenStored(key: string): Promise<void> {
    await this.writes.get(key)?.catch(() => undefined);
  }

  private async insert(key: string, query: string): Promise<void> {
    if (query.length > MAX_PERSISTED_QUERY_CHARS || this.max <= 0) return;
    const now = this.clock.now();
    try {
      await this.db.write(async (em) => {
        await em.insert(PersistedQueryEntity, { key, query, createdAt: now, usedAt: now });
        const count = await em.count(PersistedQueryEntity);
        if (count <= this.max) return;
        const oldest = await em.find(PersistedQueryEntity, {
          select: { key: true },
          order: { usedAt: 'ASC', key: 'ASC' },
          take: count - this.max,
        });
        await em.delete(PersistedQueryEntity, { key: In(oldest.map((row) => row.key)) });
      });
    } catch (error) {
      // Another request, perhaps on another server, registered the same hash first: the text is the same.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async delete(key: string): Promise<boolean> {
    const result = await this.db.write((em) => em.delete(PersistedQueryEntity, { key }));
    return (result.affected ?? 0) > 0;
  }
}
