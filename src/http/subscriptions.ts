import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import {
  GraphQLError,
  OperationTypeNode,
  getOperationAST,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { RequestContext } from '../graphql/context';
import { PROTOCOL_ERROR_CODES } from '../graphql/error-codes';
import { ERROR_ID, formatError, isUnexpected } from '../graphql/format-error';
import { checkLimits, checkText, type QueryLimits } from '../graphql/limits';
import { Loaders } from '../loaders';
import type { Viewer } from '../modules/user/token.service';
import type { Services } from '../services';
import { operationResolutionMessage } from './operation-plugin';
import { rateLimitedError, type RateLimiter } from './rate-limit';

/** Close code of a socket whose token is missing, malformed, unknown, revoked or expired (graphql-ws's Forbidden). */
export const CLOSE_FORBIDDEN = 4403;
/** Close code of a connection attempt past the rate limit. */
export const CLOSE_RATE_LIMITED = 4429;

interface Connection {
  secret: string;
  viewer: Viewer;
  timer: NodeJS.Timeout;
}

export interface SubscriptionOptions {
  config: Config;
  db: Database;
  services: Services;
  schema: GraphQLSchema;
  limits: QueryLimits;
  limiter: RateLimiter | null;
}

/** A close reason fits in 123 bytes. */
function reason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

function protocolError(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/**
 * GraphQL subscriptions over WebSocket (the graphql-ws protocol) at `/graphql`. `connection_init` carries
 * `{ "authorization": "Bearer <token>" }`; a bad token closes the socket with 4403, and each socket checks its token
 * again every SUBSCRIPTION_TOKEN_CHECK_MS, so a revoked or expired one closes within that time. Subscribe messages
 * pass the same depth, alias, cost and text checks as HTTP requests and count in the same rate limits (a refused
 * connection attempt counts against the client address, a connection and each subscribe against the token). Only
 * subscriptions are served here; queries and mutations go over HTTP. Closing the server closes every socket.
 */
export function registerSubscriptions(
  fastify: FastifyInstance,
  { config, db, services, schema, limits, limiter }: SubscriptionOptions,
): void {
  const log: FastifyBaseLogger = fastify.log.child({ component: 'subscriptions' });
  const connections = new WeakMap<WebSocket, Connection>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.bodyLimit });

  fastify.server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  const charge = async (key: string, weight: number, cost: number): Promise<GraphQLError | null> => {
    if (!limiter) return null;
    const decision = await limiter.charge({ key, decision: null }, weight, cost);
    return decision.allowed ? null : rateLimitedError(limiter, decision);
  };

  const format = (errors: readonly GraphQLError[], connection: Connection | undefined): GraphQLFormattedError[] =>
    errors.map((error) => {
      if (isUnexpected(error)) {
        const errorId = randomUUID();
        (error as unknown as Record<symbol, string>)[ERROR_ID] = errorId;
        log.error(
          { err: error.originalError ?? error, errorId, path: error.path, userId: connection?.viewer.user.id },
          'unexpected error in a subscription',
        );
      }
      return formatError(error.toJSON(), error);
    });

  const server = useServer<Record<string, unknown> | undefined>(
    {
      schema,
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const address = `address:${request.socket.remoteAddress ?? 'unknown'}`;
        const refuse = async (message: string, weight: number): Promise<false> => {
          const limited = await charge(address, weight, 0);
          socket.close(limited ? CLOSE_RATE_LIMITED : CLOSE_FORBIDDEN, reason(limited ? limited.message : message));
          return false;
        };
        const header = ctx.connectionParams?.authorization;
        if (typeof header !== 'string') return refuse('connection_init must carry { "authorization": "Bearer <token>" }', 1);
        const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
        if (!match) return refuse('authorization must be "Bearer <token>"', 2);
        let authentication;
        try {
          authentication = await services.tokens.authenticate(match[1]);
        } catch (error) {
          log.error({ err: error, errorId: randomUUID() }, 'authentication of a subscription failed unexpectedly');
          socket.close(1011, 'Internal server error');
          return false;
        }
        const { viewer, refused } = authentication;
        if (!viewer) return refuse(refused, 2);
        const limited = await charge(`token:${viewer.tokenId}`, 1, 0);
        if (limited) {
          socket.close(CLOSE_RATE_LIMITED, reason(limited.message));
          return false;
        }
        const connection: Connection = {
          secret: match[1],
          viewer,
          timer: setInterval(() => void recheck(), config.subscriptionTokenCheckMs),
        };
        connection.timer.unref();
        const recheck = async () => {
          try {
            const again = await services.tokens.authenticate(connection.secret);
            if (again.viewer) connection.viewer = again.viewer;
            else socket.close(CLOSE_FORBIDDEN, reason(again.refused));
          } catch (error) {
            log.warn({ err: error }, 'could not check a subscription token again; trying at the next check');
          }
        };
        connections.set(socket, connection);
        socket.once('close', () => clearInterval(connection.timer));
        return true;
      },
      onSubscribe: async (ctx, _id, payload: SubscribePayload) => {
        const connection = connections.get(ctx.extra.socket);
        if (!connection) return [protocolError(PROTOCOL_ERROR_CODES.BAD_REQUEST, 'The connection is not authenticated')];
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [protocolError(PROTOCOL_ERROR_CODES.GRAPHQL_PARSE_FAILED, (error as Error).message)];
        }
        const invalid = validate(schema, document);
        if (invalid.length > 0) return invalid.map((e) => protocolError(PROTOCOL_ERROR_CODES.GRAPHQL_VALIDATION_FAILED, e.message));
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (!operation) {
          return [
            protocolError(
              PROTOCOL_ERROR_CODES.OPERATION_RESOLUTION_FAILURE,
              operationResolutionMessage(document, payload.operationName ?? undefined),
            ),
          ];
        }
        if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
          return [
            protocolError(
              PROTOCOL_ERROR_CODES.BAD_REQUEST,
              `Only subscriptions are served over WebSocket; send a ${operation.operation} over HTTP`,
            ),
          ];
        }
        const variables = payload.variables ?? undefined;
        let cost: number;
        try {
          checkText(document, variables);
          cost = checkLimits(schema, document, operation, variables, limits);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const limited = await charge(`token:${connection.viewer.tokenId}`, 1, cost);
        if (limited) return [limited];
        const { viewer } = connection;
        const contextValue: RequestContext = {
          viewer,
          requestId: randomUUID(),
          services,
          loaders: new Loaders(db, viewer.user.id),
          log: log.child({ userId: viewer.user.id }),
          rateLimit: null,
        };
        return { schema, document, operationName: payload.operationName, variableValues: variables, contextValue };
      },
      onError: (ctx, _id, _payload, errors) => format(errors, connections.get(ctx.extra.socket)),
      onNext: (ctx, _id, _payload, _args, result) => {
        if (!result.errors) return;
        return { ...result, errors: format(result.errors, connections.get(ctx.extra.socket)) };
      },
    },
    wss,
  );

  fastify.addHook('preClose', async () => {
    services.eventFeed.close();
    await server.dispose();
  });
}
