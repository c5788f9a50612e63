import { ErrorCode } from '../errors';

/** Codes of the GraphQL-over-HTTP layer: the request itself is at fault, before any of hoego's rules run. */
export const PROTOCOL_ERROR_CODES = {
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  BAD_REQUEST: 'BAD_REQUEST',
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  SUBSCRIPTION_NOT_SUPPORTED: 'SUBSCRIPTION_NOT_SUPPORTED',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  PERSISTED_QUERY_HASH_MISMATCH: 'PERSISTED_QUERY_HASH_MISMATCH',
} as const;

export type ProtocolErrorCode = keyof typeof PROTOCOL_ERROR_CODES;

/** The code of a fault of the server; its `errorId` names the entry in the server's log. */
export const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR';

/**
 * Every code a client can meet in `errors[].extensions.code`, with what it means and the HTTP status it comes
 * with. The schema's description lists them, so tools that read the schema show them too.
 */
export const ERROR_CODE_MEANINGS: Record<ErrorCode | ProtocolErrorCode | typeof INTERNAL_SERVER_ERROR, string> = {
  [ErrorCode.BAD_USER_INPUT]: 'an argument or variable is invalid; `field` names it when it is one field (HTTP 400 for a bad variable)',
  [ErrorCode.UNAUTHENTICATED]: 'the bearer token is missing, malformed, unknown, revoked or expired (HTTP 401)',
  [ErrorCode.FORBIDDEN]: 'the token lacks a scope the operation needs, e.g. WRITE for a mutation',
  [ErrorCode.NOT_FOUND]: "no such object, or it is not the viewer's (the two look the same on purpose)",
  [ErrorCode.CONFLICT]: 'the change conflicts with stored data, e.g. a requestId reused with other input',
  [ErrorCode.QUERY_TOO_COMPLEX]: 'the operation passes a limit; `limit`, `max` and `actual` say which (HTTP 400)',
  [ErrorCode.RATE_LIMITED]:
    'too many requests, or too much query cost, in this minute for the token (or the client address without a valid token); `retryAfter` says in how many seconds to try again (HTTP 429 with Retry-After)',
  [ErrorCode.TIMEOUT]:
    "the request ran past the server's time budget (REQUEST_TIMEOUT_MS) and was stopped; ask for less at once (HTTP 503)",
  [ErrorCode.RESPONSE_TOO_LARGE]: 'the answer would be larger than RESPONSE_LIMIT_BYTES; `max` and `actual` give the bytes (HTTP 400)',
  [ErrorCode.UNAVAILABLE]:
    'a subscription ended on the server side: it is shutting down, or the subscriber fell more than 1,000 events behind; subscribe again',
  GRAPHQL_PARSE_FAILED: 'the document is not valid GraphQL syntax (HTTP 400)',
  GRAPHQL_VALIDATION_FAILED: 'the document does not fit the schema, or introspection is turned off (HTTP 400)',
  BAD_REQUEST: 'not a GraphQL request: no query, a malformed body or parameter, or a mutation sent with GET (HTTP 400 or 405)',
  OPERATION_RESOLUTION_FAILURE:
    'operationName names no operation in the document, or the document has several operations and no operationName (HTTP 400)',
  SUBSCRIPTION_NOT_SUPPORTED:
    'the operation is a subscription sent over HTTP; subscribe over WebSocket (graphql-ws) at the same path (HTTP 400)',
  PERSISTED_QUERY_NOT_FOUND: 'the hash of an automatic persisted query is not known: send it again with the query (HTTP 200)',
  PERSISTED_QUERY_NOT_SUPPORTED: 'automatic persisted queries are turned off on this server (PERSISTED_QUERIES_MAX=0) (HTTP 200)',
  PERSISTED_QUERY_HASH_MISMATCH: 'the sha256Hash sent is not the SHA-256 of the query sent (HTTP 400)',
  INTERNAL_SERVER_ERROR: "a fault of the server, not of the request; `errorId` names the entry in the server's log",
};

/** The schema's description: how errors arrive and what each code means. */
export function errorCodesDescription(): string {
  const lines = Object.entries(ERROR_CODE_MEANINGS).map(([code, meaning]) => `- ${code}: ${meaning}`);
  return [
    "hoego: a person's yearly goals, habits and progress logs. Every request needs `Authorization: Bearer <token>`.",
    '',
    'Every error carries `extensions.code`, one of:',
    ...lines,
  ].join('\n');
}
