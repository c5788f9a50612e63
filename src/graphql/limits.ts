import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { daysBetween, isSupportedDate } from '../domain/calendar';
import { ErrorCode } from '../errors';
import { DEFAULT_PAGE_SIZE } from './relay';

/** Bounds on what one operation may ask for, checked before it runs. */
export interface QueryLimits {
  /** Deepest field outside introspection. */
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** Longest chain of `ofType` inside `__schema`/`__type`: graphql-js's own introspection query needs 9. */
  maxIntrospectionTypeDepth: number;
  /** Fields inside `__schema`/`__type`, counted as often as fragments repeat them. */
  maxIntrospectionFields: number;
}

export const DEFAULT_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxCost: 20_000,
  maxIntrospectionTypeDepth: 12,
  maxIntrospectionFields: 500,
};

/** The fields at the root of introspection; everything below them is measured by the introspection limits. */
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

export interface OperationMeasure {
  /** Deepest field, where an introspection root counts as one field and its subtree not at all. */
  depth: number;
  aliases: number;
  /** Longest `ofType` chain below an introspection root. */
  introspectionTypeDepth: number;
  /** Fields below introspection roots; the walk stops counting once past `stopAt`. */
  introspectionFields: number;
}

/**
 * Depth, aliases and the introspection measures of one operation, following fragments. Introspection has a shape
 * of its own (a type's `ofType` chain, wrapped once per list or non-null), so its subtree is bounded by how long
 * that chain is and how many fields it asks for rather than by the depth of ordinary queries; graphql-js's
 * MaxIntrospectionDepthRule, which validation runs, bounds how often lists of fields and types nest in it.
 */
export function measureOperation(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  stopAt = Number.POSITIVE_INFINITY,
): OperationMeasure {
  let aliases = 0;
  let introspectionFields = 0;
  let introspectionTypeDepth = 0;
  const fragmentOf = (name: string, seen: Set<string>): FragmentDefinitionNode | undefined => {
    const fragment = fragments.get(name);
    // A fragment spread inside itself is rejected by validation; `seen` only guards the walk.
    return fragment && !seen.has(name) ? fragment : undefined;
  };
  const walkIntrospection = (set: SelectionSetNode, ofTypes: number, seen: Set<string>): void => {
    for (const selection of set.selections) {
      if (introspectionFields > stopAt) return;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases += 1;
        introspectionFields += 1;
        const chain = selection.name.value === 'ofType' ? ofTypes + 1 : 0;
        introspectionTypeDepth = Math.max(introspectionTypeDepth, chain);
        if (selection.selectionSet) walkIntrospection(selection.selectionSet, chain, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walkIntrospection(selection.selectionSet, ofTypes, seen);
      } else {
        const fragment = fragmentOf(selection.name.value, seen);
        if (fragment) walkIntrospection(fragment.selectionSet, ofTypes, new Set(seen).add(fragment.name.value));
      }
    }
  };
  const walk = (set: SelectionSetNode, depth: number, seen: Set<string>): number => {
    let deepest = depth;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases += 1;
        if (INTROSPECTION_ROOTS.has(selection.name.value)) {
          deepest = Math.max(deepest, depth + 1);
          if (selection.selectionSet) walkIntrospection(selection.selectionSet, 0, seen);
        } else if (selection.selectionSet) {
          deepest = Math.max(deepest, walk(selection.selectionSet, depth + 1, seen));
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, walk(selection.selectionSet, depth, seen));
      } else {
        const fragment = fragmentOf(selection.name.value, seen);
        if (fragment) deepest = Math.max(deepest, walk(fragment.selectionSet, depth, new Set(seen).add(fragment.name.value)));
      }
    }
    return deepest;
  };
  const depth = walk(operation.selectionSet, 0, new Set());
  return { depth, aliases, introspectionTypeDepth, introspectionFields };
}

/**
 * Cost: a field that prices itself (`complexity` in its options, e.g. a batch mutation answering once per input
 * item) costs what it says; otherwise every field costs 1; a list with `first`/`last` costs its children that many times, a list of days from..to
 * once per day, and a connection without first/last its children the default page size times.
 */
const connectionEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  const span =
    typeof args.from === 'string' && typeof args.to === 'string' && isSupportedDate(args.from) && isSupportedDate(args.to)
      ? daysBetween(args.from, args.to) + 1
      : null;
  const size = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : null;
  // A list with one item per day of from..to (scoreHistory) costs its children once per day.
  if (span !== null && isListType(getNullableType(field.type))) return 1 + Math.max(0, span) * childComplexity;
  const isConnection = getNamedType(field.type).name.endsWith('Connection');
  // A negative size is refused by the field itself; it must not lower the cost of the rest of the query.
  if (size !== null) return 1 + Math.max(0, size) * childComplexity;
  if (isConnection) return 1 + DEFAULT_PAGE_SIZE * childComplexity;
  return 1 + childComplexity;
};

type Limit = 'depth' | 'aliases' | 'cost' | 'introspectionTypeDepth' | 'introspectionFields';

function limitError(limit: Limit, actual: number, max: number): GraphQLError {
  const what = {
    depth: 'Query depth',
    aliases: 'Number of aliases',
    cost: 'Query cost',
    introspectionTypeDepth: 'Depth of the ofType chain in introspection',
    introspectionFields: 'Number of introspection fields',
  }[limit];
  // The introspection field count stops just past its limit, so its `actual` means "at least".
  const message =
    limit === 'introspectionFields'
      ? `${what} exceeds the limit of ${max} (stopped counting at ${actual})`
      : `${what} ${actual} exceeds the limit of ${max}`;
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, max, actual, http: { status: 400 } },
  });
}

/** Measures an operation and throws a QUERY_TOO_COMPLEX error naming the first limit it passes. */
export function checkLimits(
  schema: Parameters<typeof getComplexity>[0]['schema'],
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: QueryLimits,
): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const measure = measureOperation(operation, fragments, limits.maxIntrospectionFields);
  const { depth, aliases, introspectionTypeDepth, introspectionFields } = measure;
  if (depth > limits.maxDepth) throw limitError('depth', depth, limits.maxDepth);
  if (aliases > limits.maxAliases) throw limitError('aliases', aliases, limits.maxAliases);
  if (introspectionTypeDepth > limits.maxIntrospectionTypeDepth) {
    throw limitError('introspectionTypeDepth', introspectionTypeDepth, limits.maxIntrospectionTypeDepth);
  }
  if (introspectionFields > limits.maxIntrospectionFields) {
    throw limitError('introspectionFields', introspectionFields, limits.maxIntrospectionFields);
  }
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables,
      operationName: operation.name?.value,
      estimators: [fieldExtensionsEstimator(), connectionEstimator],
    });
  } catch (error) {
    // Invalid variables: leave them to Apollo, which reports them as BAD_USER_INPUT with HTTP 400.
    if (error instanceof GraphQLError) return;
    throw error;
  }
  if (cost > limits.maxCost) throw limitError('cost', cost, limits.maxCost);
}

/** True when `value` (a variable's value, at any depth) holds a string with the NUL character. */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === 'object') return Object.values(value).some(holdsNul);
  return false;
}

/**
 * Refuses text with the NUL character anywhere in an operation's arguments: PostgreSQL cannot store it, and
 * SQLite would store what could then never be copied to PostgreSQL.
 */
export function checkNoNul(document: DocumentNode, variables: Record<string, unknown> | undefined): void {
  let found = holdsNul(variables);
  if (!found) {
    visit(document, {
      StringValue(node) {
        if (node.value.includes('\u0000')) found = true;
      },
    });
  }
  if (found) {
    throw new GraphQLError('Text must not contain the NUL character (U+0000)', {
      extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
    });
  }
}

/** Apollo plugin that applies `checkLimits` and `checkNoNul` after parsing and validation, before execution. */
export function queryLimitsPlugin(limits: QueryLimits = DEFAULT_LIMITS): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (operation) checkLimits(schema, document, operation, request.variables, limits);
          checkNoNul(document, request.variables);
        },
      };
    },
  };
}
