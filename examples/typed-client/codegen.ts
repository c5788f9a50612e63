import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the example client, from the committed schema: no server needed to generate them. */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: 'examples/typed-client/operations.graphql',
  generates: {
    'examples/typed-client/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        // hoego's scalars travel as strings: LocalDate "2026-11-28", DateTime in ISO 8601.
        scalars: { LocalDate: 'string', DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
      },
    },
  },
  silent: true,
};

export default config;
