import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { GraphQLError, OperationTypeNode, type GraphQLSchema } from 'graphql';
import { systemClock, type Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { ErrorCode } from '../errors';
import type { RequestContext } from '../graphql/context';
import { INTERNAL_SERVER_ERROR } from '../graphql/error-codes';
import { Loaders } from '../loaders';
import { ERROR_ID, formatError, isUnexpected } from '../graphql/format-error';
import { DEFAULT_LIMITS, queryLimitsPlugin, type QueryLimits } from '../graphql/limits';
import { APQ_KEY_PREFIX, PersistedQueryStore } from '../modules/persisted-query/persisted-query.store';
import type { Services } from '../services';
import { registerExplorer } from './explorer';
import { operationPlugin } from './operation-plugin';
import {
  chargePriced,
  openTicket,
  rateLimitedError,
  rateLimitPlugin,
  registerRateLimitHeaders,
  RateLimiter,
  RouteLimits,
} from './rate-limit';
import { registerReportRoutes } from './reports';
import { registerSubscriptions } from './subscriptions';
import { registerTransferRoutes } from './transfer';
import { registerResponseLimit, timeBudgetPlugin } from './time-budget';
import { Deadline, markTurn } from '../deadline';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

/** Logs every unexpected error once, under an id that the masked response also carries. */
const errorLoggingPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          if (!isUnexpected(error)) continue;
          const errorId = randomUUID();
          (error as unknown as Record<symbol, string>)[ERROR_ID] = errorId;
          contextValue.log.error({ err: error.originalError ?? error, errorId, path: error.path }, 'unexpected error in GraphQL request');
        }
      },
    };
  },
};

/**
 * Mutations run one after another, each with fresh loaders: loaders cache rows for a request, and a later
 * mutation's payload must not be answered from rows an earlier one has since changed. Only mutations get this
 * per-field hook, so queries, which can resolve many thousands of fields, pay nothing for it.
 */
const freshLoadersPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async executionDidStart({ operation }) {
        // No operation: operationPlugin has refused the request already.
        if (operation?.operation !== OperationTypeNode.MUTATION) return;
        return {
          willResolveField({ info, contextValue }) {
            if (info.parentType.name === 'Mutation') contextValue.loaders = contextValue.loaders.fresh();
          },
        };
      },
    };
  },
};

/** Answers only once the request's persisted query, if it registered one, is in the database for every server. */
function persistedQueryPlugin(store: PersistedQueryStore): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ queryHash }) {
          if (queryHash) await store.whenStored(`${APQ_KEY_PREFIX}${queryHash}`);
        },
      };
    },
  };
}

export interface ServerOptions {
  config: Config;
  db: Database;
  services: Services;
  schema: GraphQLSchema;
  limits?: Partial<QueryLimits>;
  clock?: Clock;
  /**
   * The clock of the rate limits' one-minute windows; the wall clock unless given. Not `clock`: a test's standing
   * clock would keep one window open for the whole run.
   */
  rateLimitClock?: Clock;
}

/**
 * Builds the HTTP server: /graphql (bearer token required; the explorer for browsers; subscriptions over
 * WebSocket), /healthz and /readyz.
 * Call `listen` on the result.
 */
export async function buildServer({
  config,
  db,
  services,
  schema,
  limits = {},
  clock = systemClock,
  rateLimitClock = systemClock,
}: ServerOptions): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    forceCloseConnections: 'idle',
  });

  // Echo the request id so a client can quote it when reporting a problem.
  fastify.addHook('onRequest', async (request, reply) => {
    // A request arriving means nothing was holding the event loop.
    markTurn();
    if (!REQUEST_ID.test(String(request.id))) request.id = randomUUID();
    void reply.header('x-request-id', request.id);
  });

  fastify.get('/healthz', async () => ({ status: 'ok' }));

  const limiter = RateLimiter.fromConfig(config, db, rateLimitClock);
  if (limiter) registerRateLimitHeaders(fastify, limiter);
  registerResponseLimit(fastify, '/graphql', config.responseLimitBytes);

  const routeLimits = new RouteLimits(limiter);
  registerReportRoutes(fastify, services, routeLimits, config.requestTimeoutMs);
  registerTransferRoutes(fastify, services, routeLimits, {
    importBodyLimit: config.importBodyLimit,
    exportTimeoutMs: config.exportTimeoutMs,
    importTimeoutMs: config.importTimeoutMs,
  });
  registerExplorer(fastify, '/graphql', config.explorer);

  fastify.get('/readyz', async (_request, reply) => {
    const reachable = await db.ping();
    const pending = reachable ? await db.pendingMigrations().catch(() => null) : null;
    const ready = reachable && pending !== null && pending.length === 0;
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      database: { reachable, dialect: db.dialect, pendingMigrations: pending },
    });
  });

  const persistedQueries = config.persistedQueriesMax > 0 ? new PersistedQueryStore(db, clock, config.persistedQueriesMax) : null;
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    // A browser sends Authorization cross-site only after a CORS preflight, which hoego does not grant, so a request
    // that carries one is no CSRF, over GET too (where clients and CDNs want their queries and persisted hashes).
    csrfPrevention: { requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    // Apollo registers a query under its hash only once it has parsed, validated and passed the limits.
    persistedQueries: persistedQueries ? { cache: persistedQueries, ttl: null } : false,
    plugins: [
      ...(persistedQueries ? [persistedQueryPlugin(persistedQueries)] : []),
      fastifyApolloDrainPlugin(fastify),
      operationPlugin,
      queryLimitsPlugin<RequestContext>(
        { ...DEFAULT_LIMITS, ...limits },
        limiter ? (cost, context) => (context.rateLimit ? chargePriced(limiter, context.rateLimit, cost) : Promise.resolve()) : undefined,
      ),
      ...(limiter ? [rateLimitPlugin<RequestContext>(limiter)] : []),
      errorLoggingPlugin,
      freshLoadersPlugin,
      timeBudgetPlugin,
      ApolloServerPluginLandingPageDisabled(),
      // No field sets a cache hint, and the plugin would hook into every field of every query.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();

  /**
   * Refuses a request without a valid token, counting it against the client's address: once, or twice for a
   * token that was sent and failed, so guessing tokens runs out of attempts twice as fast.
   */
  const refuse = async (request: FastifyRequest, message: string, weight: number): Promise<never> => {
    if (limiter) {
      const decision = await limiter.charge(openTicket(request, `address:${request.ip}`), weight, 0);
      if (!decision.allowed) throw rateLimitedError(limiter, decision);
    }
    throw unauthenticated(message);
  };

  const context = async (request: FastifyRequest): Promise<RequestContext> => {
    const header = request.headers.authorization;
    if (!header) return refuse(request, 'Missing Authorization header; send "Authorization: Bearer <token>"', 1);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return refuse(request, 'Authorization header must be "Bearer <token>"', 2);
    let authentication;
    try {
      authentication = await services.tokens.authenticate(match[1]);
    } catch (error) {
      // Before Apollo's request pipeline starts, so the error-logging plugin cannot see it: log and mask here.
      const errorId = randomUUID();
      request.log.error({ err: error, errorId }, 'authentication failed unexpectedly');
      const masked = new GraphQLError('Internal server error', { extensions: { code: INTERNAL_SERVER_ERROR } });
      (masked as unknown as Record<symbol, string>)[ERROR_ID] = errorId;
      throw masked;
    }
    const { viewer, refused } = authentication;
    if (!viewer) return refuse(request, refused, 2);
    const deadline = Deadline.after(config.requestTimeoutMs);
    return {
      viewer,
      requestId: String(request.id),
      services,
      loaders: new Loaders(db, viewer.user.id, deadline, deadline, services.analytics.cache, viewer.revision),
      log: request.log.child({ userId: viewer.user.id }),
      rateLimit: limiter ? openTicket(request, `token:${viewer.tokenId}`) : null,
    };
  };
  await fastify.register(fastifyApollo(apollo), { context, path: '/graphql', method: ['GET', 'POST', 'OPTIONS'] });
  registerSubscriptions(fastify, { config, db, services, schema, limits: { ...DEFAULT_LIMITS, ...limits }, limiter });
  return fastify;
}
