import 'reflect-metadata';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import { Database } from './db/database';
import { buildHoegoSchema } from './graphql/schema';
import type { QueryLimits } from './graphql/limits';
import { buildServer } from './http/server';
import { createServices, type Services } from './services';

export interface App {
  config: Config;
  db: Database;
  services: Services;
  server: FastifyInstance;
  /** Stops taking requests, finishes those in flight, then closes the database. */
  close(): Promise<void>;
}

/** Opens (and migrates) the database and builds the server, not yet listening. */
export async function createApp(
  config: Config,
  opts: { clock?: Clock; countStatements?: boolean; limits?: Partial<QueryLimits> } = {},
): Promise<App> {
  const db = await Database.open(config.database, { migrate: true, countStatements: opts.countStatements });
  try {
    const services = createServices(db, opts.clock ?? systemClock, config);
    const schema = await buildHoegoSchema();
    const server = await buildServer({ config, db, services, schema, limits: opts.limits, clock: opts.clock });
    services.analytics.logTo(server.log.child({ component: 'analytics' }));
    let closing: Promise<void> | null = null;
    return {
      config,
      db,
      services,
      server,
      close: () =>
        (closing ??= (async () => {
          await server.close();
          await db.close();
        })()),
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
