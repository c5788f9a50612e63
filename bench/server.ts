/**
 * The hoego server as the bench runs it, in a process of its own so that its memory is its own: the real app
 * (config from the environment, migrations, Fastify, Apollo), with the clock fixed at BENCH_NOW when given so that
 * "today" matches the generated data. Tells its parent the address it listens on, and stops on SIGTERM.
 */
import 'reflect-metadata';
import { createApp } from '../src/app';
import { FixedClock } from '../src/clock';
import { loadConfig } from '../src/config';

async function main(): Promise<void> {
  const now = process.env.BENCH_NOW;
  const app = await createApp(loadConfig(), { clock: now ? new FixedClock(new Date(now)) : undefined });
  const address = await app.server.listen({ port: 0, host: '127.0.0.1' });
  process.on('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
  process.send?.({ address });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
