import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { FixedClock } from '../src/clock';
import { parseDatabaseUrl, type DatabaseConfig } from '../src/config';
import { Database } from '../src/db/database';
import { Deadline, withWriteDeadline, writeCheckpoint } from '../src/deadline';
import { MAX_GROUP_MEMBERS } from '../src/db/write-groups';
import { Outbox } from '../src/modules/event/outbox';

/**
 * SQLite's group commit (src/db/write-groups.ts): writes that queue up together share one transaction, each in a
 * savepoint of its own, and each keeps its own outcome. Always on SQLite, whichever database the suite runs on:
 * PostgreSQL gives each transaction a connection of its own and groups nothing.
 */
describe('group commit on SQLite', () => {
  let dir: string;
  let db: Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hoego-groups-'));
    db = await Database.open(parseDatabaseUrl(`sqlite:${join(dir, 'hoego.db')}`) as DatabaseConfig, { migrate: true });
    // However slow the machine: a group takes whatever queued up while it ran (up to its number of members).
    db.groups!.limits.budgetMs = 60_000;
  });

  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const addUser = (handle: string) => (em: EntityManager) =>
    em.query(
      `INSERT INTO users (handle, display_name, time_zone, created_at) VALUES (?, ?, 'UTC', '2021-01-01 00:00:00.000') RETURNING id`,
      [handle, handle],
    );
  const handles = async () =>
    (await db.read((em) => em.query<Array<{ handle: string }>>('SELECT handle FROM users ORDER BY id'))).map((r) => r.handle);
  const failing = (handle: string) => async (em: EntityManager) => {
    await addUser(handle)(em);
    throw new Error(`${handle} failed`);
  };

  it('commits writes that queue up together once, each with its own result', async () => {
    const before = { ...db.groups!.stats };
    const ids = await Promise.all(['ana', 'bo', 'cy', 'di'].map((h) => db.write(addUser(h))));
    expect(ids.map(([row]: Array<{ id: number }>) => row.id)).toEqual([1, 2, 3, 4]);
    expect(await handles()).toEqual(['ana', 'bo', 'cy', 'di']);
    expect(db.groups!.stats.groups - before.groups).toBe(1);
    expect(db.groups!.stats.members - before.members).toBe(4);
  });

  it('rolls a failing write back alone, whether it ran first or later in its group', async () => {
    const outcomes = await Promise.allSettled([
      db.write(failing('first')),
      db.write(addUser('kept1')),
      db.write(failing('middle')),
      db.write(addUser('kept2')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toEqual(new Error('first failed'));
    expect((outcomes[2] as PromiseRejectedResult).reason).toEqual(new Error('middle failed'));
    expect(await handles()).toEqual(['kept1', 'kept2']);
  });

  it('answers no write of a group as done when its commit fails, and saves none of them', async () => {
    // A foreign key checked at commit: the savepoint is released, and the COMMIT of the whole group refuses it.
    const dangling = async (em: EntityManager) => {
      await em.query('PRAGMA defer_foreign_keys = ON');
      await em.query(
        `INSERT INTO api_tokens (user_id, name, token_hash, token_prefix, scopes, created_at) ` +
          `VALUES (999, 'x', 'h', 'p', 'read', '2021-01-01 00:00:00.000')`,
      );
    };
    const outcomes = await Promise.allSettled([db.write(addUser('a1')), db.write(dangling), db.write(addUser('a2'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(await handles()).toEqual([]);
    // The connection is left ready for the next write.
    await db.write(addUser('after'));
    expect(await handles()).toEqual(['after']);
  });

  it('writes the events of the writes that stay, and none of one rolled back to its savepoint', async () => {
    const outbox = Outbox.of(db.dataSource, new FixedClock(new Date('2021-01-01T00:00:00Z')));
    const [[{ id: userId }]] = await Promise.all([db.write(addUser('owner'))]);
    const withEvent = (title: string, fail: boolean) => async (em: EntityManager) => {
      outbox.add(em, userId, [{ type: 'GOAL_UPDATED', goalId: null, data: { title } }]);
      if (fail) throw new Error('no');
    };
    const heard: number[][] = [];
    outbox.onCommitted((c) => heard.push(c.userIds));
    await Promise.allSettled([db.write(withEvent('one', false)), db.write(withEvent('two', true)), db.write(withEvent('three', false))]);
    const payloads = await db.read((em) => em.query<Array<{ payload: string }>>('SELECT payload FROM events ORDER BY id'));
    expect(payloads.map((p) => JSON.parse(p.payload).title)).toEqual(['one', 'three']);
    // Listeners hear once, after the group's commit.
    expect(heard).toEqual([[userId]]);
  });

  it('answers writes as saved when the commit ran and only something told of it afterwards failed', async () => {
    const outbox = Outbox.of(db.dataSource, new FixedClock(new Date('2021-01-01T00:00:00Z')));
    const [[{ id: userId }]] = await Promise.all([db.write(addUser('owner'))]);
    outbox.onCommitted(() => {
      throw new Error('listener failed');
    });
    const noted = (handle: string) => async (em: EntityManager) => {
      outbox.add(em, userId, [{ type: 'GOAL_UPDATED', goalId: null, data: { handle } }]);
      return addUser(handle)(em);
    };
    const outcomes = await Promise.allSettled([db.write(noted('s1')), db.write(noted('s2'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await handles()).toEqual(['owner', 's1', 's2']);
  });

  it('leaves no transaction open when writing the events gathered before a savepoint fails', async () => {
    const outbox = Outbox.of(db.dataSource, new FixedClock(new Date('2021-01-01T00:00:00Z')));
    // The first write's event names no user: writing it, as the second write's savepoint begins, fails.
    const orphanEvent = async (em: EntityManager) => {
      outbox.add(em, 999, [{ type: 'GOAL_UPDATED', goalId: null, data: {} }]);
      return addUser('x1')(em);
    };
    const outcomes = await Promise.allSettled([db.write(orphanEvent), db.write(addUser('x2'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    await db.write(addUser('after'));
    // Committed for every connection to see, not left inside a transaction that never ends.
    const other = new BetterSqlite3(join(dir, 'hoego.db'), { readonly: true });
    try {
      expect(other.prepare('SELECT handle FROM users ORDER BY id').all()).toEqual([{ handle: 'after' }]);
    } finally {
      other.close();
    }
  });

  it("runs each write under its own caller's deadline, whoever's group it joins", async () => {
    const spent = Deadline.after(-1);
    const outcomes = await Promise.allSettled([
      // Started first under a spent deadline: the group's first write; it stops with TIMEOUT.
      withWriteDeadline(spent, () => db.write(addUser('late'))),
      // Under no deadline, in the same group: its checkpoint must not see the other's deadline.
      db.write(async (em) => {
        await writeCheckpoint();
        return addUser('in-time')(em);
      }),
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: { code: 'TIMEOUT' } });
    expect(outcomes[1].status).toBe('fulfilled');
    expect(await handles()).toEqual(['in-time']);
  });

  it('lets a read that waits on a long run of writes go in between two groups', async () => {
    let seen: Promise<Array<{ n: number }>> | null = null;
    const writes = Array.from({ length: 200 }, (_, i) =>
      db.write(async (em) => {
        // Asked while the first group runs: it waits for that group only, not for all 200 writes.
        if (i === 0) seen = db.read((r) => r.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM users'));
        return addUser(`u${i}`)(em);
      }),
    );
    await Promise.all(writes);
    const [{ n }] = await seen!;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(MAX_GROUP_MEMBERS);
  });
});
