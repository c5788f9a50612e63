import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../errors';
import type { ReportLocale } from '../modules/review/templates';
import type { UserEntity } from '../modules/user/user.entity';
import type { Services } from '../services';

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

/**
 * Whose report, in which language: a bearer token (the same as for /graphql; language from ?locale=en|ko) or,
 * without one, a signed link from createReportLink (language fixed by the link).
 */
async function authorise(request: ReportRequest, year: number, services: Services): Promise<{ user: UserEntity; locale: ReportLocale }> {
  // A parameter given twice arrives as a list: refuse it rather than guess which one was meant.
  for (const [name, value] of Object.entries(request.query as Record<string, unknown>)) {
    if (typeof value !== 'string')
      throw new AppError(ErrorCode.BAD_USER_INPUT, `The query parameter ${name} must be given once`, { field: name });
  }
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Authorization header must be "Bearer <token>"');
    const { viewer, refused } = await services.tokens.authenticate(match[1]);
    if (!viewer) throw new AppError(ErrorCode.UNAUTHENTICATED, refused);
    return { user: viewer.user, locale: localeParam(request.query.locale) };
  }
  if (request.query.signature === undefined) {
    throw new AppError(
      ErrorCode.UNAUTHENTICATED,
      'Send "Authorization: Bearer <token>", or open a signed link made with the createReportLink mutation',
    );
  }
  return services.reportLinks.verify(year, request.query);
}

async function sendReport(request: ReportRequest, reply: FastifyReply, services: Services): Promise<FastifyReply> {
  const match = FILE.exec(request.params.file);
  if (!match)
    return reply.code(404).type('text/plain; charset=utf-8').send('No such report: ask for /reports/<year>.md or /reports/<year>.html');
  const [, yearText, extension] = match;
  try {
    const { user, locale } = await authorise(request, Number(yearText), services);
    const review = await services.review.yearInReview(user, Number(yearText));
    const html = extension === 'html';
    return reply
      .code(200)
      .headers({ 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' })
      .header('content-security-policy', REPORT_CSP)
      .type(html ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8')
      .send(html ? services.review.html(review, locale) : services.review.markdown(review, locale));
  } catch (error) {
    reply.header('cache-control', 'no-store').type('text/plain; charset=utf-8');
    if (error instanceof AppError) {
      if (error.code === ErrorCode.UNAUTHENTICATED) reply.header('www-authenticate', 'Bearer');
      return reply.code(statusOf(error.code)).send(error.message);
    }
    // Logged in full under an id the client also gets, masked otherwise (as /graphql does).
    const errorId = randomUUID();
    request.log.error({ err: error, errorId }, 'report failed unexpectedly');
    return reply.code(500).send(`Internal server error (error id ${errorId})`);
  }
}

/**
 * GET /reports/<year>.md (the draft retrospective) and GET /reports/<year>.html (the page with the heatmap),
 * for the bearer token's user or the user a signed link was made for.
 */
export function registerReportRoutes(fastify: FastifyInstance, services: Services): void {
  fastify.get<{ Params: { file: string }; Querystring: Record<string, string | undefined> }>('/reports/:file', (request, reply) =>
    sendReport(request, reply, services),
  );
}
