import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, OperationTypeNode, type DocumentNode } from 'graphql';
import { PROTOCOL_ERROR_CODES } from '../graphql/error-codes';

function operationNames(document: DocumentNode): string[] {
  return document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name ? d.name.value : '(anonymous)'] : []));
}

/** Why `operationName` picks no single operation of `document`, naming the operations it has. */
export function operationResolutionMessage(document: DocumentNode, operationName: string | undefined): string {
  const names = operationNames(document);
  const has =
    names.length === 0 ? 'no operation' : `${names.length === 1 ? 'one operation' : `${names.length} operations`}: ${names.join(', ')}`;
  return operationName === undefined
    ? `The document has ${has}; send operationName to choose one`
    : `operationName "${operationName}" names no operation of the document, which has ${has}`;
}

/**
 * Refuses, before execution, what graphql-js would only fail at while executing, with errors that say little: an
 * operationName that picks no operation, and a subscription sent over HTTP (subscriptions run over WebSocket).
 */
export const operationPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, request }) {
        if (!operation) {
          throw new GraphQLError(operationResolutionMessage(document, request.operationName ?? undefined), {
            extensions: { code: PROTOCOL_ERROR_CODES.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } },
          });
        }
        if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
          throw new GraphQLError(
            'Subscriptions run over WebSocket (graphql-ws protocol) at this path, not over HTTP; got a subscription operation',
            {
              nodes: [operation],
              extensions: { code: PROTOCOL_ERROR_CODES.SUBSCRIPTION_NOT_SUPPORTED, http: { status: 400 } },
            },
          );
        }
      },
    };
  },
};
