/** Where the data lives, parsed from DATABASE_URL. */
export type DatabaseConfig =
  // path ':memory:' for a throwaway database; checkpoint: who copies the write-ahead log back (SQLITE_CHECKPOINT)
  | { kind: 'sqlite'; path: string; checkpoint?: 'background' | 'inline' }
  | { kind: 'postgres'; url: string; poolSize: number; statementTimeoutMs: number };

/** Every setting hoego reads from its environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  nodeEnv: 'development' | 'production' | 'test';
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** Largest file POST /import/<format> takes, in bytes. */
  importBodyLimit: number;
  /** Signs report links. Null: a random secret kept in the database's settings table, shared by every server on it. */
  reportLinkSecret: string | null;
  /**
   * Base URL clients reach this server at, for links it hands out (e.g. https://hoego.example.com). Required in
   * production; elsewhere null stands for http://HOST:PORT. Never taken from a request's Host header.
   */
  publicUrl: string | null;
  /** Most requests per token (or per client address without a valid token) in one minute; 0 turns the limit off. */
  rateLimitRequestsPerMinute: number;
  /** Most query cost per token (or client address) in one minute; 0 turns the limit off. */
  rateLimitCostPerMinute: number;
  /** Wall-clock budget of one request, in milliseconds: past it resolvers and long loops stop with TIMEOUT. */
  requestTimeoutMs: number;
  /** Largest GraphQL response body, in bytes; a larger one is replaced by a RESPONSE_TOO_LARGE error. */
  responseLimitBytes: number;
  /** Wall-clock budget of one GET /export.json or /export.csv, in milliseconds: past it the download is cut off. */
  exportTimeoutMs: number;
  /** Wall-clock budget of one POST /import/<format> (upload and import), in milliseconds: past it nothing is kept. */
  importTimeoutMs: number;
  /** Whether `__schema` and `__type` answer; IDEs, the explorer and codegen need them. */
  introspection: boolean;
  /** Whether `GET /graphql` from a browser serves the GraphiQL explorer. */
  explorer: boolean;
  /** Most automatic persisted queries kept (in the database, shared by every server); the least recently used go first. */
  persistedQueriesMax: number;
  /** Memory bound of the in-process cache of goal summaries (streaks, scores, totals), in MiB; 0 turns it off. */
  summaryCacheMb: number;
  /** Bound of the years in review each process keeps, in MB; 0 keeps none. */
  reviewCacheMb: number;
  /** Webhook delivery: private-network receivers allowed, per-attempt timeout, first retry delay, and the idle poll. */
  webhooks: WebhookConfig;
  /**
   * How often each subscription socket checks its token again, in ms (SUBSCRIPTION_TOKEN_CHECK_MS, default 30 s):
   * a socket whose token was revoked or has expired is closed with 4403 within this time.
   */
  subscriptionTokenCheckMs: number;
}

/** Webhook settings when none are given (services built outside a server, e.g. by the CLI). */
export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = { allowPrivateNetworks: false, timeoutMs: 10_000, retryBaseMs: 30_000, pollMs: 5_000 };

/** How webhooks are delivered. */
export interface WebhookConfig {
  /** Whether a webhook may point at loopback, link-local or private addresses (WEBHOOKS_ALLOW_PRIVATE_NETWORKS). */
  allowPrivateNetworks: boolean;
  /** Longest wait for a receiver's answer, in ms (WEBHOOK_TIMEOUT_MS, default 10 s). */
  timeoutMs: number;
  /** Wait before the first retry, doubled for each next one (WEBHOOK_RETRY_BASE_MS, default 30 s). */
  retryBaseMs: number;
  /** How often a server looks for due deliveries while webhooks exist (WEBHOOK_POLL_MS, default 5 s). */
  pollMs: number;
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/hoego.db';
/** Ten requests a second, sustained for a minute: far more than one person's phone, scripts and browser send. */
export const DEFAULT_RATE_LIMIT_REQUESTS_PER_MINUTE = 600;
/** Ten queries at the largest cost one query may have (20,000), or many more ordinary ones, per minute. */
export const DEFAULT_RATE_LIMIT_COST_PER_MINUTE = 200_000;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;

/** Thrown when the environment holds invalid settings; `problems` lists every one of them. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses a DATABASE_URL value, or explains why it cannot be used. */
export function parseDatabaseUrl(raw: string): DatabaseConfig | string {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length);
    if (path === '') return 'DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/hoego.db or sqlite::memory:';
    return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      return `DATABASE_URL is not a valid PostgreSQL URL: ${raw}`;
    }
    return { kind: 'postgres', url: raw, poolSize: 10, statementTimeoutMs: 30_000 };
  }
  return `DATABASE_URL must start with sqlite: or postgres://, got "${raw}"`;
}

function parseInteger(name: string, raw: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return fallback;
}

function parseChoice<T extends string>(name: string, raw: string | undefined, choices: readonly T[], fallback: T, problems: string[]): T {
  if (raw === undefined || raw === '') return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  problems.push(`${name} must be one of ${choices.join(', ')}, got "${raw}"`);
  return fallback;
}

/**
 * Reads and validates the configuration. Nothing else in hoego reads process.env.
 * Collects every problem before failing, so one start-up shows all that needs fixing.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const nodeEnv = parseChoice('NODE_ENV', env.NODE_ENV, NODE_ENVS, 'development', problems);
  const port = parseInteger('PORT', env.PORT, 4000, 0, 65535, problems);
  const host = env.HOST === undefined || env.HOST === '' ? '127.0.0.1' : env.HOST;
  if (/\s/.test(host)) problems.push(`HOST must be a host name or address, got "${host}"`);
  const parsedDb = parseDatabaseUrl(env.DATABASE_URL || DEFAULT_DATABASE_URL);
  if (typeof parsedDb === 'string') problems.push(parsedDb);
  const logLevel = parseChoice('LOG_LEVEL', env.LOG_LEVEL, LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info', problems);
  const poolSize = parseInteger('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE, 10, 1, 1000, problems);
  const statementTimeoutMs = parseInteger(
    'DATABASE_STATEMENT_TIMEOUT_MS',
    env.DATABASE_STATEMENT_TIMEOUT_MS,
    30_000,
    0,
    3_600_000,
    problems,
  );
  if (typeof parsedDb !== 'string' && parsedDb.kind === 'postgres') Object.assign(parsedDb, { poolSize, statementTimeoutMs });
  const checkpoint = parseChoice('SQLITE_CHECKPOINT', env.SQLITE_CHECKPOINT, ['background', 'inline'] as const, 'inline', problems);
  if (typeof parsedDb !== 'string' && parsedDb.kind === 'sqlite') Object.assign(parsedDb, { checkpoint });
  const bodyLimit = parseInteger('BODY_LIMIT', env.BODY_LIMIT, 1024 * 1024, 1024, 64 * 1024 * 1024, problems);
  const importBodyLimit = parseInteger('IMPORT_BODY_LIMIT', env.IMPORT_BODY_LIMIT, 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024, problems);
  const reportLinkSecret = env.REPORT_LINK_SECRET ? env.REPORT_LINK_SECRET : null;
  // The value itself is never echoed: it is a secret.
  if (reportLinkSecret !== null && reportLinkSecret.length < 32) {
    problems.push(
      `REPORT_LINK_SECRET must be at least 32 characters (e.g. from \`openssl rand -base64 32\`), got ${reportLinkSecret.length}`,
    );
  }
  const publicUrl = parsePublicUrl(env.PUBLIC_URL, problems);
  if (nodeEnv === 'production' && (env.PUBLIC_URL === undefined || env.PUBLIC_URL === '')) {
    problems.push('PUBLIC_URL is required when NODE_ENV=production: the base URL clients reach hoego at, e.g. https://hoego.example.com');
  }
  const rateLimitRequestsPerMinute = parseInteger(
    'RATE_LIMIT_REQUESTS_PER_MINUTE',
    env.RATE_LIMIT_REQUESTS_PER_MINUTE,
    DEFAULT_RATE_LIMIT_REQUESTS_PER_MINUTE,
    0,
    1_000_000,
    problems,
  );
  const rateLimitCostPerMinute = parseInteger(
    'RATE_LIMIT_COST_PER_MINUTE',
    env.RATE_LIMIT_COST_PER_MINUTE,
    DEFAULT_RATE_LIMIT_COST_PER_MINUTE,
    0,
    1_000_000_000,
    problems,
  );
  const requestTimeoutMs = parseInteger('REQUEST_TIMEOUT_MS', env.REQUEST_TIMEOUT_MS, 10_000, 100, 3_600_000, problems);
  const responseLimitBytes = parseInteger(
    'RESPONSE_LIMIT_BYTES',
    env.RESPONSE_LIMIT_BYTES,
    10 * 1024 * 1024,
    1024,
    1024 * 1024 * 1024,
    problems,
  );
  const exportTimeoutMs = parseInteger('EXPORT_TIMEOUT_MS', env.EXPORT_TIMEOUT_MS, 600_000, 100, 86_400_000, problems);
  const importTimeoutMs = parseInteger('IMPORT_TIMEOUT_MS', env.IMPORT_TIMEOUT_MS, 600_000, 100, 86_400_000, problems);
  const introspection = parseBoolean('INTROSPECTION', env.INTROSPECTION, true, problems);
  const explorer = parseBoolean('EXPLORER', env.EXPLORER, true, problems);
  const persistedQueriesMax = parseInteger('PERSISTED_QUERIES_MAX', env.PERSISTED_QUERIES_MAX, 10_000, 0, 10_000_000, problems);
  const summaryCacheMb = parseInteger('SUMMARY_CACHE_MB', env.SUMMARY_CACHE_MB, 32, 0, 65536, problems);
  const reviewCacheMb = parseInteger('REVIEW_CACHE_MB', env.REVIEW_CACHE_MB, 16, 0, 65536, problems);
  const webhooks: WebhookConfig = {
    allowPrivateNetworks: parseBoolean('WEBHOOKS_ALLOW_PRIVATE_NETWORKS', env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS, false, problems),
    timeoutMs: parseInteger('WEBHOOK_TIMEOUT_MS', env.WEBHOOK_TIMEOUT_MS, 10_000, 10, 60_000, problems),
    retryBaseMs: parseInteger('WEBHOOK_RETRY_BASE_MS', env.WEBHOOK_RETRY_BASE_MS, 30_000, 1, 3_600_000, problems),
    pollMs: parseInteger('WEBHOOK_POLL_MS', env.WEBHOOK_POLL_MS, 5_000, 10, 3_600_000, problems),
  };
  const subscriptionTokenCheckMs = parseInteger(
    'SUBSCRIPTION_TOKEN_CHECK_MS',
    env.SUBSCRIPTION_TOKEN_CHECK_MS,
    30_000,
    10,
    3_600_000,
    problems,
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    database: parsedDb as DatabaseConfig,
    logLevel,
    nodeEnv,
    bodyLimit,
    importBodyLimit,
    reportLinkSecret,
    publicUrl,
    rateLimitRequestsPerMinute,
    rateLimitCostPerMinute,
    requestTimeoutMs,
    responseLimitBytes,
    exportTimeoutMs,
    importTimeoutMs,
    introspection,
    explorer,
    persistedQueriesMax,
    summaryCacheMb,
    reviewCacheMb,
    webhooks,
    subscriptionTokenCheckMs,
  };
}

/**
 * The base of links hoego hands out: PUBLIC_URL, or else the address it listens on (HOST and PORT, with a wildcard
 * host read as this machine). Never the Host header of a request, which any client can set.
 */
export function linkBaseUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  if (config.publicUrl !== null) return config.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/** PUBLIC_URL: an http(s) URL without query or fragment; returned without a trailing slash. */
function parsePublicUrl(raw: string | undefined, problems: string[]): string | null {
  if (raw === undefined || raw === '') return null;
  try {
    const url = new URL(raw);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '') return raw.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  problems.push(`PUBLIC_URL must be an http or https URL without query or fragment, e.g. https://hoego.example.com, got "${raw}"`);
  return null;
}
