import { type Document, MongoServerError } from 'mongodb';
import { Query, aggregate, find, update } from 'mingo';
import type { CollectionSpec, MongoContext } from './context';
import { DEFAULT_CONSISTENCY } from './context';

/**
 * TEST AID ONLY: a MongoDB stand-in over plain arrays, evaluating filters, updates and pipelines
 * with mingo (MongoDB's query language in JavaScript), with the unique indexes of the given specs.
 * No MongoDB server can run on this project's machines; this runs the adapter's parts and the
 * contract suite's code paths here. It is not MongoDB: no concurrency between operations (each is
 * atomic because JavaScript runs one at a time), no write concerns, no index use — the real server
 * is checked by `pnpm test:mongodb`.
 */
type Sort = Record<string, 1 | -1>;

const clone = <T>(value: T): T => structuredClone(value);

function duplicate(collection: string, index: string): MongoServerError {
  return new MongoServerError({
    message: `E11000 duplicate key error collection: ${collection} index: ${index}`,
    code: 11000,
    errmsg: 'duplicate key',
  });
}

/** The equality fields of a filter, which an upsert copies into the document it inserts. */
function equalities(filter: Document): Document {
  const out: Document = {};
  for (const [field, value] of Object.entries(filter)) {
    if (field.startsWith('$')) continue;
    const isOperator =
      value !== null &&
      typeof value === 'object' &&
      Object.keys(value as object).some((key) => key.startsWith('$'));
    if (!isOperator) out[field] = value;
  }
  return out;
}

class MemoryCursor {
  private sortBy: Sort | undefined;
  private limitTo: number | undefined;
  constructor(
    private readonly source: () => Document[],
    private readonly filter: Document,
    private readonly projection?: Document,
  ) {}
  sort(sort: Sort) {
    this.sortBy = sort;
    return this;
  }
  limit(limit: number) {
    this.limitTo = limit;
    return this;
  }
  async toArray(): Promise<Document[]> {
    let cursor = find(this.source(), this.filter, this.projection);
    if (this.sortBy) cursor = cursor.sort(this.sortBy);
    if (this.limitTo !== undefined) cursor = cursor.limit(this.limitTo);
    return clone(cursor.all() as Document[]);
  }
  async next(): Promise<Document | null> {
    return (await this.limit(1).toArray())[0] ?? null;
  }
}

class MemoryCollection {
  docs: Document[] = [];
  constructor(
    readonly name: string,
    private readonly uniques: { name: string; fields: string[] }[],
  ) {}

  private check(candidate: Document, self?: Document) {
    for (const other of this.docs) {
      if (other === self) continue;
      if (other['_id'] === candidate['_id']) throw duplicate(this.name, '_id_');
      for (const unique of this.uniques) {
        if (unique.fields.every((field) => JSON.stringify(other[field]) === JSON.stringify(candidate[field])))
          throw duplicate(this.name, unique.name);
      }
    }
  }

  private first(filter: Document, sort?: Sort): Document | undefined {
    let cursor = find(this.docs, filter);
    if (sort) cursor = cursor.sort(sort);
    const [hit] = cursor.limit(1).all() as Document[];
    // mingo hands out the stored objects themselves: find ours by identity.
    return hit === undefined ? undefined : this.docs.find((doc) => doc === hit);
  }

  async insertOne(doc: Document) {
    const stored = clone(doc);
    stored['_id'] ??= `${this.name}:${this.docs.length + 1}:${Math.random()}`;
    this.check(stored);
    this.docs.push(stored);
    return { acknowledged: true, insertedId: stored['_id'] };
  }

  async findOne(filter: Document, options: { projection?: Document } = {}) {
    const hit = this.first(filter);
    return hit ? clone((find([hit], {}, options.projection).all()[0] ?? null) as Document) : null;
  }

  find(filter: Document = {}, options: { projection?: Document } = {}) {
    return new MemoryCursor(() => this.docs, filter, options.projection);
  }

  /** Applies an update to one stored document (or inserts on upsert); what changed. */
  private apply(filter: Document, modifier: Document, options: { upsert?: boolean; sort?: Sort }) {
    const { $setOnInsert, ...rest } = modifier as { $setOnInsert?: Document } & Document;
    const target = this.first(filter, options.sort);
    if (!target) {
      if (!options.upsert) return { matched: 0, modified: 0, upserted: undefined };
      const doc: Document = { ...clone(equalities(filter)), ...clone($setOnInsert ?? {}) };
      if (Object.keys(rest).length > 0) update(doc, clone(rest));
      doc['_id'] ??= `${this.name}:${this.docs.length + 1}:${Math.random()}`;
      this.check(doc);
      this.docs.push(doc);
      return { matched: 0, modified: 0, upserted: doc };
    }
    const next = clone(target);
    const changed = Object.keys(rest).length > 0 ? update(next, clone(rest)) : [];
    this.check(next, target);
    Object.keys(target).forEach((key) => delete target[key]);
    Object.assign(target, next);
    return { matched: 1, modified: changed.length > 0 ? 1 : 0, upserted: undefined, doc: target };
  }

  async updateOne(filter: Document, modifier: Document, options: { upsert?: boolean } = {}) {
    const result = this.apply(filter, modifier, options);
    return {
      acknowledged: true,
      matchedCount: result.matched,
      modifiedCount: result.modified,
      upsertedCount: result.upserted ? 1 : 0,
      upsertedId: result.upserted?.['_id'] ?? null,
    };
  }

  async updateMany(filter: Document, modifier: Document) {
    const query = new Query(filter);
    let matched = 0;
    let modified = 0;
    for (const doc of this.docs.filter((candidate) => query.test(candidate))) {
      matched += 1;
      if (update(doc, clone(modifier)).length > 0) modified += 1;
    }
    return { acknowledged: true, matchedCount: matched, modifiedCount: modified, upsertedCount: 0 };
  }

  async findOneAndUpdate(
    filter: Document,
    modifier: Document,
    options: { sort?: Sort; upsert?: boolean; returnDocument?: 'before' | 'after' } = {},
  ) {
    const before = this.first(filter, options.sort);
    const snapshot = before ? clone(before) : null;
    const result = this.apply(before ? { _id: before['_id'] } : filter, modifier, options);
    if (options.returnDocument === 'after') {
      const after = result.doc ?? result.upserted;
      return after ? clone(after) : null;
    }
    return snapshot;
  }

  async deleteOne(filter: Document) {
    const hit = this.first(filter);
    if (hit) this.docs = this.docs.filter((doc) => doc !== hit);
    return { acknowledged: true, deletedCount: hit ? 1 : 0 };
  }

  async deleteMany(filter: Document) {
    const query = new Query(filter);
    const before = this.docs.length;
    this.docs = this.docs.filter((doc) => !query.test(doc));
    return { acknowledged: true, deletedCount: before - this.docs.length };
  }

  async countDocuments(filter: Document = {}) {
    return find(this.docs, filter).all().length;
  }

  aggregate(pipeline: Document[]) {
    return { toArray: async () => clone(aggregate(this.docs, pipeline) as Document[]) };
  }
}

/** A MongoContext over in-memory collections, with the unique indexes the specs declare. */
export function inMemoryMongo(specs: readonly CollectionSpec[]): {
  context: MongoContext;
  collection: (name: string) => MemoryCollection;
} {
  const collections = new Map<string, MemoryCollection>();
  const collection = (name: string): MemoryCollection => {
    let found = collections.get(name);
    if (!found) {
      const uniques = specs
        .filter((spec) => spec.name === name)
        .flatMap((spec) => spec.indexes)
        .filter((index) => index.unique)
        .map((index) => ({ name: index.name ?? '', fields: Object.keys(index.key) }));
      found = new MemoryCollection(name, uniques);
      collections.set(name, found);
    }
    return found;
  };
  const db = { collection: (name: string) => collection(name) };
  const client = { startSession: () => ({ endSession: async () => {} }) };
  // The driver's types describe the real classes; the stand-in implements the subset used.
  const context = { db, client, consistency: DEFAULT_CONSISTENCY } as unknown as MongoContext;
  return { context, collection };
}
