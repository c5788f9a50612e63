/**
 * The floor the bench compares hoego with: the committed schema (schema/schema.graphql) served by Apollo Server on
 * Fastify exactly as hoego serves it, answering from memory with the JSON hoego answered (the file BENCH_CAPTURED
 * names: operation name → data, path → body). What hoego spends beyond this is its own work: reading and deriving.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify from 'fastify';
import { buildSchema, Kind, type DocumentNode } from 'graphql';

interface Captured {
  operations: Record<string, unknown>;
  pages: Record<string, { contentType: string; body: string }>;
}

async function main(): Promise<void> {
  const captured = JSON.parse(readFileSync(process.env.BENCH_CAPTURED ?? '', 'utf8')) as Captured;
  const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'));
  const fastify = Fastify({ logger: false, forceCloseConnections: 'idle' });
  fastify.get('/healthz', async () => ({ status: 'ok' }));
  for (const [path, page] of Object.entries(captured.pages)) {
    fastify.get(path, async (_request, reply) => reply.type(page.contentType).send(page.body));
  }
  const apollo = new ApolloServer({
    schema,
    rootValue: (doc: DocumentNode) => captured.operations[operationName(doc)],
    plugins: [fastifyApolloDrainPlugin(fastify)],
  });
  await apollo.start();
  await fastify.register(fastifyApollo(apollo), { path: '/graphql', method: ['GET', 'POST'] });
  const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
  process.on('SIGTERM', () => {
    void fastify.close().then(() => process.exit(0));
  });
  process.send?.({ address });
}

function operationName(doc: DocumentNode): string {
  for (const def of doc.definitions) if (def.kind === Kind.OPERATION_DEFINITION && def.name) return def.name.value;
  return '';
}

main().catch((error: unknown) => {
  process.stderr.write(`bench floor failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
