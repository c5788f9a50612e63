import type { FastifyBaseLogger } from 'fastify';
import type { RateLimitTicket } from '../http/rate-limit';
import type { Loaders } from '../loaders';
import type { Viewer } from '../modules/user/token.service';
import type { Services } from '../services';

/** What every resolver receives. */
export interface RequestContext {
  viewer: Viewer;
  requestId: string;
  services: Services;
  loaders: Loaders;
  log: FastifyBaseLogger;
  /** The request's count in the rate limits; null when they are off. */
  rateLimit: RateLimitTicket | null;
}
