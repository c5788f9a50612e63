import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { isSupportedDate } from '../domain/calendar';
import { AppError, ErrorCode, badInput } from '../errors';

import type { Page, PageRequest } from '../db/paginate';
import { MAX_ROW_ID } from '../ids';

export { MAX_ROW_ID, fromGlobalId, parseIdOf, toGlobalId, type NodeTypeName } from '../ids';
export { encodeCursor, pageOfList, type Page, type PageRequest } from '../db/paginate';

@ObjectType({ description: 'Where a page of a connection sits in the whole list (Relay cursor connections).' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when more items follow the last edge of this page.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'True when items come before the first edge of this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge, to page backwards with `before`.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge, to page forwards with `after`.' })
  endCursor!: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Items a list without cursors (pauses, tokens, Kaggle results, a year's goals) answers unless `first` says otherwise. */
export const DEFAULT_LIST_SIZE = DEFAULT_PAGE_SIZE;
/** Most items such a list answers at once. */
export const MAX_LIST_SIZE = 500;

/** The `first` argument of a list without cursors, checked: 0 to MAX_LIST_SIZE; its default when omitted. */
export function listSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_LIST_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_LIST_SIZE) {
    throw badInput('first', `must be an integer from 0 to ${MAX_LIST_SIZE}, got ${first}`);
  }
  return first;
}

/** The description of such a `first` argument. */
export const LIST_SIZE_DESCRIPTION = `How many items to answer (default ${DEFAULT_LIST_SIZE}, at most ${MAX_LIST_SIZE}); the cost of the query counts this many.`;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Return the first N items (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor.' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Return the last N items (at most ${MAX_PAGE_SIZE}).` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items before this cursor.' })
  before?: string | null;
}

/** What one sort key of a list holds: a row id, or a local date. */
export type CursorKey = 'id' | 'date';

function decodeCursor(cursor: string, field: string, keys: readonly CursorKey[] | null): unknown[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const fits = (value: unknown, key: CursorKey) =>
      key === 'id'
        ? Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_ROW_ID
        : typeof value === 'string' && isSupportedDate(value);
    if (Array.isArray(values) && (keys === null || (values.length === keys.length && values.every((v, i) => fits(v, keys[i])))))
      return values as unknown[];
  } catch {
    // fall through to the error below
  }
  throw badInput(field, `not a cursor from this list: ${JSON.stringify(cursor)}`);
}

/**
 * Checks connection arguments and turns them into a page request for a list sorted by `keys`; with null keys the
 * cursors need only be arrays, for a service that checks them against the order it lists in.
 */
export function parsePage(args: ConnectionArgs, keys: readonly CursorKey[] | null): PageRequest {
  for (const field of ['first', 'last'] as const) {
    const value = args[field];
    if (value !== undefined && value !== null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw badInput(field, `must be from 0 to ${MAX_PAGE_SIZE}, got ${value}`);
    }
  }
  if (args.first != null && args.last != null) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'Pass either first or last, not both', { field: 'last' });
  }
  const backward = args.last != null;
  return {
    backward,
    limit: (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE,
    after: args.after ? decodeCursor(args.after, 'after', keys) : null,
    before: args.before ? decodeCursor(args.before, 'before', keys) : null,
  };
}

/** The GraphQL classes of a connection of `nodeType`, named `<name>Connection` and `<name>Edge`. */
export function connectionTypes<T extends object>(name: string, nodeType: ClassType<T>, what: string) {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class Edge {
    @Field(() => nodeType, { description: `The ${what}.` })
    node!: T;

    @Field(() => String, { description: `Opaque cursor of this ${what}, for after/before.` })
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}s (Relay cursor connection).` })
  class Connection {
    @Field(() => [Edge], { description: `The ${what}s of this page, in list order.` })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: `How many ${what}s the whole list holds, across all pages.` })
    totalCount!: number;
  }
  return { Edge, Connection };
}

/**
 * One item of a page as an edge. Its cursor is made when a query selects it, not before: most pages are read for
 * their nodes only (a dashboard's last five logs), and encoding a cursor is most of what an edge costs.
 */
class PageEdge<T, N> {
  private encoded: string | undefined;

  constructor(
    readonly node: N,
    private readonly item: T,
    private readonly cursorOf: (item: T) => string,
  ) {}

  get cursor(): string {
    return (this.encoded ??= this.cursorOf(this.item));
  }
}

/** Where a page sits in its list; start and end cursors, like the edges', are made when selected. */
class PagePosition<T, N> {
  constructor(
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly edges: ReadonlyArray<PageEdge<T, N>>,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges[this.edges.length - 1]?.cursor ?? null;
  }
}

/** Shapes a service's page as a connection, mapping each item to its GraphQL node. */
export function toConnection<T, N>(page: Page<T>, toNode: (item: T) => N) {
  const edges = page.items.map((item) => new PageEdge(toNode(item), item, page.cursorOf));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: new PagePosition(page.hasNextPage, page.hasPreviousPage, edges),
  };
}
