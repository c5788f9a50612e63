import { createApp } from './app';
import { ConfigError, loadConfig } from './config';

/** Starts hoego: configuration, then the database (migrated), then the HTTP server. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  const log = app.server.log;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing requests in flight');
    app.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  const address = await app.server.listen({ port: config.port, host: config.host });
  log.info(
    { database: config.database.kind === 'sqlite' ? config.database.path : 'postgres' },
    `hoego is serving GraphQL at ${address}/graphql`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`hoego failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
