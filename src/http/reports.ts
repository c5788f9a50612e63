import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Deadline } from '../deadline';
import { AppError, ErrorCode } from '../errors';
import type { ReportLocale } from '../modules/review/templates';
import type { UserEntity } from '../modules/user/user.entity';
import type { Services } from '../services';
import type { RateLimitTicket, RouteLimits } from './rate-limit';
import { bearerViewer } from './route-auth';

const FILE = /^(\d{1,4})\.(md|html)$/;

/** The page may style itself inline and nothing else: no scripts, no fetches, no frames, no forms. */
const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

type ReportRequest = FastifyRequest<{ Params: { file: string }; Querystring: Record<string, string | undefined> }>;

/** HTTP status of a domain error code on the report routes. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.QUERY_TOO_COMPLEX:
    case ErrorCode.RESPONSE_TOO_LARGE:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.CONFLICT:
      return 409;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.TIMEOUT:
    case ErrorCode.UNAVAILABLE:
      return 503;
  }
}

function localeParam(raw: string | undefined): ReportLocale {
  if (raw === undefined || raw === '') return 'EN';
  const locale = raw.toUpperCase();
  if (locale === 'EN' || locale === 'KO') return locale;
  throw new AppError(ErrorCode.BAD_USER_INPUT, `locale must be en or ko, got ${JSON.stringify(raw)}`, { field: 'locale' });
}

/** What a report costs against RATE_LIMIT_COST_PER_MINUTE as it starts, and then for each goal it covers. */
export const REPORT_COST = 1000;
export const REPORT_COST_PER_GOAL = 100;

/**
 * Whose report, in which language: a bearer token (the same as for /graphql; language from ?locale=en|ko) or,
 * without one, a signed link from createReportLink (language fixed by the link). A token's report counts against
 * the token; a link's against the visitor's address (a link is shared, and its visitors must not use up its
 * owner's quota); a refused link counts twice there, as a refused token does.
 */
async function authorise(
  request: ReportRequest,
  year: number,
  services: Services,
  limits: RouteLimits,
): Promise<{ user: UserEntity; revision: number | null; locale: ReportLocale; ticket: RateLimitTicket | null }> {
  // A parameter given twice arrives as a list: refuse it rather than guess which one was meant.
  for (const [name, value] of Object.entries(request.query as Record<string, unknown>)) {
    if (typeof value !== 'string')
      throw new AppError(ErrorCode.BAD_USER_INPUT, `The query parameter ${name} must be given once`, { field: name });
  }
  if (request.headers.authorization) {
    const { viewer, ticket } = await bearerViewer(request, services, limits, REPORT_COST);
    return { user: viewer.user, revision: viewer.revision, locale: localeParam(request.query.locale), ticket };
  }
  if (request.query.signature === undefined) {
    await limits.refused(request, 1);
    throw new AppError(
      ErrorCode.UNAUTHENTICATED,
      'Send "Authorization: Bearer <token>", or open a signed link made with the createReportLink mutation',
    );
  }
  let linked;
  try {
    linked = await services.reportLinks.verify(year, request.query);
  } catch (error) {
    if (error instanceof AppError) await limits.refused(request, 2);
    throw error;
  }
  return { ...linked, revision: null, ticket: await limits.admit(request, `address:${request.ip}`, REPORT_COST) };
}

async function sendReport(
  request: ReportRequest,
  reply: FastifyReply,
  services: Services,
  limits: RouteLimits,
  budgetMs: number,
): Promise<FastifyReply> {
  const match = FILE.exec(request.params.file);
  if (!match)
    return reply.code(404).type('text/plain; charset=utf-8').send('No such report: ask for /reports/<year>.md or /reports/<year>.html');
  const [, yearText, extension] = match;
  try {
    const deadline = Deadline.after(budgetMs);
    const { user, revision, locale, ticket } = await authorise(request, Number(yearText), services, limits);
    const review = await services.review.yearInReview(user, Number(yearText), deadline, revision);
    await limits.spent(ticket, REPORT_COST_PER_GOAL * review.goals.length);
    const html = extension === 'html';
    return reply
      .code(200)
      .headers({ 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' })
      .header('content-security-policy', REPORT_CSP)
      .type(html ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8')
      .send(services.review.reportBytes(review, html ? 'html' : 'md', locale));
  } catch (error) {
    return sendRouteError(request, reply, error);
  }
}

/**
 * Answers a failure of a route besides /graphql as JSON with its code, as /graphql would name it, and its details
 * (`retryAfter` on RATE_LIMITED, `budgetMs` on TIMEOUT); unexpected ones are logged and masked under an id.
 */
export function sendRouteError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  void reply.header('cache-control', 'no-store');
  if (error instanceof AppError) {
    if (error.code === ErrorCode.UNAUTHENTICATED) void reply.header('www-authenticate', 'Bearer');
    return reply.code(statusOf(error.code)).send({ error: { code: error.code, message: error.message, ...error.details } });
  }
  const errorId = randomUUID();
  request.log.error({ err: error, errorId }, `${request.routeOptions.url ?? request.url} failed unexpectedly`);
  return reply.code(500).send({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', errorId } });
}

/**
 * GET /reports/<year>.md (the draft retrospective) and GET /reports/<year>.html (the page with the heatmap),
 * for the bearer token's user or the user a signed link was made for.
 */
export function registerReportRoutes(fastify: FastifyInstance, services: Services, limits: RouteLimits, budgetMs: number): void {
  fastify.get<{ Params: { file: string }; Querystring: Record<string, string | undefined> }>('/reports/:file', (request, reply) =>
    sendReport(request, reply, services, limits, budgetMs),
  );
}
