import { createHash } from 'node:crypto';
import type { EntityMetadata, ObjectLiteral } from 'typeorm';
import { AppError, ErrorCode } from '../errors';
import type { Database } from './database';
import { fanOutTrigger } from './event-triggers';

/** Rows and checksum of one table, on the source and on the target after copying. */
export interface TableReport {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  ok: boolean;
}

const BATCH = 500;

/** The foreign keys of one table as the database has them: referenced table, and the columns (as entity properties). */
interface TableLinks {
  entity: EntityMetadata;
  references: Array<{ table: string; properties: string[] }>;
}

/**
 * Reads every entity table's foreign keys from the database itself: some links exist only in migrations
 * (a plain `log_id` column with a constraint), so entity relations alone would order the copy wrongly.
 */
async function tableLinks(db: Database): Promise<TableLinks[]> {
  const entities = db.dataSource.entityMetadatas;
  const runner = db.dataSource.createQueryRunner();
  try {
    const tables = await runner.getTables(entities.map((e) => e.tablePath));
    return entities.map((entity) => {
      const table = tables.find((t) => t.name === entity.tablePath || t.name.endsWith(`.${entity.tablePath}`));
      if (!table) throw new Error(`Table ${entity.tablePath} is missing from the database`);
      return {
        entity,
        references: table.foreignKeys.map((fk) => ({
          table: fk.referencedTableName.split('.').pop()!,
          properties: fk.columnNames.map((c) => entity.findColumnWithDatabaseName(c)?.propertyName ?? c),
        })),
      };
    });
  } finally {
    await runner.release();
  }
}

/**
 * Orders tables so that every table comes after the tables it references (self-references aside, which
 * `copyDatabase` fills in a second pass).
 */
export function dependencyOrder(links: TableLinks[]): TableLinks[] {
  const byName = new Map(links.map((l) => [l.entity.tableName, l]));
  const ordered: TableLinks[] = [];
  const placed = new Set<string>();
  const visit = (link: TableLinks, path: Set<string>) => {
    const name = link.entity.tableName;
    if (placed.has(name)) return;
    if (path.has(name)) throw new Error(`Foreign keys form a cycle through ${name}`);
    path.add(name);
    for (const ref of link.references) {
      const target = byName.get(ref.table);
      if (target && ref.table !== name) visit(target, path);
    }
    placed.add(name);
    ordered.push(link);
  };
  for (const link of [...links].sort((a, b) => a.entity.tableName.localeCompare(b.entity.tableName))) visit(link, new Set());
  return ordered;
}

/** Properties of columns that reference their own table (a goal's parent goal). */
function selfReferences(link: TableLinks): string[] {
  return link.references.filter((r) => r.table === link.entity.tableName).flatMap((r) => r.properties);
}

/**
 * Values of one row in a form that compares equal across SQLite and PostgreSQL. Columns the app never writes
 * (`insert: false`, the goals' revision) are the database's own: the target's triggers raise them as rows arrive.
 */
function canonical(entity: EntityMetadata, row: ObjectLiteral): unknown[] {
  return entity.columns
    .filter((c) => c.isInsert)
    .map((c) => {
      const value: unknown = c.getEntityValue(row);
      if (value instanceof Date) return value.toISOString();
      if (typeof value === 'bigint') return value.toString();
      return value ?? null;
    });
}

/** Reads a table in primary-key order, a batch at a time. */
async function* rowsOf(db: Database, entity: EntityMetadata): AsyncGenerator<ObjectLiteral[]> {
  const key = entity.primaryColumns[0].propertyName;
  for (let skip = 0; ; skip += BATCH) {
    const rows = await db.read((em) => em.find(entity.target, { order: { [key]: 'ASC' }, skip, take: BATCH }));
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < BATCH) return;
  }
}

/** Row count and SHA-256 over every row's canonical values, in primary-key order. */
export async function tableChecksum(db: Database, entity: EntityMetadata): Promise<{ rows: number; checksum: string }> {
  const hash = createHash('sha256');
  let rows = 0;
  for await (const batch of rowsOf(db, entity)) {
    for (const row of batch) hash.update(JSON.stringify(canonical(entity, row))).update('\n');
    rows += batch.length;
  }
  return { rows, checksum: hash.digest('hex') };
}

/**
 * Copies every table of `source` into `target`, which must be migrated to the same version and empty. Rows keep
 * their ids; self-references are set once every row exists; PostgreSQL sequences then continue after the
 * highest id. Returns a per-table report comparing row counts and checksums of both sides.
 */
export async function copyDatabase(
  source: Database,
  target: Database,
  progress: (line: string) => void = () => undefined,
): Promise<TableReport[]> {
  const [sourcePending, targetPending] = await Promise.all([source.pendingMigrations(), target.pendingMigrations()]);
  if (sourcePending.length > 0)
    throw new AppError(ErrorCode.CONFLICT, `The source has migrations to apply first (${sourcePending.join(', ')}); run db migrate on it`);
  if (targetPending.length > 0)
    throw new AppError(ErrorCode.CONFLICT, `The target has migrations to apply first (${targetPending.join(', ')})`);
  const links = dependencyOrder(await tableLinks(target));
  const entities = links.map((l) => l.entity);
  for (const entity of entities) {
    const count = await target.read((em) => em.count(entity.target));
    if (count > 0) throw new AppError(ErrorCode.CONFLICT, `The target is not empty: ${entity.tableName} has ${count} rows`);
  }

  const trigger = fanOutTrigger(target.dialect === 'postgres');
  await target.write(async (em) => {
    // Deliveries are copied as they are: copied events must not queue them a second time.
    for (const sql of trigger.drop) await em.query(sql);
    for (const link of links) {
      const entity = link.entity;
      const selfRefs = selfReferences(link);
      const later: ObjectLiteral[] = [];
      let copied = 0;
      for await (const batch of rowsOf(source, entity)) {
        const rows = batch.map((row) => {
          if (selfRefs.some((p) => row[p] != null)) later.push({ ...row });
          return selfRefs.length ? { ...row, ...Object.fromEntries(selfRefs.map((p) => [p, null])) } : row;
        });
        await em.insert(entity.target, rows);
        copied += rows.length;
      }
      for (const row of later) {
        const key = entity.primaryColumns[0].propertyName;
        const id: unknown = row[key];
        await em.update(entity.target, { [key]: id }, Object.fromEntries(selfRefs.map((p) => [p, row[p] as unknown])));
      }
      if (em.connection.options.type === 'postgres' && entity.primaryColumns[0].isGenerated) {
        const column = entity.primaryColumns[0].databaseName;
        await em.query(
          `SELECT setval(pg_get_serial_sequence('"${entity.tableName}"', '${column}'), COALESCE((SELECT MAX("${column}") FROM "${entity.tableName}"), 0) + 1, false)`,
        );
      }
      progress(`copied ${copied} rows of ${entity.tableName}`);
    }
    for (const sql of trigger.create) await em.query(sql);
  });

  const reports: TableReport[] = [];
  for (const entity of entities) {
    const [from, to] = await Promise.all([tableChecksum(source, entity), tableChecksum(target, entity)]);
    reports.push({
      table: entity.tableName,
      sourceRows: from.rows,
      targetRows: to.rows,
      sourceChecksum: from.checksum,
      targetChecksum: to.checksum,
      ok: from.rows === to.rows && from.checksum === to.checksum,
    });
  }
  return reports;
}

/**
 * Writes an online backup of an SQLite database to `file`; safe while the server is serving. It runs under the
 * database's read lock, so no write transaction of this process is open across a step of the copy. A step that finds
 * the file locked by a writer elsewhere reports no pages at all, which the driver takes for a finished copy; a
 * database has at least one page, so such an empty copy is started again.
 */
export async function backupSqlite(db: Database, file: string): Promise<{ totalPages: number }> {
  if (db.dialect !== 'sqlite') throw new Error('Online backup is for SQLite; for PostgreSQL use pg_dump');
  const native = (db.dataSource.driver as unknown as { databaseConnection: { backup(file: string): Promise<{ totalPages: number }> } })
    .databaseConnection;
  for (let attempt = 1; ; attempt++) {
    const result = await db.read(() => native.backup(file));
    if (result.totalPages > 0) return result;
    if (attempt >= 20) throw new Error(`The backup to ${file} found the database busy ${attempt} times; try again`);
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}
