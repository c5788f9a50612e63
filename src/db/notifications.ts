import { Client } from 'pg';
import type { FastifyBaseLogger as Logger } from 'fastify';

/** A PostgreSQL connection that LISTENs on channels, reconnecting after a failure. */
export interface Listener {
  close(): Promise<void>;
}

/**
 * Listens on `channels` with a connection of its own (a pooled connection would be handed to other queries) and
 * calls `onNotify` for each notification. After a lost connection it connects again and calls `onNotify` once with
 * payload null for each channel, since notifications sent meanwhile are lost: listeners then look for themselves.
 */
export async function listen(
  url: string,
  channels: readonly string[],
  onNotify: (channel: string, payload: string | null) => void,
  log: Logger,
): Promise<Listener> {
  let client: Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const next = new Client({ connectionString: url, application_name: 'hoego-listen' });
    next.on('notification', (message) => onNotify(message.channel, message.payload ?? ''));
    next.on('error', (error) => {
      log.warn({ err: error }, 'lost the PostgreSQL notification connection; connecting again');
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      if (!closed) retry = setTimeout(() => void reconnect(), 1000);
    });
    await next.connect();
    for (const channel of channels) await next.query(`LISTEN ${channel}`);
    client = next;
  };
  const reconnect = async () => {
    try {
      await connect();
      for (const channel of channels) onNotify(channel, null);
    } catch (error) {
      log.warn({ err: error }, 'could not connect for PostgreSQL notifications; trying again');
      if (!closed) retry = setTimeout(() => void reconnect(), 1000);
    }
  };
  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
