/**
 * `npx tsx bench/goal-order.ts`: what `goals(orderBy:)` costs beside the default order (by id), for one user with
 * many goals among other users' goals, on an in-process server. Figures are ratios to the default order measured
 * in the same run, with the query plan of each order, to tell whether an index would pay.
 *
 *   npx tsx bench/goal-order.ts                         SQLite
 *   npx tsx bench/goal-order.ts --postgres              PostgreSQL at BENCH_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/postgres
 *   npx tsx bench/goal-order.ts --goals 2000 --requests 200
 */
import { parseArgs } from 'node:util';
import { createApp } from '../src/app';
import { FixedClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { gqlOn } from '../test/helpers';
import { scratch } from './scratch';

const { values } = parseArgs({
  options: {
    postgres: { type: 'boolean', default: false },
    goals: { type: 'string', default: '2000' },
    requests: { type: 'string', default: '200' },
  },
});
const GOALS = Number(values.goals);
const REQUESTS = Number(values.requests);
const dialect = values.postgres ? 'postgres' : 'sqlite';
const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const LIST =
  'query($orderBy: GoalOrderInput, $after: String) { goals(first: 20, orderBy: $orderBy, after: $after) { totalCount pageInfo { endCursor } edges { node { id title } } } }';
const WORDS = ['Run', 'read', 'Write', 'apple', 'Zen', 'éclair', 'swim', 'Kaggle', 'piano', 'sleep'];

async function main(): Promise<void> {
  const db = await scratch(dialect, serverUrl);
  const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
  const config = loadConfig({
    NODE_ENV: 'production',
    PUBLIC_URL: 'http://127.0.0.1:4000',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_REQUESTS_PER_MINUTE: '0',
    RATE_LIMIT_COST_PER_MINUTE: '0',
  });
  const app = await createApp(config, { clock });
  try {
    const tokens: string[] = [];
    for (const handle of ['bench', 'other1', 'other2']) {
      const user = await app.services.users.create({ handle, timeZone: 'Asia/Seoul' });
      tokens.push((await app.services.tokens.create(user.id, 'bench', ['read'])).secret);
      for (let i = 0; i < GOALS; i++) {
        clock.set(new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % GOALS) * 1000));
        await app.services.goals.create(user, {
          title: `${WORDS[i % WORDS.length]} ${i % 97}`,
          kind: 'MILESTONES',
          startDate: '2026-01-01',
          dueDate: i % 3 === 0 ? null : `2026-${String(1 + (i % 12)).padStart(2, '0')}-15`,
        });
      }
    }
    const token = tokens[0];
    const orders = [null, ...['CREATED_AT', 'TITLE', 'DUE_DATE', 'UPDATED_AT'].map((field) => ({ field, direction: 'DESC' }))];
    const timings = new Map<string, number>();
    // Twice over, the first round as warm-up; each request reads the first page and the page after it.
    for (const round of [0, 1]) {
      for (const orderBy of orders) {
        const started = process.hrtime.bigint();
        for (let i = 0; i < REQUESTS; i++) {
          const first = await gqlOn(app, token, LIST, { orderBy });
          if (first.errors) throw new Error(JSON.stringify(first.errors));
          await gqlOn(app, token, LIST, { orderBy, after: first.data.goals.pageInfo.endCursor });
        }
        if (round === 1)
          timings.set(orderBy ? `${orderBy.field} ${orderBy.direction}` : 'default (id)', Number(process.hrtime.bigint() - started) / 1e6);
      }
    }
    const reference = timings.get('default (id)')!;
    console.log(`${dialect}, ${GOALS} goals for the user (${3 * GOALS} in all), ${REQUESTS}× two pages of 20 each`);
    for (const [name, ms] of timings)
      console.log(`${name.padEnd(16)} ${(ms / REQUESTS / 2).toFixed(2)} ms/page  ${(ms / reference).toFixed(2)}× default`);
  } finally {
    await app.close();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
