import { encodeCursor, type PageRequest, type SortKey } from '../../db/paginate';
import { isSupportedDate } from '../../domain/calendar';
import { badInput } from '../../errors';
import { MAX_ROW_ID } from '../../ids';
import type { GoalEntity } from './goal.entity';

/** What a list of goals can be sorted by. */
export type GoalOrderField = 'CREATED_AT' | 'TITLE' | 'DUE_DATE' | 'UPDATED_AT';

/** A sort of a list of goals; ties go by id in the same direction. */
export interface GoalOrder {
  field: GoalOrderField;
  direction: 'ASC' | 'DESC';
}

/**
 * Goals without a due date come last in both directions: they stand for this sentinel, above every date when
 * ascending and below every date when descending.
 */
const NO_DUE_DATE = { ASC: '9999-99-99', DESC: '' } as const;

/**
 * The key TITLE sorts by: the title with ASCII letters lowered, compared by code point (UTF-8 bytes). It is what
 * SQLite's LOWER and PostgreSQL's LOWER under the "C" collation both compute, so the order is the same on both.
 */
export function titleKey(title: string): string {
  return title.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** The SQL expression a field sorts by on `dialect`, and how to read its value from a goal. */
function fieldKey(field: GoalOrderField, direction: 'ASC' | 'DESC', dialect: 'sqlite' | 'postgres'): SortKey<GoalEntity> {
  // PostgreSQL compares text by the database's collation unless told otherwise; "C" is byte order, as in SQLite.
  const bytes = dialect === 'postgres' ? ' COLLATE "C"' : '';
  switch (field) {
    case 'CREATED_AT':
      return { expr: 'goal.created_at', dir: direction, of: (g) => g.createdAt.toISOString() };
    case 'UPDATED_AT':
      return { expr: 'goal.updated_at', dir: direction, of: (g) => g.updatedAt.toISOString() };
    case 'TITLE':
      return { expr: `LOWER(goal.title${bytes})`, dir: direction, of: (g) => titleKey(g.title) };
    case 'DUE_DATE':
      return {
        expr: `COALESCE(goal.due_date, '${NO_DUE_DATE[direction]}')${bytes}`,
        dir: direction,
        of: (g) => g.dueDate ?? NO_DUE_DATE[direction],
      };
  }
}

/** What a cursor of a list sorted by `order` starts with, so that it cannot be used under another order. */
function orderName(order: GoalOrder | null): string {
  return order ? `${order.field} ${order.direction}` : 'id';
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A cursor's sort value as the query compares it, or null when it cannot be one of `field`'s. */
function sortValue(field: GoalOrderField, direction: 'ASC' | 'DESC', value: unknown): unknown {
  if (typeof value !== 'string') return null;
  switch (field) {
    case 'CREATED_AT':
    case 'UPDATED_AT': {
      // A Date, which each driver writes in its column's own form (SQLite: "YYYY-MM-DD HH:MM:SS.SSS" in UTC).
      const instant = new Date(value);
      return INSTANT.test(value) && instant.toISOString() === value ? instant : null;
    }
    case 'TITLE':
      return value.length <= 800 && titleKey(value) === value ? value : null;
    case 'DUE_DATE':
      return value === NO_DUE_DATE[direction] || isSupportedDate(value) ? value : null;
  }
}

/** A list of goals' sort keys (ending with the id), its page request with checked cursor values, and its cursors. */
export interface GoalOrdering {
  keys: SortKey<GoalEntity>[];
  page: PageRequest;
  cursorOf: (goal: GoalEntity) => string;
}

/**
 * The sort keys, page request and cursor maker of a list of goals in `order` (null: by id, oldest first). Cursors
 * hold the order's name, the sort value and the id; a cursor made under another order, or not by this list, is
 * BAD_USER_INPUT.
 */
export function goalOrdering(order: GoalOrder | null, page: PageRequest, dialect: 'sqlite' | 'postgres'): GoalOrdering {
  const name = orderName(order);
  const id: SortKey<GoalEntity> = { expr: 'goal.id', dir: order?.direction ?? 'ASC', of: (g) => g.id };
  const keys = order ? [fieldKey(order.field, order.direction, dialect), id] : [id];
  const check = (cursor: unknown[] | null, field: 'after' | 'before'): unknown[] | null => {
    if (!cursor) return null;
    const madeUnder = cursor.length === 1 ? 'id' : cursor.length === 3 && typeof cursor[0] === 'string' ? cursor[0] : null;
    if (madeUnder !== null && madeUnder !== name) {
      const under = (o: string) => (o === 'id' ? 'no orderBy' : `orderBy ${o}`);
      throw badInput(field, `this cursor is from the list with ${under(madeUnder)}, not with ${under(name)}`);
    }
    const rowId = cursor[cursor.length - 1];
    const fits = Number.isSafeInteger(rowId) && (rowId as number) >= 0 && (rowId as number) <= MAX_ROW_ID;
    const value = order && madeUnder !== null ? sortValue(order.field, order.direction, cursor[1]) : undefined;
    if (madeUnder === null || !fits || value === null) throw badInput(field, 'not a cursor from this list');
    return order ? [value, rowId] : [rowId];
  };
  return {
    keys,
    page: { ...page, after: check(page.after, 'after'), before: check(page.before, 'before') },
    cursorOf: (goal) => encodeCursor(order ? [name, ...keys.map((k) => k.of(goal))] : [goal.id]),
  };
}
