/**
 * The codes a client can receive in `extensions.code`. Services throw `AppError` with one of them;
 * `graphql/format-error.ts` is the one place that turns them into GraphQL errors.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  RATE_LIMITED = 'RATE_LIMITED',
  TIMEOUT = 'TIMEOUT',
  RESPONSE_TOO_LARGE = 'RESPONSE_TOO_LARGE',
  UNAVAILABLE = 'UNAVAILABLE',
}

/** A failure the client caused and can act on. Anything else that is thrown is masked as an internal error. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra machine-readable detail, e.g. `{ field: 'dueDate' }`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Invalid input on a named field. */
export function badInput(field: string, message: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field });
}

/** The thing does not exist or is not the viewer's: the two are indistinguishable on purpose. */
export function notFound(what: string, id: string): AppError {
  return new AppError(ErrorCode.NOT_FOUND, `No ${what} with id ${id}`, { id });
}

/**
 * Refuses an update that names nothing to change, on `field` (the input as a whole): it would do nothing, and a
 * client sending it has most likely lost the fields it meant to send. `changes` holds only the changeable fields.
 */
export function requireSomeChange(changes: object, field = 'input'): void {
  const names = Object.keys(changes);
  if (Object.values(changes).every((value) => value === undefined)) {
    throw badInput(field, `names nothing to change; give at least one of ${names.join(', ')}, got none`);
  }
}
