import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { AppError, ErrorCode } from '../errors';
import { INTERNAL_SERVER_ERROR, PROTOCOL_ERROR_CODES } from './error-codes';

/** Codes that GraphQL, Apollo and the HTTP layer attach and that are safe to show as they are. */
const PASS_THROUGH = new Set<string>([
  ...Object.values(PROTOCOL_ERROR_CODES),
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.QUERY_TOO_COMPLEX,
  ErrorCode.RATE_LIMITED,
  ErrorCode.TIMEOUT,
  ErrorCode.RESPONSE_TOO_LARGE,
  ErrorCode.UNAVAILABLE,
]);

/**
 * Client mistakes that Apollo reports without a code, recognised by their message. A test sends each of them, so
 * a new Apollo that words one differently fails there rather than masking it as an internal error.
 */
const UNCODED_CLIENT_ERRORS: Array<{ message: RegExp; code: string; explanation: string }> = [
  {
    message: /^provided sha does not match query$/,
    code: PROTOCOL_ERROR_CODES.PERSISTED_QUERY_HASH_MISMATCH,
    explanation: 'extensions.persistedQuery.sha256Hash must be the SHA-256 (hex) of the query sent; got the hash of another text',
  },
];

function uncodedClientError(error: unknown): (typeof UNCODED_CLIENT_ERRORS)[number] | undefined {
  if ((error as { extensions?: { code?: unknown } } | null)?.extensions?.code !== undefined) return undefined;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? UNCODED_CLIENT_ERRORS.find((known) => known.message.test(message)) : undefined;
}

/** The code of an error: its own, or the one of a client mistake that Apollo left without one. */
function codeOf(error: unknown): unknown {
  return uncodedClientError(error)?.code ?? (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
}

/** The id under which an unexpected error was logged; set by the logging plugin before formatting. */
export const ERROR_ID = Symbol('hoego.errorId');

/** True for an error that the client did not cause: it is logged in full and masked in the response. */
export function isUnexpected(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return false;
  const code = codeOf(error);
  return !(typeof code === 'string' && PASS_THROUGH.has(code));
}

/**
 * The one place where errors become what clients see: AppError codes map to extensions.code, GraphQL's own
 * input errors pass as BAD_USER_INPUT naming the field, and anything unexpected to a masked INTERNAL_SERVER_ERROR that
 * carries only the id it was logged under.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof AppError) {
    return { ...base, message: original.message, extensions: { ...original.details, code: original.code } };
  }
  if (!isUnexpected(error)) {
    const extensions: Record<string, unknown> = { ...formatted.extensions, code: codeOf(error) };
    delete extensions.stacktrace;
    // A bad literal of our scalars (e.g. LocalDate "2021-02-30") is the client's input error, like a bad variable.
    const cause = (original as { originalError?: { extensions?: { code?: unknown } } } | null)?.originalError;
    if (extensions.code === 'GRAPHQL_VALIDATION_FAILED' && cause?.extensions?.code === 'BAD_USER_INPUT') extensions.code = 'BAD_USER_INPUT';
    // graphql-js names a bad variable's place only in its message ('… at "input.dueDate"'); clients get it as `field`.
    const at = /^Variable "\$\w+" got invalid value .* at "\w+\.([\w.]+)"/.exec(formatted.message);
    if (extensions.code === 'BAD_USER_INPUT' && extensions.field === undefined && at) extensions.field = at[1];
    return { ...base, message: uncodedClientError(error)?.explanation ?? base.message, extensions };
  }
  const errorId = (error as { [ERROR_ID]?: string })[ERROR_ID] ?? (original as { [ERROR_ID]?: string } | null)?.[ERROR_ID];
  return {
    ...base,
    message: `Internal server error${errorId ? ` (error id ${errorId})` : ''}`,
    extensions: { code: INTERNAL_SERVER_ERROR, errorId },
  };
}
