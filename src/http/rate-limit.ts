import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { AppError, ErrorCode } from '../errors';
import { MemoryRateLimitStore, PostgresRateLimitStore, WINDOW_MS, type RateLimitStore } from '../modules/rate-limit/rate-limit.store';

/** What a request was allowed, as the RateLimit headers tell it. */
export interface RateLimitDecision {
  allowed: boolean;
  /** The quota nearest to running out: requests or cost. */
  limit: number;
  remaining: number;
  /** Seconds until the window ends. */
  resetSeconds: number;
}

/**
 * One request's place in the limits: whose count it adds to, and the decision once it has been counted. A request
 * is counted once: with its cost once the query is priced, otherwise (a refused or unparsable query) as a request
 * of no cost when it answers.
 */
export interface RateLimitTicket {
  key: string;
  decision: RateLimitDecision | null;
}

/**
 * Fixed one-minute windows of requests and query cost per key: a token's id, or the client address for requests
 * without a valid token. A request past either quota is refused; refused requests still count, so a client that
 * keeps hammering stays refused until the window ends.
 */
export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
    readonly requestsPerMinute: number,
    readonly costPerMinute: number,
  ) {}

  /** The limiter `config` asks for on `db`, or null when both limits are off. */
  static fromConfig(config: Config, db: Database, clock: Clock): RateLimiter | null {
    if (config.rateLimitRequestsPerMinute === 0 && config.rateLimitCostPerMinute === 0) return null;
    const store = db.dialect === 'postgres' ? new PostgresRateLimitStore(db) : new MemoryRateLimitStore();
    return new RateLimiter(store, clock, config.rateLimitRequestsPerMinute, config.rateLimitCostPerMinute);
  }

  /** Counts `requests` and `cost` against the ticket's key, records the decision on it and returns it. */
  async charge(ticket: RateLimitTicket, requests: number, cost: number): Promise<RateLimitDecision> {
    const now = this.clock.now().getTime();
    const count = await this.store.add(ticket.key, requests, cost, now);
    const quotas = [
      { limit: this.requestsPerMinute, used: count.requests },
      { limit: this.costPerMinute, used: count.cost },
    ].filter((q) => q.limit > 0);
    const allowed = quotas.every((q) => q.used <= q.limit);
    const tightest = quotas.reduce((a, b) => ((b.limit - b.used) / b.limit < (a.limit - a.used) / a.limit ? b : a));
    const decision = {
      allowed,
      limit: tightest.limit,
      remaining: Math.max(0, tightest.limit - tightest.used),
      resetSeconds: Math.max(1, Math.ceil((count.resetAt - now) / 1000)),
    };
    ticket.decision = decision;
    return decision;
  }

  /** The RateLimit-Policy header: both quotas and their window. */
  policy(): string {
    const parts: string[] = [];
    const seconds = WINDOW_MS / 1000;
    if (this.requestsPerMinute > 0) parts.push(`${this.requestsPerMinute};w=${seconds};comment="requests"`);
    if (this.costPerMinute > 0) parts.push(`${this.costPerMinute};w=${seconds};comment="query cost"`);
    return parts.join(', ');
  }
}

function rateLimitedMessage(limiter: RateLimiter, decision: RateLimitDecision): string {
  return (
    `Rate limit reached: at most ${limiter.requestsPerMinute || 'unlimited'} requests and ${limiter.costPerMinute || 'unlimited'} ` +
    `query cost a minute for this token or address; try again in ${decision.resetSeconds} s`
  );
}

/** The coded refusal of a request past its quota. */
export function rateLimitedError(limiter: RateLimiter, decision: RateLimitDecision): GraphQLError {
  return new GraphQLError(rateLimitedMessage(limiter, decision), {
    extensions: { code: ErrorCode.RATE_LIMITED, retryAfter: decision.resetSeconds, http: { status: 429 } },
  });
}

/**
 * The limits of the routes besides /graphql (reports, exports, imports), against the same counts: a request with a
 * valid token counts against the token, one without against the client's address, and a refused one counts there
 * once when it sent nothing and twice when what it sent failed. Past a quota they throw RATE_LIMITED (an AppError,
 * HTTP 429), and the response carries the same RateLimit headers as /graphql.
 */
export class RouteLimits {
  constructor(private readonly limiter: RateLimiter | null) {}

  /** Counts one request and `cost` against `key` and refuses it past a quota. */
  async admit(request: FastifyRequest, key: string, cost = 0): Promise<RateLimitTicket | null> {
    if (!this.limiter) return null;
    const ticket = openTicket(request, key);
    const decision = await this.limiter.charge(ticket, 1, cost);
    if (!decision.allowed)
      throw new AppError(ErrorCode.RATE_LIMITED, rateLimitedMessage(this.limiter, decision), { retryAfter: decision.resetSeconds });
    return ticket;
  }

  /** Counts a request whose credentials were refused against the client's address: `weight` 1 (none sent) or 2. */
  async refused(request: FastifyRequest, weight: 1 | 2): Promise<void> {
    if (!this.limiter) return;
    const decision = await this.limiter.charge(openTicket(request, `address:${request.ip}`), weight, 0);
    if (!decision.allowed)
      throw new AppError(ErrorCode.RATE_LIMITED, rateLimitedMessage(this.limiter, decision), { retryAfter: decision.resetSeconds });
  }

  /**
   * Adds the cost of work already done (rows exported or imported) to an admitted request's count. It never refuses
   * the request that did the work; later ones pay for it.
   */
  async spent(ticket: RateLimitTicket | null, cost: number): Promise<void> {
    if (!this.limiter || !ticket || cost <= 0) return;
    const decision = await this.limiter.charge({ key: ticket.key, decision: null }, 0, cost);
    ticket.decision = { ...decision, allowed: true };
  }
}

const tickets = new WeakMap<FastifyRequest, RateLimitTicket>();

/** Opens the ticket of a request, kept with it so that its response carries the RateLimit headers. */
export function openTicket(request: FastifyRequest, key: string): RateLimitTicket {
  const ticket: RateLimitTicket = { key, decision: null };
  tickets.set(request, ticket);
  return ticket;
}

/** Sets the RateLimit headers (and Retry-After on a refusal) on every response of a counted request. */
export function registerRateLimitHeaders(fastify: FastifyInstance, limiter: RateLimiter): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    const decision = tickets.get(request)?.decision;
    if (!decision) return payload;
    void reply.header('RateLimit-Limit', String(decision.limit));
    void reply.header('RateLimit-Remaining', String(decision.remaining));
    void reply.header('RateLimit-Reset', String(decision.resetSeconds));
    void reply.header('RateLimit-Policy', limiter.policy());
    if (!decision.allowed) void reply.header('Retry-After', String(decision.resetSeconds));
    return payload;
  });
}

/**
 * Counts a request that answers without having been priced (parse or validation errors, limits passed, a hash
 * of an unknown persisted query) as one request of no cost. Priced requests are counted by `chargePriced`.
 */
export function rateLimitPlugin<T extends { rateLimit: RateLimitTicket | null }>(limiter: RateLimiter): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          const ticket = contextValue.rateLimit;
          if (ticket && !ticket.decision) await limiter.charge(ticket, 1, 0);
        },
      };
    },
  };
}

/** Counts a priced request and refuses it, before it runs, when it passes a quota. */
export async function chargePriced(limiter: RateLimiter, ticket: RateLimitTicket, cost: number): Promise<void> {
  const decision = await limiter.charge(ticket, 1, cost);
  if (!decision.allowed) throw rateLimitedError(limiter, decision);
}
