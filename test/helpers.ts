import type { LightMyRequestResponse } from 'fastify';
import { createApp, type App } from '../src/app';
import { FixedClock } from '../src/clock';
import { loadConfig } from '../src/config';
import type { QueryLimits } from '../src/graphql/limits';
import type { UserEntity } from '../src/modules/user/user.entity';
import { scratchDatabase } from './db';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface TestApp {
  app: App;
  clock: FixedClock;
  /** Sends a GraphQL request through HTTP with the given bearer token (none when null). */
  gql<T = any>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T> & { status: number }>;
  /** Creates a user (and a write token) directly through the services. */
  createUser(
    overrides?: Partial<{ handle: string; timeZone: string; dayStartsAt: string; displayName: string }>,
  ): Promise<{ user: UserEntity; token: string }>;
  close(): Promise<void>;
}

let seq = 0;

/**
 * Starts hoego on a fresh database (an SQLite file, or a PostgreSQL database of its own under test:pg) with
 * the real migrations applied,
 * and a clock fixed at `now` (default 2021-06-15T12:00:00Z). `env` adds settings as the environment would.
 */
export async function startTestApp(
  opts: { now?: string; countStatements?: boolean; limits?: Partial<QueryLimits>; databaseUrl?: string; env?: Record<string, string> } = {},
): Promise<TestApp> {
  // With `databaseUrl`, the caller owns that database; otherwise a scratch one is made and dropped on close.
  const scratch = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => undefined } : await scratchDatabase();
  const clock = new FixedClock(new Date(opts.now ?? '2021-06-15T12:00:00Z'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, LOG_LEVEL: 'silent', ...opts.env });
  // Every test runs under the default rate limits, counted in minutes of the wall clock, as a server would. Tests of
  // the limits set them in `env`, and their windows follow the test's clock, which they move to end a window. So do
  // tests that count statements: on PostgreSQL a new minute's first request also sweeps old windows, one statement
  // more at a moment of the wall clock's choosing.
  const limitsSet = opts.env?.RATE_LIMIT_REQUESTS_PER_MINUTE !== undefined || opts.env?.RATE_LIMIT_COST_PER_MINUTE !== undefined;
  const app = await createApp(config, {
    clock,
    rateLimitClock: limitsSet || opts.countStatements ? clock : undefined,
    countStatements: opts.countStatements,
    limits: opts.limits,
  });
  return {
    app,
    clock,
    gql: (token, query, variables) => gqlOn(app, token, query, variables),
    async createUser(overrides = {}) {
      seq += 1;
      const user = await app.services.users.create({
        handle: overrides.handle ?? `user${seq}`,
        timeZone: overrides.timeZone ?? 'Asia/Seoul',
        dayStartsAt: overrides.dayStartsAt,
        displayName: overrides.displayName,
      });
      const { secret } = await app.services.tokens.create(user.id, 'test', ['read', 'write']);
      return { user, token: secret };
    },
    async close() {
      await app.close();
      await scratch.drop();
    },
  };
}

/** POSTs `payload` to /graphql as JSON, with `headers` besides the content type; the raw HTTP response. */
export function postGraphQL(
  app: App,
  payload: string | Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.server.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload });
}

/** Sends a GraphQL request to `app` through HTTP with the given bearer token (none when null). */
export async function gqlOn<T = any>(
  app: App,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T> & { status: number }> {
  const res = await postGraphQL(app, { query, variables }, token === null ? {} : { authorization: `Bearer ${token}` });
  return { status: res.statusCode, ...(JSON.parse(res.body) as GraphQLResponse<T>) };
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export function ok<T>(res: GraphQLResponse<T>): T {
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
  if (!res.data) throw new Error('GraphQL response has no data');
  return res.data;
}

/** The code of the first error of a response that must have failed. */
export function errorCode(res: GraphQLResponse): string | undefined {
  if (!res.errors?.length) throw new Error(`Expected an error, got ${JSON.stringify(res.data)}`);
  return res.errors[0].extensions?.code;
}

export const CREATE_GOAL = /* GraphQL */ `
  mutation CreateGoal($input: CreateGoalInput!) {
    createGoal(input: $input) {
      goal {
        id
        title
        kind
        status
        unit
        target
        targetType
        frequency {
          times
          perDays
        }
        startDate
        dueDate
        tags
        parent {
          id
        }
      }
    }
  }
`;

export const LOG_PROGRESS = /* GraphQL */ `
  mutation LogProgress($input: LogProgressInput!) {
    logProgress(input: $input) {
      log {
        id
        value
        date
        occurredAt
        note
      }
      goal {
        id
        status
        progress {
          current
          target
          percent
        }
      }
    }
  }
`;

export const REVOKE_API_TOKEN = /* GraphQL */ `
  mutation RevokeApiToken($input: RevokeApiTokenInput!) {
    revokeApiToken(input: $input) {
      apiToken {
        id
        revokedAt
      }
    }
  }
`;

/** Creates a goal through GraphQL and returns its id. */
export async function createGoal(t: TestApp, token: string, input: Record<string, unknown>): Promise<string> {
  const data = ok(await t.gql(token, CREATE_GOAL, { input }));
  return data.createGoal.goal.id as string;
}
