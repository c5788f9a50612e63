import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../errors';
import type { Scope, Viewer } from '../modules/user/token.service';
import { IMPORT_FORMATS } from '../modules/transfer/import.common';
import { readLoopFile } from '../modules/transfer/loop.read';
import type { Services } from '../services';
import { statusOf } from './reports';

/** The viewer of a bearer token that holds `scope`; UNAUTHENTICATED or FORBIDDEN otherwise. */
async function viewerWith(request: FastifyRequest, services: Services, scope: Scope): Promise<Viewer> {
  const header = request.headers.authorization;
  if (!header) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Missing Authorization header; send "Authorization: Bearer <token>"');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Authorization header must be "Bearer <token>"');
  const { viewer, refused } = await services.tokens.authenticate(match[1]);
  if (!viewer) throw new AppError(ErrorCode.UNAUTHENTICATED, refused);
  if (!viewer.scopes.has(scope))
    throw new AppError(ErrorCode.FORBIDDEN, `This needs a token with the ${scope} scope; this one has ${[...viewer.scopes].join(', ')}`);
  return viewer;
}

/** Answers a failure as JSON with its code, as /graphql would name it; unexpected ones masked under an id. */
function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  void reply.header('cache-control', 'no-store');
  if (error instanceof AppError) {
    if (error.code === ErrorCode.UNAUTHENTICATED) void reply.header('www-authenticate', 'Bearer');
    return reply.code(statusOf(error.code)).send({ error: { code: error.code, message: error.message, ...error.details } });
  }
  const errorId = randomUUID();
  request.log.error({ err: error, errorId }, 'export or import failed unexpectedly');
  return reply.code(500).send({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', errorId } });
}

/**
 * GET /export.json (everything the token's user owns, in hoego's format), GET /export.csv (their logs, flat), and
 * POST /import/<format> (a file as the body, up to `importBodyLimit` bytes, in one transaction; `?dryRun=true`
 * checks and counts without keeping anything). Exports need the read scope, imports the write scope.
 */
export function registerTransferRoutes(fastify: FastifyInstance, services: Services, importBodyLimit: number): void {
  const exportRoute = (extension: 'json' | 'csv') =>
    fastify.get(`/export.${extension}`, async (request, reply) => {
      try {
        const viewer = await viewerWith(request, services, 'read');
        const chunks = extension === 'json' ? services.exports.json(viewer.user) : services.exports.csv(viewer.user);
        return reply
          .code(200)
          .headers({
            'cache-control': 'private, no-store',
            'content-disposition': `attachment; filename="hoego-${viewer.user.handle}.${extension}"`,
            'x-content-type-options': 'nosniff',
          })
          .type(extension === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8')
          .send(Readable.from(chunks));
      } catch (error) {
        return sendError(request, reply, error);
      }
    });
  exportRoute('json');
  exportRoute('csv');

  void fastify.register(async (scope) => {
    // The file is read as it is, whatever its type says: JSON, CSV, a zip or an SQLite file.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: importBodyLimit }, (_request, body, done) => done(null, body));
    scope.post<{ Params: { format: string }; Querystring: Record<string, string | undefined> }>(
      '/import/:format',
      { bodyLimit: importBodyLimit },
      async (request, reply) => {
        try {
          const viewer = await viewerWith(request, services, 'write');
          const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const dryRun = request.query.dryRun === 'true' || request.query.dryRun === '1';
          const file = request.query.name ?? `request body`;
          const { format } = request.params;
          const text = body.toString('utf8');
          let summary;
          switch (format) {
            case 'hoego':
              summary = await services.imports.importHoego(viewer.user.id, file, text, { dryRun });
              break;
            case 'csv':
              summary = await services.spreadsheets.run(viewer.user, file, text, { dryRun, kind: request.query.kind });
              break;
            case 'loop':
              summary = await services.loop.run(viewer.user, file, readLoopFile(file, body), { dryRun });
              break;
            default:
              throw new AppError(
                ErrorCode.BAD_USER_INPUT,
                `format must be one of ${IMPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`,
                {
                  field: 'format',
                },
              );
          }
          return reply.code(200).header('cache-control', 'no-store').send(summary);
        } catch (error) {
          return sendError(request, reply, error);
        }
      },
    );
  });
}
