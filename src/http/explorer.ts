import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EXPLORER_SCRIPT, EXPLORER_STYLE, explorerPage } from './explorer-page';

/**
 * Only what the page needs: scripts and styles from this server, GraphiQL's fonts and icons (inlined in its style
 * sheet as data: URLs), and requests to this server. No inline script, no eval, no framing, no forms sent elsewhere.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  'font-src data:',
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A file from an installed package, by the package's directory (package `exports` hide these browser builds). */
function packageFile(pkg: string, file: string): () => string {
  let content: string | null = null;
  return () => (content ??= readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file), 'utf8'));
}

const JS = 'application/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** The explorer's files, by the name the page asks for. GraphiQL 4 is the newest line that ships a browser build. */
const ASSETS: Record<string, { type: string; content: () => string }> = {
  'react.js': { type: JS, content: packageFile('react', 'umd/react.production.min.js') },
  'react-dom.js': { type: JS, content: packageFile('react-dom', 'umd/react-dom.production.min.js') },
  'graphiql.js': { type: JS, content: packageFile('graphiql', 'graphiql.min.js') },
  'graphiql.css': { type: CSS, content: packageFile('graphiql', 'graphiql.min.css') },
  'explorer.js': { type: JS, content: () => EXPLORER_SCRIPT },
  'explorer.css': { type: CSS, content: () => EXPLORER_STYLE },
};

/** A browser's navigation to the endpoint itself: HTML accepted, and no GraphQL request in the query string. */
function wantsExplorer(request: FastifyRequest): boolean {
  if (request.method !== 'GET' || !(request.headers.accept ?? '').includes('text/html')) return false;
  const query = request.query as Record<string, unknown> | undefined;
  return !query || (query.query === undefined && query.extensions === undefined);
}

function secure(reply: FastifyReply): FastifyReply {
  return reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
}

/**
 * Serves GraphiQL at `GET <path>` to browsers (`Accept: text/html`) and its files under `<path>/explorer/`, all
 * from installed packages, so it works offline. With `enabled` false the page answers 404 and says how to turn
 * it on; GraphQL requests over GET are not affected either way.
 */
export function registerExplorer(fastify: FastifyInstance, path: string, enabled: boolean): void {
  const name = path.slice(path.lastIndexOf('/') + 1);
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url.split('?')[0] !== path || !wantsExplorer(request)) return;
    if (!enabled) {
      return secure(reply)
        .code(404)
        .type('text/plain; charset=utf-8')
        .send('The GraphQL explorer is turned off on this server (EXPLORER=false). Send GraphQL requests with POST.\n');
    }
    return secure(reply)
      .header('content-security-policy', EXPLORER_CSP)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(explorerPage(`${name}/explorer`));
  });
  if (!enabled) return;
  fastify.get<{ Params: { file: string } }>(`${path}/explorer/:file`, async (request, reply) => {
    const asset = Object.hasOwn(ASSETS, request.params.file) ? ASSETS[request.params.file] : undefined;
    if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send(`No explorer file named ${request.params.file}\n`);
    return secure(reply).header('cache-control', 'public, max-age=3600').type(asset.type).send(asset.content());
  });
}
