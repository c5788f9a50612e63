import 'reflect-metadata';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import { Database } from './db/database';
import { buildHoegoSchema } from './graphql/schema';
import type { QueryLimits } from './graphql/limits';
import { buildServer } from './http/server';
import { createServices, type Services } from './services';
import { listen, type Listener } from './db/notifications';
import { WebhookDispatcher } from './modules/webhook/webhook.dispatcher';
import { ReminderScheduler } from './modules/reminder/reminder.scheduler';
import { REMINDERS_CHANNEL } from './modules/reminder/reminder.schedule';

export interface App {
  config: Config;
  db: Database;
  services: Services;
  server: FastifyInstance;
  /** Sends webhook deliveries in the background. */
  webhooks: WebhookDispatcher;
  /** Fires reminders and runs the daily checks. */
  scheduler: ReminderScheduler;
  /** Stops taking requests, finishes those in flight, then closes the database. */
  close(): Promise<void>;
}

/** Opens (and migrates) the database and builds the server, not yet listening. */
export async function createApp(
  config: Config,
  opts: { clock?: Clock; rateLimitClock?: Clock; countStatements?: boolean; limits?: Partial<QueryLimits> } = {},
): Promise<App> {
  const db = await Database.open(config.database, { migrate: true, countStatements: opts.countStatements });
  try {
    const services = createServices(db, opts.clock ?? systemClock, config);
    const schema = await buildHoegoSchema();
    const server = await buildServer({
      config,
      db,
      services,
      schema,
      limits: opts.limits,
      clock: opts.clock,
      rateLimitClock: opts.rateLimitClock,
    });
    services.analytics.logTo(server.log.child({ component: 'analytics' }));
    const webhooks = new WebhookDispatcher(
      db,
      opts.clock ?? systemClock,
      config.webhooks,
      services.webhooks,
      services.eventPresenter,
      server.log.child({ component: 'webhooks' }),
    );
    services.outbox.onCommitted(({ userIds }) => webhooks.eventsCommitted(userIds));
    // SQLite has one process: its own commits are all there is. PostgreSQL's notification below covers every server's.
    if (config.database.kind === 'sqlite')
      services.outbox.onCommitted(({ userIds }) => userIds.forEach((id) => services.eventFeed.wake(id)));
    services.webhooks.onChange(() => webhooks.webhooksChanged());
    const scheduler = new ReminderScheduler(
      db,
      opts.clock ?? systemClock,
      services.reminderSchedule,
      services.analytics,
      services.outbox,
      server.log.child({ component: 'reminders' }),
      (opts.clock ?? systemClock) === systemClock,
    );
    services.reminderSchedule.onChange(() => scheduler.changed());
    // With several servers on one PostgreSQL, the others' writes and webhook changes arrive as notifications.
    let listener: Listener | null = null;
    if (config.database.kind === 'postgres') {
      listener = await listen(
        config.database.url,
        ['hoego_events', 'hoego_webhooks', REMINDERS_CHANNEL],
        (channel, payload) => {
          if (channel === REMINDERS_CHANNEL) return scheduler.changed();
          if (channel === 'hoego_webhooks' || payload === null) webhooks.webhooksChanged();
          if (channel === 'hoego_events') {
            if (payload === null) return services.eventFeed.wakeAll();
            const [userId, from, to] = payload.split(':').map(Number);
            webhooks.eventsCommitted([userId]);
            services.eventFeed.wake(userId, { from, to });
          }
        },
        server.log.child({ component: 'notifications' }),
      );
    }
    await webhooks.start();
    // Catches up what was missed while no server ran, before the server takes requests.
    await scheduler.start();
    let closing: Promise<void> | null = null;
    return {
      config,
      db,
      services,
      server,
      webhooks,
      scheduler,
      close: () =>
        (closing ??= (async () => {
          await server.close();
          await webhooks.stop();
          await scheduler.stop();
          await listener?.close();
          await db.close();
        })()),
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
