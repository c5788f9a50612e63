import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { encodeCursor, type Page, type PageRequest } from '../graphql/relay';

/** One key of a list's total order: a SQL expression, its direction, and how to read it from a row. */
export interface SortKey<T> {
  expr: string;
  dir: 'ASC' | 'DESC';
  of: (row: T) => string | number;
}

/**
 * SQL for "row comes after `cursor` in the order `keys`" (or before it, with `reverse`), as an expanded row
 * comparison ((a > x) OR (a = x AND b > y)) that both SQLite and PostgreSQL index well.
 */
export function keysetCondition(
  keys: Array<{ expr: string; dir: 'ASC' | 'DESC' }>,
  cursor: unknown[],
  reverse: boolean,
  prefix: string,
): { sql: string; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const terms: string[] = [];
    for (let j = 0; j <= i; j++) {
      const name = `${prefix}_${i}_${j}`;
      params[name] = cursor[j];
      const ascending = (keys[j].dir === 'ASC') !== reverse;
      terms.push(`${keys[j].expr} ${j < i ? '=' : ascending ? '>' : '<'} :${name}`);
    }
    parts.push(`(${terms.join(' AND ')})`);
  }
  return { sql: `(${parts.join(' OR ')})`, params };
}

/**
 * Runs a keyset-paginated query. `qb` holds the list's filters; this adds the cursor conditions,
 * the order and the limit, and counts the filtered list once for `totalCount`.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  keys: SortKey<T>[],
  page: PageRequest,
): Promise<Page<T>> {
  const totalCount = await qb.clone().getCount();
  const q = qb.clone();
  for (const [cursor, reverse, prefix] of [
    [page.after, false, 'after'],
    [page.before, true, 'before'],
  ] as const) {
    if (cursor) {
      const cond = keysetCondition(keys, cursor, reverse, prefix);
      q.andWhere(cond.sql, cond.params);
    }
  }
  keys.forEach((key, i) => {
    const dir = page.backward ? (key.dir === 'ASC' ? 'DESC' : 'ASC') : key.dir;
    if (i === 0) q.orderBy(key.expr, dir);
    else q.addOrderBy(key.expr, dir);
  });
  const rows = page.limit === 0 ? [] : await q.limit(page.limit + 1).getMany();
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit);
  if (page.backward) items.reverse();
  return {
    items,
    totalCount,
    hasNextPage: page.backward ? page.before !== null : more,
    hasPreviousPage: page.backward ? more : page.after !== null,
    cursorOf: (row) => encodeCursor(keys.map((k) => k.of(row))),
  };
}
