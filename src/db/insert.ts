import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Rows per INSERT: 12 columns × 500 rows stays under SQLite's and PostgreSQL's bound-parameter limits. */
const ROWS_PER_STATEMENT = 500;

/**
 * Inserts rows with multi-row INSERTs and returns their generated ids in row order (with `skipConflictsOn`, only
 * of the rows inserted). Every column but the generated ones and those the app never writes (`insert: false`, as
 * the goals' revision) is written (a missing value as NULL), each value converted by TypeORM's driver exactly as
 * `save` would convert it, so the rows read back the same. TypeORM's own insert builder is not used: it spends
 * time quadratic in the number of parameters, and its SQLite driver cannot answer the ids of a multi-row insert.
 * Both databases number the rows of one INSERT in the order of its VALUES, but neither promises the order of
 * RETURNING, hence the sort.
 */
export async function insertReturningIds<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  rows: ReadonlyArray<Partial<T>>,
  opts: { skipConflictsOn?: readonly string[] } = {},
): Promise<number[]> {
  const { driver } = em.connection;
  const metadata = em.connection.getMetadata(entity);
  const columns = metadata.columns.filter((column) => !column.isGenerated && column.isInsert);
  const postgres = em.connection.options.type === 'postgres';
  const head = `INSERT INTO ${driver.escape(metadata.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  // A row whose key (a unique index on these columns) is taken is left out, and so is its id.
  const skip = opts.skipConflictsOn ? ` ON CONFLICT (${opts.skipConflictsOn.map((c) => driver.escape(c)).join(', ')}) DO NOTHING` : '';
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const parameters: unknown[] = [];
    const tuples = rows.slice(start, start + ROWS_PER_STATEMENT).map((row) => {
      const placeholders = columns.map((column) => {
        parameters.push(driver.preparePersistentValue(column.getEntityValue(row) ?? null, column) ?? null);
        return postgres ? `$${parameters.length}` : '?';
      });
      return `(${placeholders.join(', ')})`;
    });
    const returned: Array<{ id: number | string }> = await em.query(`${head}${tuples.join(', ')}${skip} RETURNING "id"`, parameters);
    ids.push(...returned.map((row) => Number(row.id)).sort((a, b) => a - b));
  }
  return ids;
}
