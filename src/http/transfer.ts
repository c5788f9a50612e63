import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../errors';
import type { Scope, Viewer } from '../modules/user/token.service';
import { IMPORT_FORMATS, fileText } from '../modules/transfer/import.common';
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

/** A request body over the import limit. */
class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The file is larger than this server takes (IMPORT_BODY_LIMIT, ${limit} bytes)`);
  }
}

/**
 * Writes a request body to a file of its own in the temporary folder as it arrives, so that no file, however large,
 * is held in memory; stops with BodyTooLarge past `limit` bytes. The caller removes the file.
 */
async function spool(body: unknown, limit: number): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'hoego-import-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'body');
  try {
    let bytes = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback(bytes > limit ? new BodyTooLarge(limit) : null, chunk);
      },
    });
    await pipeline(body instanceof Readable ? body : Readable.from([]), counted, createWriteStream(path));
    return { path, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** Answers a failure as JSON with its code, as /graphql would name it; unexpected ones masked under an id. */
function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  void reply.header('cache-control', 'no-store');
  if (error instanceof BodyTooLarge) return reply.code(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: error.message } });
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
    // The file is taken as it is, whatever its type says (JSON, CSV, a zip or an SQLite file), as a stream that the
    // route spools to disk once the token is known to be good.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post<{ Params: { format: string }; Querystring: Record<string, string | undefined> }>(
      '/import/:format',
      async (request, reply) => {
        let spooled: { path: string; remove: () => Promise<void> } | null = null;
        try {
          const viewer = await viewerWith(request, services, 'write');
          const dryRun = request.query.dryRun === 'true' || request.query.dryRun === '1';
          const file = request.query.name ?? `request body`;
          const { format } = request.params;
          if (!(IMPORT_FORMATS as readonly string[]).includes(format))
            throw new AppError(
              ErrorCode.BAD_USER_INPUT,
              `format must be one of ${IMPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`,
              {
                field: 'format',
              },
            );
          spooled = await spool(request.body, importBodyLimit);
          let summary;
          switch (format) {
            case 'hoego':
              // hoego's own export is restored as one document, so it is parsed whole.
              summary = await services.imports.importHoego(viewer.user.id, file, await readFile(spooled.path, 'utf8'), { dryRun });
              break;
            case 'csv':
              summary = await services.spreadsheets.run(viewer.user, file, fileText(spooled.path), { dryRun, kind: request.query.kind });
              break;
            default:
              summary = await services.loop.run(viewer.user, file, readLoopFile(file, spooled.path), { dryRun });
          }
          return reply.code(200).header('cache-control', 'no-store').send(summary);
        } catch (error) {
          return sendError(request, reply, error);
        } finally {
          await spooled?.remove();
        }
      },
    );
  });
}
