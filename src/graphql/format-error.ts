import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { AppError, ErrorCode } from '../errors';

/** Codes that GraphQL and Apollo themselves attach and that are safe to show as they are. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.QUERY_TOO_COMPLEX,
]);

/** The id under which an unexpected error was logged; set by the logging plugin before formatting. */
export const ERROR_ID = Symbol('hoego.errorId');

/** True for an error that the client did not cause: it is logged in full and masked in the response. */
export function isUnexpected(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return false;
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
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
    const extensions = { ...formatted.extensions };
    delete extensions.stacktrace;
    // A bad literal of our scalars (e.g. LocalDate "2021-02-30") is the client's input error, like a bad variable.
    const cause = (original as { originalError?: { extensions?: { code?: unknown } } } | null)?.originalError;
    if (extensions.code === 'GRAPHQL_VALIDATION_FAILED' && cause?.extensions?.code === 'BAD_USER_INPUT') extensions.code = 'BAD_USER_INPUT';
    // graphql-js names a bad variable's place only in its message ('… at "input.dueDate"'); clients get it as `field`.
    const at = /^Variable "\$\w+" got invalid value .* at "\w+\.([\w.]+)"/.exec(formatted.message);
    if (extensions.code === 'BAD_USER_INPUT' && extensions.field === undefined && at) extensions.field = at[1];
    return { ...base, extensions };
  }
  const errorId = (error as { [ERROR_ID]?: string })[ERROR_ID] ?? (original as { [ERROR_ID]?: string } | null)?.[ERROR_ID];
  return {
    ...base,
    message: `Internal server error${errorId ? ` (error id ${errorId})` : ''}`,
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
  };
}
