import WebSocket from 'ws';

/** One subscription over a socket of its own, speaking graphql-transport-ws (as graphql-ws clients do). */
export interface WsSubscription {
  /** `data` of each `next` message, in arrival order. */
  results: any[];
  /** `errors` of each `next` with errors, and the payload of `error` messages. */
  errors: any[];
  /** Whether the server sent `complete`. */
  completed: boolean;
  /** Resolves with the close code and reason once the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the first `n` results, or rejects after `ms`. */
  waitFor(n: number, ms?: number): Promise<any[]>;
  close(): Promise<void>;
}

/** The ws:// URL of `/graphql` on an http:// base URL. */
export function wsUrl(base: string): string {
  return `${base.replace(/^http/, 'ws')}/graphql`;
}

/**
 * Opens a socket, sends connection_init with `params`, and (once acknowledged) subscribes with `query`. Resolves
 * once the server acknowledged, or with the socket closed when it refused the connection.
 */
export async function wsSubscribe(
  url: string,
  params: Record<string, unknown> | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<WsSubscription> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const sub: WsSubscription = {
    results: [],
    errors: [],
    completed: false,
    closed: new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
    waitFor: (n, ms = 10_000) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + ms;
        const check = () => {
          if (sub.results.length >= n) return resolve(sub.results.slice(0, n));
          if (Date.now() > deadline)
            return reject(new Error(`got ${sub.results.length} of ${n} results; errors ${JSON.stringify(sub.errors)}`));
          setTimeout(check, 10);
        };
        check();
      }),
    close: async () => {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000);
      await sub.closed;
    },
  };
  const acknowledged = new Promise<boolean>((resolve) => {
    socket.on('message', (raw: WebSocket.RawData) => {
      const message = JSON.parse(Buffer.from(raw as Buffer).toString()) as { type: string; payload?: any };
      if (message.type === 'connection_ack') resolve(true);
      else if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
      else if (message.type === 'next') {
        if (message.payload.errors) sub.errors.push(...message.payload.errors);
        if (message.payload.data) sub.results.push(message.payload.data);
      } else if (message.type === 'error') sub.errors.push(...message.payload);
      else if (message.type === 'complete') sub.completed = true;
    });
    socket.once('close', () => resolve(false));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify(params === null ? { type: 'connection_init' } : { type: 'connection_init', payload: params }));
  if (await acknowledged) socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
  return sub;
}
