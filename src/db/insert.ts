import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** Rows per INSERT: 12 columns × 500 rows stays under SQLite's and PostgreSQL's bound-parameter limits. */
const ROWS_PER_STATEMENT = 500;

/**
 * Inserts rows with multi-row INSERTs and returns their generated ids in row order, without TypeORM reading
 * the rows back or updating entities. Both databases answer the ids through RETURNING: TypeORM's query builder
 * sends it to PostgreSQL, but its SQLite driver knows only the last rowid, so there the statement it built is
 * sent with RETURNING added (SQLite 3.35+).
 * Both databases number the rows of one INSERT in the order of its VALUES, but neither promises the order of
 * RETURNING, hence the sort.
 */
export async function insertReturningIds<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  rows: Array<QueryDeepPartialEntity<T>>,
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const insert = em
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .updateEntity(false);
    if (em.connection.options.type === 'postgres') {
      const result = await insert.returning('id').execute();
      ids.push(...ascending((result.raw as Array<{ id: number }>).map((row) => Number(row.id))));
    } else {
      const [sql, parameters] = insert.getQueryAndParameters();
      const returned: Array<{ id: number }> = await em.query(`${sql} RETURNING "id"`, parameters);
      ids.push(...ascending(returned.map((row) => Number(row.id))));
    }
  }
  return ids;
}

function ascending(ids: number[]): number[] {
  return ids.sort((a, b) => a - b);
}
