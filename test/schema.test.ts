import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, type GraphQLSchema } from 'graphql';
import { buildHoegoSchema, printHoegoSchema } from '../src/graphql/schema';

describe('schema/schema.graphql', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildHoegoSchema();
  });

  it('matches the schema emitted from the code (run `npm run schema:emit` after changing it)', () => {
    const committed = readFileSync(join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8');
    expect(printHoegoSchema(schema)).toBe(committed);
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
