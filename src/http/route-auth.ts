import type { FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../errors';
import type { Viewer } from '../modules/user/token.service';
import type { Services } from '../services';
import type { RateLimitTicket, RouteLimits } from './rate-limit';

/**
 * The viewer of the request's bearer token, counted against the token; or UNAUTHENTICATED, counted against the
 * client's address once when no header was sent and twice when the header or its token failed.
 */
export async function bearerViewer(
  request: FastifyRequest,
  services: Services,
  limits: RouteLimits,
  cost = 0,
): Promise<{ viewer: Viewer; ticket: RateLimitTicket | null }> {
  const header = request.headers.authorization;
  if (!header) {
    await limits.refused(request, 1);
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'Missing Authorization header; send "Authorization: Bearer <token>"');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    await limits.refused(request, 2);
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'Authorization header must be "Bearer <token>"');
  }
  const { viewer, refused } = await services.tokens.authenticate(match[1]);
  if (!viewer) {
    await limits.refused(request, 2);
    throw new AppError(ErrorCode.UNAUTHENTICATED, refused);
  }
  return { viewer, ticket: await limits.admit(request, `token:${viewer.tokenId}`, cost) };
}
