import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTime } from 'luxon';
import { MAX_SUPPORTED_DATE, MIN_SUPPORTED_DATE, isSupportedDate, isValidLocalDate } from '../domain/calendar';

/** True for a real calendar date written YYYY-MM-DD (2021-02-29 is not one). */
export function isLocalDate(value: string): boolean {
  return isValidLocalDate(value);
}

const RANGE = `from ${MIN_SUPPORTED_DATE} to ${MAX_SUPPORTED_DATE}`;

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function parseLocalDate(value: unknown): string {
  if (typeof value !== 'string' || !isLocalDate(value)) {
    throw invalid(`LocalDate must be a real calendar date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  if (!isSupportedDate(value)) throw invalid(`LocalDate must be ${RANGE}, got ${JSON.stringify(value)}`);
  return value;
}

/** A calendar date without a time or zone, YYYY-MM-DD: a day in the user's own calendar. */
export const LocalDateScalar = new GraphQLScalarType({
  name: 'LocalDate',
  description: `A calendar date without time or zone, written YYYY-MM-DD (ISO 8601), e.g. 2021-01-31; ${RANGE}.`,
  serialize: (value) => {
    if (typeof value === 'string' && isLocalDate(value)) return value;
    throw new GraphQLError(`LocalDate cannot represent ${JSON.stringify(value)}`);
  },
  parseValue: parseLocalDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid('LocalDate must be a string written YYYY-MM-DD');
    return parseLocalDate(ast.value);
  },
});

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(value: unknown): Date {
  if (typeof value === 'string' && INSTANT.test(value)) {
    const parsed = DateTime.fromISO(value, { setZone: true });
    // RFC 3339 offsets run from -18:00 to +18:00 (as do Luxon's and ECMAScript's).
    const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
    if (offset && (Number(offset[2]) * 60 + Number(offset[3]) > 18 * 60 || Number(offset[3]) > 59)) {
      throw invalid(`DateTime offset must be within -18:00 to +18:00, got ${JSON.stringify(value)}`);
    }
    if (parsed.isValid) {
      // Checked in UTC with a day's margin, so the instant's local day in any zone stays within the calendar too.
      const day = parsed.toUTC().toISODate();
      if (day <= MIN_SUPPORTED_DATE || day >= MAX_SUPPORTED_DATE)
        throw invalid(`DateTime must fall ${RANGE}, got ${JSON.stringify(value)}`);
      return parsed.toJSDate();
    }
  }
  throw invalid(`DateTime must be an ISO-8601 instant with a zone offset, e.g. 2021-01-31T21:30:00+09:00, got ${JSON.stringify(value)}`);
}

/** An exact instant. Input must carry an offset (Z or ±HH:MM); output is always UTC. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An exact instant in ISO 8601 with an offset, e.g. 2021-01-31T21:30:00+09:00. Returned in UTC with milliseconds.',
  serialize: (value) => {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    if (typeof value === 'string') return parseInstant(value).toISOString();
    throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
  },
  parseValue: parseInstant,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid('DateTime must be a string');
    return parseInstant(ast.value);
  },
});
