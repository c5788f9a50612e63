import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from '../errors';

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

/** A validated page request. Cursor values are the sort-key values of the item the cursor points at. */
export interface PageRequest {
  backward: boolean;
  limit: number;
  after: unknown[] | null;
  before: unknown[] | null;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** A page of items as services return it: rows in list order plus paging facts. */
export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
  cursorOf: (item: T) => string;
}

/**
 * Pages through a list already held in memory (small, computed lists such as the goals needing attention).
 * Cursors name an item by `keyOf`; an item that left the list since makes its cursor invalid input.
 */
export function pageOfList<T>(list: T[], page: PageRequest, keyOf: (item: T) => number): Page<T> {
  const indexOf = (cursor: unknown[] | null, field: string): number | null => {
    if (!cursor) return null;
    const index = list.findIndex((item) => keyOf(item) === cursor[0]);
    if (index < 0) throw badInput(field, 'the item this cursor points at is no longer in the list');
    return index;
  };
  const start = (indexOf(page.after, 'after') ?? -1) + 1;
  const end = indexOf(page.before, 'before') ?? list.length;
  const window = list.slice(start, Math.max(start, end));
  const items = page.backward ? window.slice(Math.max(0, window.length - page.limit)) : window.slice(0, page.limit);
  return {
    items,
    totalCount: list.length,
    hasNextPage: page.backward ? end < list.length : window.length > items.length,
    hasPreviousPage: page.backward ? window.length > items.length : start > 0,
    cursorOf: (item) => encodeCursor([keyOf(item)]),
  };
}
