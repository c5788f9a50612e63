import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Most rows per INSERT: as many as one logProgressBatch or one import chunk brings, so that PostgreSQL's statement
 * triggers run once for them.
 */
const MAX_ROWS_PER_STATEMENT = 1000;
/** Bound parameters per INSERT, under SQLite's limit (32,766) and PostgreSQL's (65,535). */
const MAX_PARAMETERS = 30_000;

/** Column types whose numbers and strings every driver hands to the database as they are. */
const PASSED_AS_IS: ReadonlySet<unknown> = new Set(['integer', 'int', 'bigint', 'double precision', 'real', 'float', 'text', 'varchar']);

/** How to read and convert one column's value of a row. */
interface PlannedColumn {
  column: ColumnMetadata;
  /** Read as `row[property]` (no relation or embedded object decides the value). */
  property: string | null;
  /** Untransformed; numbers, strings and nulls go as they are, anything else through the driver. */
  plain: boolean;
  /**
   * Untransformed; nulls go as they are, Dates through the driver, and the last conversion is kept: the rows of one
   * write mostly share their instants.
   */
  date: boolean;
}

/** The INSERT of one entity, worked out once: its columns and, per row count, its text. */
interface Plan {
  columns: PlannedColumn[];
  statements: Map<number, string>;
}

const plans = new WeakMap<EntityMetadata, Map<string, Plan>>();

/**
 * Inserts rows with multi-row INSERTs (up to a thousand rows each) and returns their generated ids in row order (with `skipConflictsOn`, only
 * of the rows inserted). Every column but the generated ones and those the app never writes (`insert: false`, as
 * the goals' revision) is written (a missing value as NULL), each value converted by TypeORM's driver exactly as
 * `save` would convert it, so the rows read back the same: numbers and strings of numeric and text columns, which
 * the driver passes as they are, skip the call, and a Date is converted once however many rows carry it. The
 * columns and the statement text are worked out once per entity and row count. TypeORM's own insert builder is not
 * used: it spends time quadratic in the number of parameters, and its SQLite driver cannot answer the ids of a
 * multi-row insert. Both databases number the rows of one INSERT in the order of its VALUES, but neither promises
 * the order of RETURNING, hence the sort.
 */
export async function insertReturningIds<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  rows: ReadonlyArray<Partial<T>>,
  opts: { skipConflictsOn?: readonly string[] } = {},
): Promise<number[]> {
  const { driver } = em.connection;
  const plan = planFor(em.connection.getMetadata(entity), opts.skipConflictsOn ?? null);
  const { columns } = plan;
  const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length)));
  const ids: number[] = [];
  let lastDate: unknown = undefined;
  let lastDateValue: unknown = undefined;
  for (let start = 0; start < rows.length; start += perStatement) {
    const end = Math.min(rows.length, start + perStatement);
    const parameters: unknown[] = new Array((end - start) * columns.length);
    let p = 0;
    for (let r = start; r < end; r++) {
      const row = rows[r] as Record<string, unknown>;
      for (const planned of columns) {
        const value: unknown = planned.property === null ? planned.column.getEntityValue(row) : row[planned.property];
        if ((planned.plain || planned.date) && (value === null || value === undefined)) parameters[p++] = null;
        else if (planned.plain && (typeof value === 'number' || typeof value === 'string')) parameters[p++] = value;
        else if (planned.date && value === lastDate) parameters[p++] = lastDateValue;
        else {
          const converted: unknown = driver.preparePersistentValue(value ?? null, planned.column) ?? null;
          if (planned.date) {
            lastDate = value;
            lastDateValue = converted;
          }
          parameters[p++] = converted;
        }
      }
    }
    const returned: Array<{ id: number | string }> = await em.query(
      statementFor(em, plan, end - start, opts.skipConflictsOn ?? null),
      parameters,
    );
    const chunk = returned.map((row) => Number(row.id));
    chunk.sort((a, b) => a - b);
    for (const id of chunk) ids.push(id);
  }
  return ids;
}

function planFor(metadata: EntityMetadata, skipConflictsOn: readonly string[] | null): Plan {
  let byShape = plans.get(metadata);
  if (!byShape) plans.set(metadata, (byShape = new Map<string, Plan>()));
  const shape = skipConflictsOn?.join(',') ?? '';
  let plan = byShape.get(shape);
  if (plan) return plan;
  const columns = metadata.columns
    .filter((column) => !column.isGenerated && column.isInsert)
    .map((column): PlannedColumn => {
      const direct = !column.relationMetadata && !column.embeddedMetadata && !column.isVirtual;
      const untransformed = column.transformer === undefined;
      return {
        column,
        property: direct ? column.propertyName : null,
        plain: untransformed && PASSED_AS_IS.has(column.type),
        date: untransformed && (column.type === Date || column.type === 'datetime' || column.type === 'timestamptz'),
      };
    });
  byShape.set(shape, (plan = { columns, statements: new Map() }));
  return plan;
}

/** The INSERT of `count` rows under `plan`, built once per count. */
function statementFor(em: EntityManager, plan: Plan, count: number, skipConflictsOn: readonly string[] | null): string {
  let sql = plan.statements.get(count);
  if (sql !== undefined) return sql;
  const { driver } = em.connection;
  const postgres = em.connection.options.type === 'postgres';
  const { columns } = plan;
  const table = columns[0].column.entityMetadata.tableName;
  const head = `INSERT INTO ${driver.escape(table)} (${columns.map((c) => driver.escape(c.column.databaseName)).join(', ')}) VALUES `;
  const tuples: string[] = [];
  let n = 0;
  for (let r = 0; r < count; r++) tuples.push(`(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`);
  // A row whose key (a unique index on these columns) is taken is left out, and so is its id.
  const skip = skipConflictsOn ? ` ON CONFLICT (${skipConflictsOn.map((c) => driver.escape(c)).join(', ')}) DO NOTHING` : '';
  sql = `${head}${tuples.join(', ')}${skip} RETURNING "id"`;
  plan.statements.set(count, sql);
  return sql;
}
