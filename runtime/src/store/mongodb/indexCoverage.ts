import type { Document, IndexDescription } from 'mongodb';
import type { CollectionSpec } from './context';

/**
 * A test aid: which declared index serves a query, by the equality–sort–range rule MongoDB's
 * planner follows (equality keys first, then the sort keys in order, then the range keys). It lets
 * each part's test assert that every filter and sort it builds walks an index rather than the whole
 * collection, without a server to ask for `explain`.
 */
export interface QueryShape {
  readonly filter: Document;
  readonly sort?: Readonly<Record<string, 1 | -1>>;
}

const RANGE = new Set(['$lt', '$lte', '$gt', '$gte']);

interface Parts {
  equality: Map<string, unknown>;
  range: Set<string>;
  /** Fields the filter only matches when present: a range, or `$exists: true`. */
  present: Set<string>;
}

/** The filter's conjuncts, one list per `$or` branch (the planner plans each branch on its own). */
function branches(filter: Document): Document[] {
  const { $or, $and, ...rest } = filter as { $or?: Document[]; $and?: Document[] } & Document;
  let result: Document[] = [rest];
  for (const part of ($and ?? []) as Document[]) {
    result = result.flatMap((base) => branches(part).map((branch) => ({ ...base, ...branch })));
  }
  if ($or)
    result = result.flatMap((base) =>
      $or.flatMap((branch) => branches(branch).map((b) => ({ ...base, ...b }))),
    );
  return result;
}

function partsOf(filter: Document): Parts {
  const equality = new Map<string, unknown>();
  const range = new Set<string>();
  const present = new Set<string>();
  for (const [field, value] of Object.entries(filter)) {
    const operators =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.keys(value as object).filter((key) => key.startsWith('$'))
        : [];
    if (operators.length === 0) equality.set(field, value);
    else if (operators.includes('$eq')) equality.set(field, (value as { $eq: unknown }).$eq);
    else if (operators.includes('$in')) equality.set(field, value);
    else if (operators.some((op) => RANGE.has(op))) range.add(field);
    // $ne, $exists, $nin…: checked on the documents the index leads to, not served by it.
    if (operators.some((op) => RANGE.has(op)) || (value as { $exists?: unknown }).$exists === true)
      present.add(field);
  }
  return { equality, range, present };
}

/** A partial index serves only queries whose equalities imply its filter expression. */
function impliesPartial(index: IndexDescription, parts: Parts): boolean {
  const partial = index.partialFilterExpression as Document | undefined;
  if (!partial) return true;
  return Object.entries(partial).every(([field, expected]) => {
    // `$exists: true` holds for any range on the field (a missing field never matches one), or an
    // equality to values that are not null.
    if (JSON.stringify(expected) === '{"$exists":true}') {
      const asked = parts.equality.get(field);
      const values = (asked as { $in?: unknown[] } | undefined)?.$in ?? [asked];
      return parts.present.has(field) || values.every((value) => value !== undefined && value !== null);
    }
    const actual = parts.equality.get(field);
    if (actual === undefined) return false;
    if (JSON.stringify(actual) === JSON.stringify(expected)) return true;
    const allowed = (expected as { $in?: unknown[] }).$in;
    const asked = (actual as { $in?: unknown[] }).$in ?? [actual];
    return (
      Array.isArray(allowed) &&
      asked.every((value) => allowed.some((a) => JSON.stringify(a) === JSON.stringify(value)))
    );
  });
}

/** How many leading keys the query fixes by equality (the planner's preference), or -1 if it cannot use the index. */
function serves(index: IndexDescription, parts: Parts, sort: Readonly<Record<string, 1 | -1>>): number {
  if (!impliesPartial(index, parts)) return -1;
  const keys = Object.keys(index.key);
  // The index's leading keys fixed by equalities (other equalities are checked on the way).
  let at = 0;
  while (at < keys.length && parts.equality.has(keys[at]!)) at += 1;
  const fixed = at;
  // Then the sort, in order, in one direction (or all reversed), skipping fields fixed by equality.
  const sortFields = Object.entries(sort).filter(([field]) => !parts.equality.has(field));
  let direction: number | undefined;
  for (const [field, dir] of sortFields) {
    if (keys[at] !== field) return -1;
    const relative = (index.key as Record<string, number>)[field]! * dir;
    if (direction !== undefined && relative !== direction) return -1;
    direction = relative;
    at += 1;
  }
  // Neither equality nor sort on its leading key: only a range on that key bounds the walk.
  return at > 0 || parts.range.has(keys[0] ?? '') ? fixed : -1;
}

/** The index that serves the query ('_id_' for a lookup by id), or undefined when none does. */
export function indexServing(spec: CollectionSpec, query: QueryShape): string | undefined {
  const found = branches(query.filter).map((branch) => {
    const parts = partsOf(branch);
    if (parts.equality.has('_id')) return '_id_';
    let best: { index: IndexDescription; score: number } | undefined;
    for (const index of spec.indexes) {
      const score = serves(index, parts, query.sort ?? {});
      if (score >= 0 && (!best || score > best.score)) best = { index, score };
    }
    return best ? (best.index.name ?? JSON.stringify(best.index.key)) : undefined;
  });
  return found.every((name) => name !== undefined) ? [...new Set(found)].join(' + ') : undefined;
}
