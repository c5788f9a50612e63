import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHoegoSchema, printHoegoSchema } from './schema';

/** Writes schema/schema.graphql from the code, or with --check fails when the committed file differs. */
async function main(): Promise<void> {
  const file = join(__dirname, '..', '..', 'schema', 'schema.graphql');
  const printed = printHoegoSchema(await buildHoegoSchema());
  if (process.argv.includes('--check')) {
    const committed = readFileSync(file, 'utf8');
    if (committed !== printed) {
      process.stderr.write('schema/schema.graphql is out of date with the code; run `npm run schema:emit` and commit it.\n');
      process.exit(1);
    }
    process.stdout.write('schema/schema.graphql matches the code.\n');
    return;
  }
  writeFileSync(file, printed);
  process.stdout.write(`wrote ${file}\n`);
}

void main();
