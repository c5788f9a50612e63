import type { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column builders for migrations, so one migration reads the same on SQLite and PostgreSQL.
 * Instants are `timestamptz` on PostgreSQL and TypeORM's `datetime` (UTC text) on SQLite.
 */
export function columns(queryRunner: QueryRunner) {
  const postgres = queryRunner.connection.options.type === 'postgres';
  return {
    id: (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
    integer: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable }),
    number: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'double precision', isNullable: nullable }),
    string: (name: string, length: number, nullable = false, defaultValue?: string): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
      ...(defaultValue === undefined ? {} : { default: `'${defaultValue.replace(/'/g, "''")}'` }),
    }),
    text: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
    localDate: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '10', isNullable: nullable }),
    instant: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: postgres ? 'timestamptz' : 'datetime',
      isNullable: nullable,
    }),
  };
}
