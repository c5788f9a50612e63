/**
 * `npm run bench:events` (and the events section of `npm run bench`): what events cost and how fast they arrive.
 *
 * - events/s through the outbox: batches of logs written by the services with their LOG_CREATED events, beside the
 *   same batches with the outbox's `add` stubbed out (no events), in one process and one run: the ratio is the cost;
 * - the delay from a write (the mutation sent) to its webhook receiver and to a subscriber, p50 and p99, for a
 *   server in a process of its own, beside the same writes' own round trip (the mutation answered).
 *
 *   npm run bench:events                      SQLite only
 *   npm run bench:events -- --postgres        also PostgreSQL at BENCH_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/postgres
 *   npm run bench:events -- --batches 20 --batch 500 --writes 200
 */
import { parseArgs } from 'node:util';
import { FixedClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { toGlobalId } from '../src/ids';
import { createServices } from '../src/services';
import { startReceiver } from '../test/webhook-receiver';
import { startServerProcess } from '../test/processes';
import { wsSubscribe, wsUrl } from '../test/ws-client';
import { scratch } from './scratch';

/** One figure and the reference measured beside it in the same run. */
export interface EventRow {
  measure: string;
  value: string;
  reference: string;
  ratio: string;
}

const LOG = 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id } } }';

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Logs/s of `batches` batches of `size` logs written by the services, with and without their events. */
async function throughput(url: string, batches: number, size: number): Promise<{ withEvents: number; without: number }> {
  const db = await Database.open(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent' }).database, { migrate: true });
  try {
    const services = createServices(db, new FixedClock(new Date('2026-06-15T12:00:00Z')));
    const user = await services.users.create({ handle: 'events', timeZone: 'Asia/Seoul' });
    const goal = await services.goals.create(user, { title: 'Pages', kind: 'TARGET', target: 1e12, startDate: '2020-01-01' });
    const run = async () => {
      const start = performance.now();
      for (let b = 0; b < batches; b++) {
        const drafts = Array.from({ length: size }, (_, i) => ({ goalId: goal.id, value: 1, date: `2026-0${1 + (i % 5)}-1${i % 10}` }));
        await services.logs.logMany(user, drafts);
      }
      return (batches * size) / ((performance.now() - start) / 1000);
    };
    await run(); // warm-up
    const withEvents = await run();
    const add = services.outbox.add.bind(services.outbox);
    services.outbox.add = () => undefined;
    const without = await run();
    services.outbox.add = add;
    // Alternate once more, so that neither side has the warmer database alone.
    const withAgain = await run();
    return { withEvents: (withEvents + withAgain) / 2, without };
  } finally {
    await db.close();
  }
}

/** Delay from sending each of `writes` logProgress calls to its webhook delivery and its subscription event. */
async function delays(url: string, writes: number): Promise<{ webhook: number[]; subscriber: number[]; roundTrip: number[] }> {
  const db = await Database.open(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent' }).database, { migrate: true });
  let token: string;
  let goalId: string;
  try {
    const services = createServices(db, new FixedClock(new Date()));
    const user = await services.users.create({ handle: 'delays', timeZone: 'Asia/Seoul' });
    token = (await services.tokens.create(user.id, 'bench', ['read', 'write'])).secret;
    goalId = toGlobalId(
      'Goal',
      (await services.goals.create(user, { title: 'Pages', kind: 'TARGET', target: 1e12, startDate: '2020-01-01' })).id,
    );
  } finally {
    await db.close();
  }
  const server = await startServerProcess({
    DATABASE_URL: url,
    WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
    RATE_LIMIT_REQUESTS_PER_MINUTE: '0',
  });
  const receiver = await startReceiver();
  const sent = new Map<number, number>();
  const webhook: number[] = [];
  const subscriber: number[] = [];
  const roundTrip: number[] = [];
  try {
    const post = async (query: string, variables?: Record<string, unknown>) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const goal = goalId;
    await post('mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }', {
      i: { url: receiver.url, events: ['LOG_CREATED'] },
    });
    const sub = await wsSubscribe(
      wsUrl(server.url),
      { authorization: `Bearer ${token}` },
      'subscription { events(types: [LOG_CREATED]) { log { value } } }',
    );
    // Warm up until the subscription is live: the first write whose event arrives.
    for (let i = 0; sub.results.length === 0; i++) {
      await post(LOG, { i: { goalId: goal, value: 0.5, date: '2026-01-01' } });
      await new Promise((r) => setTimeout(r, 50));
      if (i > 100) throw new Error('the subscription never went live');
    }
    await receiver.waitFor(1);
    const warmSub = sub.results.length;
    const seenSub = new Set<number>();
    const origin = receiver.received.length;
    for (let n = 1; n <= writes; n++) {
      sent.set(n, performance.now());
      const start = performance.now();
      await post(LOG, { i: { goalId: goal, value: n, date: '2026-01-02' } });
      roundTrip.push(performance.now() - start);
      // Arrival times are taken as the results come in: poll briefly after each write.
      const until = performance.now() + 2000;
      while (performance.now() < until) {
        for (const r of sub.results.slice(warmSub)) {
          const value = r.events.log.value as number;
          if (!seenSub.has(value) && sent.has(value)) {
            seenSub.add(value);
            subscriber.push(performance.now() - sent.get(value)!);
          }
        }
        const hooks = receiver.received.slice(origin).map((x) => JSON.parse(x.body).data.log.value as number);
        while (webhook.length < hooks.length) webhook.push(performance.now() - sent.get(hooks[webhook.length])!);
        if (seenSub.has(n) && webhook.length >= n) break;
        await new Promise((r) => setImmediate(r));
      }
    }
    await sub.close();
  } finally {
    await receiver.close();
    await server.stop();
  }
  return { webhook, subscriber, roundTrip };
}

/** The events section's rows for one dialect. */
export async function eventRows(
  dialect: 'sqlite' | 'postgres',
  serverUrl: string,
  opts: { batches: number; batch: number; writes: number },
): Promise<EventRow[]> {
  const rows: EventRow[] = [];
  const first = await scratch(dialect, serverUrl);
  try {
    const { withEvents, without } = await throughput(first.url, opts.batches, opts.batch);
    rows.push({
      measure: `${dialect}: logs/s with LOG_CREATED events (batches of ${opts.batch})`,
      value: withEvents.toFixed(0),
      reference: `${without.toFixed(0)} without events`,
      ratio: (withEvents / without).toFixed(2),
    });
  } finally {
    await first.drop();
  }
  const second = await scratch(dialect, serverUrl);
  try {
    const { webhook, subscriber, roundTrip } = await delays(second.url, opts.writes);
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const [w, s, r] = [sorted(webhook), sorted(subscriber), sorted(roundTrip)];
    for (const [name, xs] of [
      ['webhook receiver', w],
      ['subscriber', s],
    ] as const) {
      for (const q of [0.5, 0.99]) {
        rows.push({
          measure: `${dialect}: write → ${name}, p${q * 100} ms (${xs.length} events)`,
          value: quantile(xs, q).toFixed(1),
          reference: `${quantile(r, q).toFixed(1)} write round trip`,
          ratio: (quantile(xs, q) / quantile(r, q)).toFixed(2),
        });
      }
    }
  } finally {
    await second.drop();
  }
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      postgres: { type: 'boolean', default: false },
      batches: { type: 'string', default: '10' },
      batch: { type: 'string', default: '500' },
      writes: { type: 'string', default: '100' },
    },
  });
  const serverUrl = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const dialects: Array<'sqlite' | 'postgres'> = values.postgres ? ['sqlite', 'postgres'] : ['sqlite'];
  const opts = { batches: Number(values.batches), batch: Number(values.batch), writes: Number(values.writes) };
  for (const dialect of dialects) {
    for (const row of await eventRows(dialect, serverUrl, opts)) {
      process.stdout.write(`${row.measure}: ${row.value} (reference ${row.reference}; ratio ${row.ratio})\n`);
    }
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
