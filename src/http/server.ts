import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { GraphQLError, OperationTypeNode, type GraphQLSchema } from 'graphql';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { ErrorCode } from '../errors';
import type { RequestContext } from '../graphql/context';
import { Loaders } from '../loaders';
import { ERROR_ID, formatError, isUnexpected } from '../graphql/format-error';
import { DEFAULT_LIMITS, queryLimitsPlugin, type QueryLimits } from '../graphql/limits';
import type { Services } from '../services';
import { registerReportRoutes } from './reports';

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
        if (operation.operation !== OperationTypeNode.MUTATION) return;
        return {
          willResolveField({ info, contextValue }) {
            if (info.parentType.name === 'Mutation') contextValue.loaders = contextValue.loaders.fresh();
          },
        };
      },
    };
  },
};

export interface ServerOptions {
  config: Config;
  db: Database;
  services: Services;
  schema: GraphQLSchema;
  limits?: QueryLimits;
}

/** Builds the HTTP server: /graphql (bearer token required), /healthz and /readyz. Call `listen` on the result. */
export async function buildServer({ config, db, services, schema, limits = DEFAULT_LIMITS }: ServerOptions): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    forceCloseConnections: 'idle',
  });

  // Echo the request id so a client can quote it when reporting a problem.
  fastify.addHook('onRequest', async (request, reply) => {
    if (!REQUEST_ID.test(String(request.id))) request.id = randomUUID();
    void reply.header('x-request-id', request.id);
  });

  fastify.get('/healthz', async () => ({ status: 'ok' }));

  registerReportRoutes(fastify, services);

  fastify.get('/readyz', async (_request, reply) => {
    const reachable = await db.ping();
    const pending = reachable ? await db.pendingMigrations().catch(() => null) : null;
    const ready = reachable && pending !== null && pending.length === 0;
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      database: { reachable, dialect: db.dialect, pendingMigrations: pending },
    });
  });

  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [
      fastifyApolloDrainPlugin(fastify),
      queryLimitsPlugin(limits),
      errorLoggingPlugin,
      freshLoadersPlugin,
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const context = async (request: FastifyRequest): Promise<RequestContext> => {
    const header = request.headers.authorization;
    if (!header) throw unauthenticated('Missing Authorization header; send "Authorization: Bearer <token>"');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
    let viewer;
    try {
      viewer = await services.tokens.authenticate(match[1]);
    } catch (error) {
      // Before Apollo's request pipeline starts, so the error-logging plugin cannot see it: log and mask here.
      const errorId = randomUUID();
      request.log.error({ err: error, errorId }, 'authentication failed unexpectedly');
      const masked = new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      (masked as unknown as Record<symbol, string>)[ERROR_ID] = errorId;
      throw masked;
    }
    if (!viewer) throw unauthenticated('The token is unknown or revoked');
    return {
      viewer,
      requestId: String(request.id),
      services,
      loaders: new Loaders(db, viewer.user.id),
      log: request.log.child({ userId: viewer.user.id }),
      origin: `${request.protocol}://${request.host}`,
    };
  };
  await fastify.register(fastifyApollo(apollo), { context, path: '/graphql', method: ['GET', 'POST', 'OPTIONS'] });
  return fastify;
}
