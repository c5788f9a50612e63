/**
 * `npm run demo`: hoego on a fresh database (./data/demo.db, recreated on every run) seeded with the first user's
 * goals and three years of generated logs. Prints the GraphQL URL, a token and signed report links.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { seedDemo } from './seed';

const DEMO_DB = resolve('data', 'demo.db');

async function main(): Promise<void> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${DEMO_DB}${suffix}`, { force: true });
  // The demo always uses its own SQLite file, whatever DATABASE_URL says, so it can never wipe real data.
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, DATABASE_URL: `sqlite:${DEMO_DB}` });
  const app = await createApp(config);
  const started = Date.now();
  const seed = await seedDemo(app);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const address = await app.server.listen({ port: config.port, host: config.host });
  const link = (locale: 'EN' | 'KO', format: 'HTML' | 'MARKDOWN') =>
    app.services.reportLinks.create(seed.user, { year: 2020, locale, format }, null).then((l) => l.url);
  const lines = [
    `hoego demo: ${seed.logCount} logs for @${seed.user.handle} (${seed.user.timeZone}) seeded in ${seconds} s into ${DEMO_DB}`,
    '',
    `  GraphQL   ${address}/graphql`,
    `  Token     ${seed.token}`,
    '',
    `  2020 report, Korean, HTML      ${await link('KO', 'HTML')}`,
    `  2020 report, English, Markdown ${await link('EN', 'MARKDOWN')}`,
    '  (links work for 7 days; any year: mutation { createReportLink(input: { year: 2021, locale: KO }) { url } })',
    '',
    `  curl -s ${address}/graphql -H 'authorization: Bearer ${seed.token}' -H 'content-type: application/json' \\`,
    `    -d '{"query":"{ yearInReview(year: 2020) { logCount activeDays goalsAchieved milestonesAchieved busiestMonth { month } } }"}'`,
    '',
    'Ctrl-C stops the server.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
