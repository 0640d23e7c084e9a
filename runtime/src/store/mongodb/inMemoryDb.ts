import { Query, aggregate } from 'mingo';
import { randomUUID } from 'node:crypto';
import { MongoServerError, type Db, type Document } from 'mongodb';
import type { CollectionSpec } from './context';

/**
 * Test-only: the subset of the driver's Db this adapter calls, in memory, so the contract suites
 * of the core parts run here where no MongoDB server can (mongoStore.inMemory.test.ts). It follows
 * the server's documented semantics for what the adapter uses (filters with $and/$or/$in/$exists/$not/$ne and
 * comparisons, array equality, dotted paths; $set/$unset/$inc/$min/$max/$push ($each, $slice: -n)/
 * $pull/$pullAll/$setOnInsert; the
 * pipeline stages $set with $filter/$cond/$in/$not/$eq/$size/$$REMOVE; unique indexes; inclusion
 * projections), one operation at a time. It proves the adapter's logic, not MongoDB's behaviour.
 */
type Doc = Record<string, unknown>;

const isOperatorObject = (value: unknown): value is Doc =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length > 0 &&
  Object.keys(value).every((key) => key.startsWith('$'));

function getPath(doc: unknown, path: string): unknown[] {
  const [head, ...rest] = path.split('.');
  if (doc === null || typeof doc !== 'object') return [undefined];
  if (Array.isArray(doc)) return doc.flatMap((item) => getPath(item, path));
  const value = (doc as Doc)[head!];
  if (rest.length === 0) return [value];
  return getPath(value, rest.join('.'));
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function matchValue(values: unknown[], condition: unknown): boolean {
  const candidates = values.flatMap((value) => (Array.isArray(value) ? [value, ...value] : [value]));
  if (!isOperatorObject(condition)) return candidates.some((value) => same(value, condition));
  return Object.entries(condition).every(([op, arg]) => {
    switch (op) {
      case '$not':
        return !matchValue(values, arg);
      case '$ne':
        return !candidates.some((value) => same(value, arg));
      case '$exists':
        return values.some((value) => value !== undefined) === arg;
      case '$eq':
        return candidates.some((value) => same(value, arg));
      case '$in':
        return candidates.some((value) => (arg as unknown[]).some((item) => same(value, item)));
      case '$gt':
        return candidates.some((value) => value !== undefined && compare(value, arg) > 0);
      case '$gte':
        return candidates.some((value) => value !== undefined && compare(value, arg) >= 0);
      case '$lt':
        return candidates.some((value) => value !== undefined && compare(value, arg) < 0);
      case '$lte':
        return candidates.some((value) => value !== undefined && compare(value, arg) <= 0);
      case '$regex': {
        const pattern = new RegExp(arg as string, (condition['$options'] as string | undefined) ?? '');
        return candidates.some((value) => typeof value === 'string' && pattern.test(value));
      }
      case '$options':
        return true;
      default:
        throw new Error(`inMemoryDb: unsupported query operator ${op}`);
    }
  });
}

export function matches(doc: Doc, filter: Document): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return (condition as Document[]).every((clause) => matches(doc, clause));
    if (key === '$or') return (condition as Document[]).some((clause) => matches(doc, clause));
    return matchValue(getPath(doc, key), condition);
  });
}

// --- aggregation expressions used by pipeline updates ---
const REMOVE = Symbol('REMOVE');

function evaluate(expr: unknown, doc: Doc, vars: Doc): unknown {
  if (typeof expr === 'string' && expr.startsWith('$$')) {
    if (expr === '$$REMOVE') return REMOVE;
    const [name, ...path] = expr.slice(2).split('.');
    const value = vars[name!];
    return path.length === 0 ? value : getPath(value, path.join('.'))[0];
  }
  if (typeof expr === 'string' && expr.startsWith('$')) return getPath(doc, expr.slice(1))[0];
  if (Array.isArray(expr)) return expr.map((item) => evaluate(item, doc, vars));
  if (!isOperatorObject(expr)) return expr;
  const [op, arg] = Object.entries(expr)[0]!;
  const args = (): unknown[] => (arg as unknown[]).map((item) => evaluate(item, doc, vars));
  switch (op) {
    case '$filter': {
      const spec = arg as { input: unknown; cond: unknown };
      const input = (evaluate(spec.input, doc, vars) as unknown[] | undefined) ?? [];
      return input.filter((item) => evaluate(spec.cond, doc, { ...vars, this: item }) === true);
    }
    case '$cond': {
      const [condition, then, otherwise] = arg as unknown[];
      return evaluate(condition, doc, vars) === true
        ? evaluate(then, doc, vars)
        : evaluate(otherwise, doc, vars);
    }
    case '$not':
      return !args()[0];
    case '$eq': {
      const [a, b] = args();
      return same(a, b);
    }
    case '$in': {
      const [needle, haystack] = args();
      return (haystack as unknown[]).some((item) => same(item, needle));
    }
    case '$size':
      return (evaluate(arg, doc, vars) as unknown[]).length;
    default:
      throw new Error(`inMemoryDb: unsupported expression ${op}`);
  }
}

function applyUpdate(doc: Doc, update: Document | Document[], inserting: boolean): Doc {
  const next = structuredClone(doc);
  if (Array.isArray(update)) {
    for (const stage of update) {
      const fields = stage['$set'] as Doc | undefined;
      if (!fields) throw new Error('inMemoryDb: only $set pipeline stages');
      const current = structuredClone(next);
      for (const [field, expr] of Object.entries(fields)) {
        const value = evaluate(expr, current, { ROOT: current });
        if (value === REMOVE) delete next[field];
        else next[field] = value;
      }
    }
    return next;
  }
  for (const [op, fields] of Object.entries(update)) {
    for (const [field, value] of Object.entries(fields as Doc)) {
      if (field.includes('.')) throw new Error('inMemoryDb: dotted update paths are not supported');
      switch (op) {
        case '$set':
          next[field] = structuredClone(value);
          break;
        case '$setOnInsert':
          if (inserting) next[field] = structuredClone(value);
          break;
        case '$unset':
          delete next[field];
          break;
        case '$inc':
          next[field] = ((next[field] as number | undefined) ?? 0) + (value as number);
          break;
        case '$min':
          next[field] = next[field] === undefined ? value : Math.min(next[field] as number, value as number);
          break;
        case '$max':
          next[field] = next[field] === undefined ? value : Math.max(next[field] as number, value as number);
          break;
        case '$push': {
          const items = isOperatorObject(value) && '$each' in value ? (value['$each'] as unknown[]) : [value];
          const pushed = [...((next[field] as unknown[] | undefined) ?? []), ...structuredClone(items)];
          // `$slice: -n` keeps the last n (the only form the adapter uses).
          const slice = isOperatorObject(value) ? (value['$slice'] as number | undefined) : undefined;
          next[field] = slice === undefined ? pushed : pushed.slice(slice);
          break;
        }
        case '$pullAll': {
          const removed = value as unknown[];
          next[field] = ((next[field] as unknown[] | undefined) ?? []).filter(
            (item) => !removed.some((other) => same(item, other)),
          );
          break;
        }
        case '$pull': {
          // A condition object is a query on each item (mingo); anything else is an equal value.
          const test =
            value !== null && typeof value === 'object'
              ? (item: unknown) => new Query(value as Doc).test(item as Doc)
              : (item: unknown) => item === value;
          const items = (next[field] as unknown[] | undefined) ?? [];
          next[field] = items.filter((item) => !test(item));
          break;
        }
        default:
          throw new Error(`inMemoryDb: unsupported update operator ${op}`);
      }
    }
  }
  return next;
}

function project(doc: Doc, projection: Document | undefined): Doc {
  if (!projection || Object.keys(projection).length === 0) return structuredClone(doc);
  // An exclusion projection ({ _id: 0, big: 0 }) keeps everything else.
  if (Object.values(projection).every((v) => v === 0 || v === false)) {
    const out = structuredClone(doc);
    for (const field of Object.keys(projection)) delete out[field];
    return out;
  }
  const out: Doc = {};
  if (projection['_id'] !== 0) out['_id'] = doc['_id'];
  const include = (source: unknown, target: Doc, path: string[]) => {
    const [head, ...rest] = path;
    if (source === null || typeof source !== 'object') return;
    const value = (source as Doc)[head!];
    if (value === undefined) return;
    if (rest.length === 0) {
      target[head!] = structuredClone(value);
    } else if (Array.isArray(value)) {
      const existing = (target[head!] as Doc[] | undefined) ?? value.map(() => ({}));
      value.forEach((item, i) => include(item, existing[i]!, rest));
      target[head!] = existing;
    } else {
      const existing = (target[head!] as Doc | undefined) ?? {};
      include(value, existing, rest);
      target[head!] = existing;
    }
  };
  for (const [path, on] of Object.entries(projection))
    if (on === 1 && path !== '_id') include(doc, out, path.split('.'));
  return out;
}

function sortDocs(docs: Doc[], sort: Document | undefined): Doc[] {
  if (!sort) return docs;
  const keys = Object.entries(sort) as [string, number][];
  return [...docs].sort((a, b) => {
    for (const [field, direction] of keys) {
      const order = compare(getPath(a, field)[0], getPath(b, field)[0]);
      if (order !== 0) return order * direction;
    }
    return 0;
  });
}

const duplicate = (collection: string, index: string, position?: number) =>
  Object.assign(
    new MongoServerError({
      ok: 0,
      code: 11000,
      errmsg: `E11000 duplicate key error collection: ${collection} index: ${index}`,
    }),
    position === undefined ? {} : { writeErrors: [{ code: 11000, index: position }] },
  );

class Cursor {
  private sortSpec: Document | undefined;
  private max: number | undefined;
  constructor(
    private readonly load: () => Doc[],
    private readonly projection: Document | undefined,
  ) {}
  sort(spec: Document): this {
    this.sortSpec = spec;
    return this;
  }
  limit(n: number): this {
    this.max = n;
    return this;
  }
  async toArray(): Promise<Doc[]> {
    const sorted = sortDocs(this.load(), this.sortSpec);
    return (this.max === undefined ? sorted : sorted.slice(0, this.max)).map((doc) =>
      project(doc, this.projection),
    );
  }
  async next(): Promise<Doc | null> {
    return (await this.limit(1).toArray())[0] ?? null;
  }
}

class Collection {
  readonly docs = new Map<unknown, Doc>();
  constructor(
    readonly name: string,
    private readonly unique: readonly (readonly string[])[],
  ) {}

  private key = (id: unknown): string => JSON.stringify(id);

  private checkUnique(doc: Doc, except?: Doc, position?: number): void {
    for (const fields of this.unique) {
      const values = fields.map((field) => getPath(doc, field)[0]);
      if (values.every((value) => value === undefined)) continue;
      for (const other of this.docs.values())
        if (other !== except && fields.every((field, i) => same(getPath(other, field)[0], values[i])))
          throw duplicate(this.name, fields.join('_'), position);
    }
  }

  private store(doc: Doc, position?: number, replacing?: Doc): void {
    const id = this.key(doc['_id']);
    if (!replacing && this.docs.has(id)) throw duplicate(this.name, '_id_', position);
    this.checkUnique(doc, replacing, position);
    this.docs.set(id, doc);
  }

  private all = (filter: Document): Doc[] => [...this.docs.values()].filter((doc) => matches(doc, filter));

  find(filter: Document = {}, options: { projection?: Document } = {}) {
    return new Cursor(() => this.all(filter), options.projection);
  }
  async findOne(filter: Document = {}, options: { projection?: Document } = {}) {
    return this.find(filter, options).next();
  }
  /** Pipelines are evaluated by mingo, a MongoDB query-language implementation (the other stand-in's). */
  aggregate(pipeline: Document[]) {
    const docs = [...this.docs.values()].map((doc) => structuredClone(doc));
    return { toArray: async () => aggregate(docs, pipeline) as Doc[] };
  }
  async countDocuments(filter: Document = {}) {
    return this.all(filter).length;
  }
  async insertOne(doc: Doc) {
    this.store(structuredClone({ _id: randomUUID(), ...doc }));
    return { acknowledged: true, insertedId: doc['_id'] };
  }
  async insertMany(docs: Doc[], options: { ordered?: boolean } = {}) {
    const errors: { code: number; index: number }[] = [];
    docs.forEach((doc, index) => {
      if (options.ordered !== false && errors.length > 0) return;
      try {
        this.store(structuredClone({ _id: randomUUID(), ...doc }), index);
      } catch {
        errors.push({ code: 11000, index });
      }
    });
    if (errors.length > 0) throw Object.assign(duplicate(this.name, 'bulk'), { writeErrors: errors });
    return { acknowledged: true, insertedCount: docs.length };
  }
  private upsertDoc(filter: Document, update: Document | Document[]): Doc {
    const seed: Doc = {};
    for (const [field, value] of Object.entries(filter))
      if (!field.startsWith('$') && !isOperatorObject(value) && !field.includes('.')) seed[field] = value;
    const doc = applyUpdate(seed, update, true);
    doc['_id'] ??= randomUUID();
    this.store(doc);
    return doc;
  }
  private updateDoc(doc: Doc, update: Document | Document[]): Doc {
    const next = applyUpdate(doc, update, false);
    this.store(next, undefined, doc);
    return next;
  }
  async updateOne(filter: Document, update: Document | Document[], options: { upsert?: boolean } = {}) {
    const [doc] = this.all(filter);
    if (!doc) {
      if (!options.upsert) return { matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };
      this.upsertDoc(filter, update);
      return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1 };
    }
    const next = this.updateDoc(doc, update);
    return { matchedCount: 1, modifiedCount: same(doc, next) ? 0 : 1, upsertedCount: 0 };
  }
  async updateMany(filter: Document, update: Document | Document[]) {
    const docs = this.all(filter);
    for (const doc of docs) this.updateDoc(doc, update);
    return { matchedCount: docs.length, modifiedCount: docs.length, upsertedCount: 0 };
  }
  async findOneAndUpdate(
    filter: Document,
    update: Document | Document[],
    options: { upsert?: boolean; returnDocument?: 'before' | 'after'; projection?: Document } = {},
  ) {
    const [doc] = sortDocs(this.all(filter), (options as { sort?: Document }).sort);
    if (!doc) {
      if (!options.upsert) return null;
      const inserted = this.upsertDoc(filter, update);
      return options.returnDocument === 'after' ? project(inserted, options.projection) : null;
    }
    const next = this.updateDoc(doc, update);
    return project(options.returnDocument === 'after' ? next : doc, options.projection);
  }
  async deleteMany(filter: Document) {
    const docs = this.all(filter);
    for (const doc of docs) this.docs.delete(this.key(doc['_id']));
    return { acknowledged: true, deletedCount: docs.length };
  }
  async deleteOne(filter: Document) {
    const [doc] = this.all(filter);
    if (doc) this.docs.delete(this.key(doc['_id']));
    return { acknowledged: true, deletedCount: doc ? 1 : 0 };
  }
}

/** A Db over plain maps, with the unique indexes the specs declare. One per store under test. */
export function inMemoryDb(specs: readonly CollectionSpec[]): Db {
  const collections = new Map<string, Collection>();
  const uniqueOf = (name: string) =>
    specs
      .filter((spec) => spec.name === name)
      .flatMap((spec) => spec.indexes)
      .filter((index) => index.unique)
      .map((index) => Object.keys(index.key as Document));
  const db = {
    collection(name: string) {
      let collection = collections.get(name);
      if (!collection) collections.set(name, (collection = new Collection(name, uniqueOf(name))));
      return collection;
    },
  };
  // The adapter's parts call only the Collection methods above; the cast names the stand-in for them.
  return db as unknown as Db;
}
