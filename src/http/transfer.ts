import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Deadline, timeoutError, withWriteDeadline } from '../deadline';
import { AppError, ErrorCode } from '../errors';
import type { Scope, Viewer } from '../modules/user/token.service';
import { IMPORT_FORMATS, fileText } from '../modules/transfer/import.common';
import { readLoopFile } from '../modules/transfer/loop.read';
import type { Services } from '../services';
import type { RateLimitTicket, RouteLimits } from './rate-limit';
import { sendRouteError } from './reports';
import { bearerViewer } from './route-auth';

/** The viewer of a bearer token that holds `scope`, counted against the token; UNAUTHENTICATED or FORBIDDEN otherwise. */
async function viewerWith(
  request: FastifyRequest,
  services: Services,
  limits: RouteLimits,
  scope: Scope,
): Promise<{ viewer: Viewer; ticket: RateLimitTicket | null }> {
  const found = await bearerViewer(request, services, limits);
  const { scopes } = found.viewer;
  if (!scopes.has(scope))
    throw new AppError(ErrorCode.FORBIDDEN, `This needs a token with the ${scope} scope; this one has ${[...scopes].join(', ')}`);
  return found;
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
async function spool(body: unknown, limit: number, deadline: Deadline): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'hoego-import-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'body');
  try {
    let bytes = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback(
          bytes > limit ? new BodyTooLarge(limit) : deadline.expired ? timeoutError(deadline.budgetMs, deadline.setting) : null,
          chunk,
        );
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
  if (error instanceof BodyTooLarge)
    return reply
      .code(413)
      .header('cache-control', 'no-store')
      .send({ error: { code: 'PAYLOAD_TOO_LARGE', message: error.message } });
  return sendRouteError(request, reply, error);
}

/** The pieces of `rest`, after the `first` already taken from it. */
async function* resumed(first: IteratorResult<string>, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}

/** What one exported row and one imported entry cost against RATE_LIMIT_COST_PER_MINUTE. */
export const TRANSFER_COST_PER_ROW = 1;

/**
 * GET /export.json (everything the token's user owns, in hoego's format), GET /export.csv (their logs, flat), and
 * POST /import/<format> (a file as the body, up to `importBodyLimit` bytes, in one transaction; `?dryRun=true`
 * checks and counts without keeping anything). Exports need the read scope, imports the write scope.
 */
export function registerTransferRoutes(
  fastify: FastifyInstance,
  services: Services,
  limits: RouteLimits,
  budgets: { importBodyLimit: number; exportTimeoutMs: number; importTimeoutMs: number },
): void {
  const exportRoute = (extension: 'json' | 'csv') =>
    fastify.get(`/export.${extension}`, async (request, reply) => {
      try {
        const deadline = Deadline.after(budgets.exportTimeoutMs, 'EXPORT_TIMEOUT_MS');
        const { viewer, ticket } = await viewerWith(request, services, limits, 'read');
        // Rows count as they are written out: the download that does the work is never cut off for its cost.
        const options = { deadline, onRows: (rows: number) => limits.spent(ticket, rows * TRANSFER_COST_PER_ROW) };
        const chunks = extension === 'json' ? services.exports.json(viewer.user, options) : services.exports.csv(viewer.user, options);
        // The first piece before the status: a failure there (TIMEOUT included) is answered as an error; a failure
        // later, once the download has begun, cuts the connection off before the end of the body.
        const first = await chunks.next();
        return reply
          .code(200)
          .headers({
            'cache-control': 'private, no-store',
            'content-disposition': `attachment; filename="hoego-${viewer.user.handle}.${extension}"`,
            'x-content-type-options': 'nosniff',
          })
          .type(extension === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8')
          .send(Readable.from(resumed(first, chunks)));
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
          const deadline = Deadline.after(budgets.importTimeoutMs, 'IMPORT_TIMEOUT_MS');
          const { viewer, ticket } = await viewerWith(request, services, limits, 'write');
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
          spooled = await spool(request.body, budgets.importBodyLimit, deadline);
          const path = spooled.path;
          // Every transaction of the import checks the deadline between chunks and before it commits.
          const summary = await withWriteDeadline(deadline, async () => {
            switch (format) {
              case 'hoego':
                // hoego's own export is restored as one document, so it is parsed whole.
                return services.imports.importHoego(viewer.user.id, file, await readFile(path, 'utf8'), { dryRun });
              case 'csv':
                return services.spreadsheets.run(viewer.user, file, fileText(path), { dryRun, kind: request.query.kind });
              default:
                return services.loop.run(viewer.user, file, readLoopFile(file, path), { dryRun });
            }
          });
          const entries = [...Object.values(summary.created), ...Object.values(summary.matched)].reduce((a, b) => a + b, 0);
          await limits.spent(ticket, entries * TRANSFER_COST_PER_ROW);
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
