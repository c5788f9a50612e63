import type { ApolloServerPlugin } from '@apollo/server';
import {
  BREAK,
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  getVariableValues,
  isListType,
  isObjectType,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { daysBetween, isSupportedDate } from '../domain/calendar';
import { ErrorCode } from '../errors';
import { MAX_LOGS_PER_DAY } from '../modules/log/calendar.service';
import { MAX_MILESTONES_PER_GOAL } from '../modules/milestone/milestone.service';
import { DEFAULT_LIST_SIZE, DEFAULT_PAGE_SIZE } from './relay';

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
  /** Fields below introspection roots, counted as often as fragments repeat them. */
  introspectionFields: number;
}

/** What one selection set adds to an operation's measure, relative to where it is spread. */
interface SetMeasure {
  /** Fields below this set's own level, deepest first (0 for a set of leaves). */
  depth: number;
  aliases: number;
  introspectionFields: number;
  /** Longest `ofType` chain that starts inside this set. */
  typeDepthInside: number;
  /** Longest `ofType` chain that continues one begun above this set (-Infinity: none does). */
  typeDepthContinued: number;
}

const NO_CHAIN = Number.NEGATIVE_INFINITY;

/**
 * Depth, aliases and the introspection measures of one operation, following fragments. Introspection has a shape
 * of its own (a type's `ofType` chain, wrapped once per list or non-null), so its subtree is bounded by how long
 * that chain is and how many fields it asks for rather than by the depth of ordinary queries; graphql-js's
 * MaxIntrospectionDepthRule, which validation runs, bounds how often lists of fields and types nest in it.
 *
 * Each fragment is measured once and its measure reused wherever it is spread, so the walk is linear in the size of
 * the document even when spreads double at every level; counts still say how often the fragments repeat fields.
 */
export function measureOperation(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): OperationMeasure {
  const memo = new Map<string, SetMeasure>();
  const introspectionMemo = new Map<string, SetMeasure>();
  // A fragment spread inside itself is rejected by validation; `active` only guards the walk.
  const active = new Set<string>();
  const empty = (): SetMeasure => ({ depth: 0, aliases: 0, introspectionFields: 0, typeDepthInside: 0, typeDepthContinued: NO_CHAIN });
  const spread = (name: string, cache: Map<string, SetMeasure>, measure: (set: SelectionSetNode) => SetMeasure): SetMeasure => {
    const cached = cache.get(name);
    if (cached) return cached;
    const fragment = fragments.get(name);
    const key = `${cache === memo ? 'q' : 'i'}:${name}`;
    if (!fragment || active.has(key)) return empty();
    active.add(key);
    const result = measure(fragment.selectionSet);
    active.delete(key);
    cache.set(name, result);
    return result;
  };
  const add = (into: SetMeasure, part: SetMeasure, levels: number): void => {
    into.depth = Math.max(into.depth, part.depth + levels);
    into.aliases += part.aliases;
    into.introspectionFields += part.introspectionFields;
    into.typeDepthInside = Math.max(into.typeDepthInside, part.typeDepthInside);
  };
  const introspection = (set: SelectionSetNode): SetMeasure => {
    const total = empty();
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) total.aliases += 1;
        total.introspectionFields += 1;
        const child = selection.selectionSet ? introspection(selection.selectionSet) : empty();
        add(total, child, 1);
        if (selection.name.value === 'ofType') {
          total.typeDepthContinued = Math.max(total.typeDepthContinued, 1, 1 + child.typeDepthContinued);
        } else {
          // A field other than ofType starts its children's chains afresh.
          total.typeDepthInside = Math.max(total.typeDepthInside, child.typeDepthContinued);
        }
      } else {
        const part =
          selection.kind === Kind.INLINE_FRAGMENT
            ? introspection(selection.selectionSet)
            : spread(selection.name.value, introspectionMemo, introspection);
        add(total, part, 0);
        total.typeDepthContinued = Math.max(total.typeDepthContinued, part.typeDepthContinued);
      }
    }
    return total;
  };
  const query = (set: SelectionSetNode): SetMeasure => {
    const total = empty();
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) total.aliases += 1;
        if (INTROSPECTION_ROOTS.has(selection.name.value)) {
          total.depth = Math.max(total.depth, 1);
          if (selection.selectionSet) {
            const inner = introspection(selection.selectionSet);
            total.aliases += inner.aliases;
            total.introspectionFields += inner.introspectionFields;
            // The root's children start their chains at zero.
            total.typeDepthInside = Math.max(total.typeDepthInside, inner.typeDepthInside, inner.typeDepthContinued);
          }
        } else if (selection.selectionSet) {
          // A field with a selection set is one level deeper than its parent; a leaf adds no level.
          add(total, query(selection.selectionSet), 1);
        }
      } else {
        add(total, selection.kind === Kind.INLINE_FRAGMENT ? query(selection.selectionSet) : spread(selection.name.value, memo, query), 0);
      }
    }
    return total;
  };
  const measure = query(operation.selectionSet);
  return {
    depth: measure.depth,
    aliases: measure.aliases,
    introspectionTypeDepth: measure.typeDepthInside,
    introspectionFields: measure.introspectionFields,
  };
}

/**
 * How many items a list field without paging arguments is priced at, by `Type.field`: its cap where hoego enforces
 * one (milestones per goal, notes of a year), its natural size where the list has one (months, weekdays, days of a
 * year), the default of its `first` argument where it has one. A list not named here is priced at the default page
 * size.
 */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  'Goal.milestones': MAX_MILESTONES_PER_GOAL,
  'GoalYearSummary.milestonesAchieved': MAX_MILESTONES_PER_GOAL,
  'GoalYearSummary.openMilestones': MAX_MILESTONES_PER_GOAL,
  'GoalYearSummary.months': 12,
  'YearInReview.months': 12,
  'YearInReview.weekdays': 7,
  'YearInReview.days': 366,
  'YearInReview.pausedDays': 366,
  'YearInReview.notes': 50,
  'Day.logs': MAX_LOGS_PER_DAY,
  // Lists bounded by their `first` argument, priced at it when given and at its default otherwise.
  'Goal.pauses': DEFAULT_LIST_SIZE,
  'KaggleProgress.results': DEFAULT_LIST_SIZE,
  'User.apiTokens': DEFAULT_LIST_SIZE,
  'YearInReview.goals': DEFAULT_LIST_SIZE,
  // One result per input log, which logProgressBatch's own price already counts.
  'LogProgressBatchPayload.results': 1,
};

/**
 * Cost: a field that prices itself (`complexity` in its options, e.g. a batch mutation answering once per input
 * item) costs what it says; otherwise every field costs 1; a list with `first`/`last` costs its children that many
 * times, a list of days from..to once per day, a connection without first/last its children the default page size
 * times, and any other list its children as often as `LIST_SIZES` says it can hold. It reads no argument but those in
 * `PRICED_ARGUMENTS`, which is what lets an operation using variables elsewhere keep its price.
 */
const connectionEstimator: ComplexityEstimator = ({ args, childComplexity, field, type }) => {
  const span =
    typeof args.from === 'string' && typeof args.to === 'string' && isSupportedDate(args.from) && isSupportedDate(args.to)
      ? daysBetween(args.from, args.to) + 1
      : null;
  const size = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : null;
  const isList = isListType(getNullableType(field.type));
  // A list with one item per day of from..to (scoreHistory) costs its children once per day.
  if (span !== null && isList) return 1 + Math.max(0, span) * childComplexity;
  const isConnection = getNamedType(field.type).name.endsWith('Connection');
  // A negative size is refused by the field itself; it must not lower the cost of the rest of the query.
  if (size !== null) return 1 + Math.max(0, size) * childComplexity;
  if (isConnection) return 1 + DEFAULT_PAGE_SIZE * childComplexity;
  // A connection's edges are its page, which the connection field has priced already; introspection has bounds
  // of its own.
  if (isList && !type.name.endsWith('Connection') && !type.name.startsWith('__'))
    return 1 + (LIST_SIZES[`${type.name}.${field.name}`] ?? DEFAULT_PAGE_SIZE) * childComplexity;
  return 1 + childComplexity;
};

/** Most selections the cost analysis evaluates, fragments counted as often as they are spread. */
export const MAX_PRICED_NODES = 10_000;

type Limit = 'depth' | 'aliases' | 'cost' | 'introspectionTypeDepth' | 'introspectionFields';

function limitError(limit: Limit, actual: number, max: number): GraphQLError {
  const what = {
    depth: 'Query depth',
    aliases: 'Number of aliases',
    cost: 'Query cost',
    introspectionTypeDepth: 'Depth of the ofType chain in introspection',
    introspectionFields: 'Number of introspection fields',
  }[limit];
  const message = `${what} ${actual} exceeds the limit of ${max}`;
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, max, actual, http: { status: 400 } },
  });
}

/** The arguments `connectionEstimator` reads; any other argument of a field that does not price itself costs nothing. */
const PRICED_ARGUMENTS: ReadonlySet<string> = new Set(['first', 'last', 'from', 'to']);

/** Per schema, the names of the fields that price themselves (`complexity` in their extensions), whatever their type. */
const selfPricedFields = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

function selfPricedFieldsOf(schema: GraphQLSchema): ReadonlySet<string> {
  let names = selfPricedFields.get(schema);
  if (!names) {
    const found = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) if (field.extensions.complexity !== undefined) found.add(field.name);
    }
    selfPricedFields.set(schema, (names = found));
  }
  return names;
}

/**
 * Whether the cost of `document`'s operations can depend on the values of its variables: when a variable appears in
 * a directive (`@include`, `@skip`), in an argument the estimators read (`PRICED_ARGUMENTS`), or in any argument of
 * a field with a name that some field pricing itself bears. Otherwise the estimators see the same arguments whatever
 * the variables hold (a mutation's `input: $input`), and the cost is the document's own.
 */
function costReadsVariables(document: DocumentNode, selfPriced: ReadonlySet<string>): boolean {
  let reads = false;
  visit(document, {
    // A definition's `$name` is no use of the variable.
    VariableDefinition: () => false,
    Variable(_node, _key, parent, _path, ancestors) {
      // The nearest argument holding the variable, then what it is an argument of (a field or a directive).
      const chain = parent === undefined ? ancestors : [...ancestors, parent];
      for (let i = chain.length - 1; i >= 0; i--) {
        const argument = chain[i];
        if (Array.isArray(argument) || !('kind' in argument) || argument.kind !== Kind.ARGUMENT) continue;
        const owner = chain[i - 2] as ASTNode | undefined;
        const field = owner?.kind === Kind.FIELD ? owner.name.value : null;
        if (field !== null && !selfPriced.has(field) && !PRICED_ARGUMENTS.has(argument.name.value)) return undefined;
        break;
      }
      reads = true;
      return BREAK;
    },
  });
  return reads;
}

/**
 * Per schema and operation node, the operation's measure and, where its variables cannot change it, its cost.
 * Apollo keeps one parsed document per query text, so an operation sent again finds its node here and is neither
 * walked nor priced again; a document parsed afresh is a new key, and the entries go with the documents.
 */
interface KnownOperation {
  measure: OperationMeasure;
  readsVariables: boolean;
  cost: number | null;
}
const knownOperations = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, KnownOperation>>();

function knownOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): KnownOperation {
  let bySchema = knownOperations.get(schema);
  if (!bySchema) knownOperations.set(schema, (bySchema = new WeakMap()));
  let known = bySchema.get(operation);
  if (!known) {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    known = {
      measure: measureOperation(operation, fragments),
      readsVariables: costReadsVariables(document, selfPricedFieldsOf(schema)),
      cost: null,
    };
    bySchema.set(operation, known);
  }
  return known;
}

/**
 * Measures an operation and throws a QUERY_TOO_COMPLEX error naming the first limit it passes; returns its cost
 * (0 when its variables are invalid and the cost analysis, which coerces them, found out: Apollo refuses them before
 * anything runs). An operation whose cost its variables cannot change is priced once, and later requests of it are
 * charged that price without the analysis coercing their variables; execution coerces them, and refuses invalid ones.
 */
export function checkLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: QueryLimits,
): number {
  const known = knownOperation(schema, document, operation);
  const { depth, aliases, introspectionTypeDepth, introspectionFields } = known.measure;
  if (depth > limits.maxDepth) throw limitError('depth', depth, limits.maxDepth);
  if (aliases > limits.maxAliases) throw limitError('aliases', aliases, limits.maxAliases);
  if (introspectionTypeDepth > limits.maxIntrospectionTypeDepth) {
    throw limitError('introspectionTypeDepth', introspectionTypeDepth, limits.maxIntrospectionTypeDepth);
  }
  if (introspectionFields > limits.maxIntrospectionFields) {
    throw limitError('introspectionFields', introspectionFields, limits.maxIntrospectionFields);
  }
  if (known.cost !== null) {
    if (known.cost > limits.maxCost) throw limitError('cost', known.cost, limits.maxCost);
    return known.cost;
  }
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables,
      operationName: operation.name?.value,
      estimators: [fieldExtensionsEstimator(), connectionEstimator],
      maxQueryNodes: MAX_PRICED_NODES,
    });
  } catch (error) {
    // Invalid variables (the analysis coerces them too): leave them to Apollo, which reports them as BAD_USER_INPUT
    // with HTTP 400 and runs nothing. Checked only on failure, so that valid variables are coerced once here.
    if ('errors' in getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 })) return 0;
    // A query the analysis cannot price is refused, never run unpriced.
    const reason = error instanceof Error ? error.message : String(error);
    throw new GraphQLError(`Query cost could not be worked out, so the query is refused: ${reason}`, {
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'cost', max: limits.maxCost, http: { status: 400 } },
    });
  }
  if (!Number.isFinite(cost) || cost > limits.maxCost) throw limitError('cost', cost, limits.maxCost);
  if (!known.readsVariables) known.cost = cost;
  return cost;
}

/** Deepest nesting of lists and objects in one variable's value. */
export const MAX_VARIABLE_DEPTH = 32;

/** NUL, or half of a UTF-16 surrogate pair without its other half: text no database can store faithfully. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this refuses.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function unstorableText(field: string, where: string, text: string): GraphQLError {
  const at = text.search(UNSTORABLE);
  const unit = text.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
  return new GraphQLError(
    `${field}: text must not contain NUL (U+0000) or a lone surrogate (U+D800–U+DFFF), got U+${unit} at index ${at} of ${where}`,
    { extensions: { code: ErrorCode.BAD_USER_INPUT, field, http: { status: 400 } } },
  );
}

/**
 * Walks every variable's value without recursion, so no nesting can overflow the stack: refuses a value nested more
 * than `MAX_VARIABLE_DEPTH` levels deep, and text no database can store, naming the field that holds it.
 */
function checkVariables(variables: Record<string, unknown>): void {
  const stack: Array<{ value: unknown; path: string; field: string; depth: number }> = Object.entries(variables).map(([name, value]) => ({
    value,
    path: `$${name}`,
    field: name,
    depth: 0,
  }));
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, path, field, depth } = item;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) throw unstorableText(field, path, value);
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_VARIABLE_DEPTH) {
        throw new GraphQLError(`${field}: variables may nest at most ${MAX_VARIABLE_DEPTH} levels deep, got more at ${path}`, {
          extensions: { code: ErrorCode.BAD_USER_INPUT, field, http: { status: 400 } },
        });
      }
      if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]`, field, depth: depth + 1 }));
      else for (const [key, v] of Object.entries(value)) stack.push({ value: v, path: `${path}.${key}`, field: key, depth: depth + 1 });
    }
  }
}

/** Documents whose text `checkText` found storable. */
const cleanDocuments = new WeakSet<DocumentNode>();

/**
 * Refuses text with NUL or a lone surrogate anywhere in an operation's arguments, naming the field: PostgreSQL
 * cannot store NUL, and SQLite would store either as what could then never be read back as the same text or copied
 * to PostgreSQL.
 */
export function checkText(document: DocumentNode, variables: Record<string, unknown> | undefined): void {
  if (variables) checkVariables(variables);
  // Apollo keeps one parsed document per query text: one found clean before is not walked again.
  if (cleanDocuments.has(document)) return;
  visit(document, {
    StringValue(node, _key, _parent, _path, ancestors) {
      if (!UNSTORABLE.test(node.value)) return;
      const holder = [...ancestors]
        .reverse()
        .find((a) => !Array.isArray(a) && 'kind' in a && (a.kind === Kind.OBJECT_FIELD || a.kind === Kind.ARGUMENT));
      const field = holder && 'name' in holder && holder.name ? holder.name.value : 'query';
      throw unstorableText(field, 'the query text', node.value);
    },
  });
  cleanDocuments.add(document);
}

/**
 * Apollo plugin that applies `checkLimits` and `checkText` after parsing and validation, before execution, then
 * hands the operation's cost to `priced` (the rate limit), which may refuse it too.
 */
export function queryLimitsPlugin<T extends object>(
  limits: QueryLimits = DEFAULT_LIMITS,
  priced?: (cost: number, context: T) => Promise<void>,
): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          // Text first: it bounds how deep variables nest before anything else walks them.
          checkText(document, request.variables);
          if (!operation) return;
          const cost = checkLimits(schema, document, operation, request.variables, limits);
          if (priced) await priced(cost, contextValue);
        },
      };
    },
  };
}
