import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { OperationTypeNode } from 'graphql';
import { ErrorCode } from '../errors';
import type { RequestContext } from '../graphql/context';

/**
 * A query that ran out of time answers with the TIMEOUT error alone and HTTP 503, not with whatever part of it
 * finished: which fields made it in time depends on the load of the moment, and a partial answer that changes from
 * one try to the next is worse than none. A mutation keeps its partial result: the mutations before the one that
 * ran out were saved, and the client must learn which.
 */
export const timeBudgetPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, operation }) {
        if (response.body.kind !== 'single' || operation?.operation !== OperationTypeNode.QUERY) return;
        const timeout = response.body.singleResult.errors?.find((e) => e.extensions?.code === ErrorCode.TIMEOUT);
        if (!timeout) return;
        response.body.singleResult = { errors: [{ message: timeout.message, extensions: timeout.extensions }] };
        response.http.status = 503;
      },
    };
  },
};

/**
 * Replaces a GraphQL answer larger than `maxBytes` with a RESPONSE_TOO_LARGE error (HTTP 400). The query limits
 * keep answers far below the default; this bounds what reaches the network when they do not.
 */
export function registerResponseLimit(fastify: FastifyInstance, path: string, maxBytes: number): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || request.routeOptions.url !== path) return payload;
    // UTF-8 takes one to three bytes per UTF-16 unit: count the bytes only when the length cannot decide.
    if (payload.length * 3 <= maxBytes) return payload;
    const bytes = Buffer.byteLength(payload, 'utf8');
    if (bytes <= maxBytes) return payload;
    void reply.code(400).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({
      errors: [
        {
          message: `The answer would be ${bytes} bytes, more than the limit of ${maxBytes} (RESPONSE_LIMIT_BYTES); ask for fewer fields or smaller pages`,
          extensions: { code: ErrorCode.RESPONSE_TOO_LARGE, max: maxBytes, actual: bytes },
        },
      ],
    });
  });
}
