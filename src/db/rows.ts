import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** What `queryNamed` needs of a node-postgres pool or client. */
interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** A prepared look-up: its SQL and the columns it reads, in order. */
interface Lookup {
  sql: string;
  columns: ColumnMetadata[];
}

const lookups = new WeakMap<EntityMetadata, Map<string, Lookup>>();

/**
 * Finds the rows of `entity` whose columns equal `where` (property names, as in `findBy`), as entities hydrated the
 * way TypeORM hydrates them (each value through the driver, so column types and transformers apply), with
 * `forUpdate` taking PostgreSQL row locks (ignored on SQLite, where a write transaction holds the whole database).
 *
 * The SQL is built once per entity and shape and reused, so a hot path pays for the statement only: TypeORM's
 * `findBy` builds and rewrites its query text on every call, which costs more than the statement on SQLite.
 */
export async function findRows<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  where: Partial<Record<keyof T & string, string | number>>,
  opts: { forUpdate?: boolean } = {},
): Promise<T[]> {
  return (await findRowsWith(em, entity, where, { ...opts, extra: [] })).map(({ row }) => row);
}

/**
 * Like `findRows`, also reading `extra` columns the entity does not map (database names), each row with its raw
 * values of them.
 */
export async function findRowsWith<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  where: Partial<Record<keyof T & string, string | number>>,
  opts: { forUpdate?: boolean; extra: readonly string[] },
): Promise<Array<{ row: T; raw: Record<string, unknown> }>> {
  const metadata = em.connection.getMetadata(entity);
  const postgres = em.connection.options.type === 'postgres';
  const keys = Object.keys(where);
  const lookup = lookupFor(em, metadata, keys, postgres && opts.forUpdate === true, opts.extra);
  const raws: Array<Record<string, unknown>> = await em.query(
    lookup.sql,
    keys.map((key) => (where as Record<string, unknown>)[key]),
  );
  const { driver } = em.connection;
  return raws.map((raw) => {
    const row = metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const column of lookup.columns) column.setEntityValue(row, driver.prepareHydratedValue(raw[column.databaseName], column));
    return { row, raw };
  });
}

/** The one row of `entity` matching `where`, or null. */
export async function findRow<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  where: Partial<Record<keyof T & string, string | number>>,
  opts: { forUpdate?: boolean } = {},
): Promise<T | null> {
  const rows = await findRows(em, entity, where, opts);
  if (rows.length > 1) throw new Error(`findRow: ${rows.length} rows of ${em.connection.getMetadata(entity).tableName} match one key`);
  return rows[0] ?? null;
}

function lookupFor(em: EntityManager, metadata: EntityMetadata, keys: string[], forUpdate: boolean, extra: readonly string[]): Lookup {
  let byShape = lookups.get(metadata);
  if (!byShape) lookups.set(metadata, (byShape = new Map<string, Lookup>()));
  const shape = `${keys.join(',')}${forUpdate ? ' for update' : ''} + ${extra.join(',')}`;
  let lookup = byShape.get(shape);
  if (lookup) return lookup;
  const { driver } = em.connection;
  const postgres = em.connection.options.type === 'postgres';
  const columns = columnsOf(metadata);
  const whereColumns = keys.map((key) => {
    const column = metadata.findColumnWithPropertyName(key);
    if (!column) throw new Error(`findRows: ${metadata.tableName} has no column for property "${key}"`);
    return column;
  });
  const conditions = whereColumns.map((column, i) => `${driver.escape(column.databaseName)} = ${postgres ? `$${i + 1}` : '?'}`);
  const sql =
    `SELECT ${[...columns.map((column) => column.databaseName), ...extra].map((name) => driver.escape(name)).join(', ')} FROM ${driver.escape(metadata.tableName)}` +
    (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '') +
    (forUpdate ? ' FOR UPDATE' : '');
  lookup = { sql, columns };
  byShape.set(shape, lookup);
  return lookup;
}

/**
 * The select list of `entity`'s columns as `alias`."col" AS "alias_col", for a hand-written join whose rows
 * `hydrate` turns back into entities.
 */
export function selectList<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, alias: string): string {
  const { driver } = em.connection;
  return columnsOf(em.connection.getMetadata(entity))
    .map((column) => `${alias}.${driver.escape(column.databaseName)} AS ${driver.escape(`${alias}_${column.databaseName}`)}`)
    .join(', ');
}

/** The entity that the `alias`-prefixed columns of a row read with `selectList` describe. */
export function hydrate<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  raw: Record<string, unknown>,
  alias: string,
): T {
  const metadata = em.connection.getMetadata(entity);
  const { driver } = em.connection;
  const row = metadata.create(undefined, { fromDeserializer: true }) as T;
  for (const column of columnsOf(metadata))
    column.setEntityValue(row, driver.prepareHydratedValue(raw[`${alias}_${column.databaseName}`], column));
  return row;
}

function columnsOf(metadata: EntityMetadata): ColumnMetadata[] {
  return metadata.columns.filter((column) => !column.isVirtual);
}

/** Names given again to a named statement after PostgreSQL refused its plan; see `queryNamed`. */
const renamed = new Map<string, number>();

/**
 * Runs a read that a hot path sends on every request as a named statement on PostgreSQL, which then parses and
 * plans it once per connection instead of on every call (on the request's connection when `em` is in a
 * transaction). The statement's text must be the same every time for a name. On SQLite TypeORM's driver already
 * keeps each statement text prepared, so this is `em.query`.
 *
 * PostgreSQL plans a prepared statement again by itself after a schema change, but refuses to when a column it
 * returns has changed type ("cached plan must not change result type", 0A000), as a migration run by another server
 * can do; every connection that prepared it would then fail it. The statement then gets a new name, which each
 * connection prepares afresh, and outside a transaction the read runs again under it.
 */
export async function queryNamed(em: EntityManager, name: string, sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
  if (em.connection.options.type !== 'postgres') return em.query(sql, params);
  // TypeORM's logger sees it as it sees the statements TypeORM sends itself (logging, the tests' statement counter).
  em.connection.logger.logQuery(sql, params, em.queryRunner);
  const target = (
    em.queryRunner ? await em.queryRunner.connect() : (em.connection.driver as unknown as { master: unknown }).master
  ) as PgQueryable;
  const generation = renamed.get(name) ?? 0;
  const named = (n: number) => (n === 0 ? name : `${name}_${n}`);
  try {
    return (await target.query({ name: named(generation), text: sql, values: params })).rows;
  } catch (error) {
    if ((error as { code?: unknown }).code !== '0A000') throw error;
    if ((renamed.get(name) ?? 0) === generation) renamed.set(name, generation + 1);
    if (em.queryRunner?.isTransactionActive) throw error;
    return (await target.query({ name: named(renamed.get(name)!), text: sql, values: params })).rows;
  }
}
