import { Ajv, type AnySchema } from 'ajv';
import type { Document, IndexDescription } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { chainHistory, emptyChainHead } from '../historyChain';
import { T0, aJob, aStep, anInstance } from '../contract/fixtures';
import { type StepHead, stepUpdate } from './commitSteps';
import { coreCollections } from './coreCollections';
import type { CollectionSpec } from './context';
import { historyDocument } from './history';
import { correlationQuery, instanceListQuery, treeQuery, undispatchedQuery } from './instances';
import { stepRecord, toInstanceDocument } from './instanceDocuments';
import { pendingFilter } from './recovery';
import { mergeSpecs } from './setup';
import { effectWrite } from './effects';
import { allCollections } from './mongoStore';
import { taskCollections } from './tasks';

// MongoDB's $jsonSchema is draft 4 plus `bsonType`; ajv checks the rest, this keyword the BSON types
// as the driver stores JavaScript values (numbers as int or double, both 'number').
const BSON: Record<string, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  int: (v) => Number.isInteger(v),
  long: (v) => Number.isInteger(v),
  double: (v) => typeof v === 'number',
  bool: (v) => typeof v === 'boolean',
  array: (v) => Array.isArray(v),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};

function validatorOf(spec: CollectionSpec) {
  const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true });
  ajv.addKeyword({
    keyword: 'bsonType',
    schemaType: ['string', 'array'],
    validate: (type: string | string[], value: unknown) =>
      (Array.isArray(type) ? type : [type]).some((name) => {
        const check = BSON[name];
        if (!check) throw new Error(`Unknown bsonType ${name}`);
        return check(value);
      }),
  });
  return ajv.compile(spec.validator!['$jsonSchema'] as AnySchema);
}

const spec = (name: string): CollectionSpec => {
  const found = mergeSpecs(coreCollections).find((s) => s.name === name);
  if (!found) throw new Error(`No spec for ${name}`);
  return found;
};

/** Applies the $set/$push/$min parts of an update the way the server would, for validation. */
function applied(doc: Document, update: Document): Document {
  const next: Document = structuredClone(doc);
  Object.assign(next, update['$set'] ?? {});
  for (const [field, value] of Object.entries((update['$push'] ?? {}) as Document)) {
    const items =
      typeof value === 'object' && value !== null && '$each' in value
        ? (value['$each'] as unknown[])
        : [value];
    next[field] = [...((next[field] as unknown[] | undefined) ?? []), ...items];
  }
  for (const [field, value] of Object.entries((update['$min'] ?? {}) as Document))
    next[field] = next[field] === undefined ? value : Math.min(next[field] as number, value as number);
  for (const field of Object.keys((update['$unset'] ?? {}) as Document)) delete next[field];
  return next;
}

describe('the collections of the core parts', () => {
  it('declares validators that are valid JSON Schema and accept the documents the adapter writes', () => {
    for (const collection of mergeSpecs(coreCollections)) if (collection.validator) validatorOf(collection);
    const validInstance = validatorOf(spec('instances'));
    const chained = chainHistory('inst-1', emptyChainHead(), [
      { at: T0, type: 'instance.started', data: { a: 1 } },
    ]);
    const record = stepRecord(
      1,
      chained.entries.map(historyDocument),
      [{ type: 'job.enqueue', job: aJob() }],
      {
        key: 'inst-1:1:i',
        change: {
          type: 'instance',
          kind: 'started',
          instanceId: 'inst-1',
          workflowId: 'w',
          status: 'running',
        },
      },
    );
    const created = toInstanceDocument(
      anInstance({
        parent: { instanceId: 'p', childKey: 'c', rootId: 'r', depth: 1 },
        error: { code: 'c', message: 'm' },
      }),
      chained.head,
      record,
    );
    expect(validInstance(created), JSON.stringify(validInstance.errors)).toBe(true);
    const head: StepHead = { ...created, outbox: created.outbox };
    const { update } = stepUpdate(
      aStep({
        commands: [{ id: 'inst-1:2:0', type: 'job.start' }],
        history: [{ at: T0, type: 'x', data: null }],
      }),
      head,
      'token',
    );
    expect(validInstance(applied(created, update)), JSON.stringify(validInstance.errors)).toBe(true);
    const validHistory = validatorOf(spec('history'));
    for (const entry of chained.entries) expect(validHistory(historyDocument(entry))).toBe(true);
    expect(validInstance({ ...created, status: 'paused' })).toBe(false);
    expect(validInstance({ ...created, snapshot: { raw: true } })).toBe(false);
  });

  it('names every index, once per collection', () => {
    for (const collection of mergeSpecs(coreCollections)) {
      const names = collection.indexes.map((index) => index.name);
      expect(names.every((name) => typeof name === 'string' && name.length > 0)).toBe(true);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});

// --- every query has an index: equality fields first (any order), then the sort keys in order ---

interface QueryShape {
  equality: string[];
  range: string[];
  sort: [string, 1 | -1][];
}

function shapeOf(filter: Document, sort: Document = {}): QueryShape {
  const shape: QueryShape = { equality: [], range: [], sort: Object.entries(sort) as [string, 1 | -1][] };
  const visit = (clause: Document) => {
    for (const [field, value] of Object.entries(clause)) {
      if (field === '$and') (value as Document[]).forEach(visit);
      else if (field === '$or')
        continue; // the keyset seek on the sort keys
      else if (
        typeof value === 'object' &&
        value !== null &&
        Object.keys(value).some((k) => k.startsWith('$'))
      )
        shape.range.push(field);
      else shape.equality.push(field);
    }
  };
  visit(filter);
  return shape;
}

/** True when the index leads with equality fields only, then holds the sort (either direction), ranges on it. */
function serves(index: IndexDescription, query: QueryShape): boolean {
  const keys = Object.entries(index.key as Document) as [string, number][];
  let i = 0;
  const equal = new Set(query.equality);
  while (i < keys.length && equal.has(keys[i]![0])) i += 1;
  if (query.equality.length > 0 && i === 0) return false;
  const rest = keys.slice(i);
  if (query.sort.length > 0) {
    const direction = rest[0]?.[1] === query.sort[0]![1] ? 1 : -1;
    const matches = query.sort.every(
      ([field, dir], n) => rest[n]?.[0] === field && rest[n]?.[1] === dir * direction,
    );
    if (!matches) return false;
  }
  const usable = new Set([...keys.slice(0, i).map(([f]) => f), ...rest.map(([f]) => f)]);
  const partial = index.partialFilterExpression ? Object.keys(index.partialFilterExpression) : [];
  return query.range.every(
    (field) => usable.has(field) || partial.includes(field) || query.equality.length > 0,
  );
}

const indexesOf = (name: string) => spec(name).indexes;
const servedBy = (name: string, filter: Document, sort?: Document) =>
  indexesOf(name)
    .filter((index) => serves(index, shapeOf(filter, sort)))
    .map((index) => index.name);

describe('indexes serve every query of the core parts', () => {
  it('listInstances under every filter, with and without a cursor', () => {
    const cursor = Buffer.from(JSON.stringify([T0, 'x'])).toString('base64url');
    const filters = [
      {},
      { workflowId: 'w' },
      { workflowId: 'w', version: 2 },
      { status: 'running' as const },
      { startedBy: 'ada' },
      { createdFrom: T0, createdTo: T0 + 1 },
      { workflowId: 'w', version: 2, createdFrom: T0 },
      { workflowId: 'w', status: 'completed' as const },
      { hasIncident: true },
      { businessKey: 'INC0012345' },
      { businessKey: 'INC0012345', status: 'running' as const },
    ];
    for (const filter of filters)
      for (const page of [undefined, cursor]) {
        const query = instanceListQuery(filter, page);
        expect(servedBy('instances', query.filter, query.sort), JSON.stringify(filter)).not.toEqual([]);
      }
  });

  it('finds runs by a business key prefix as bounds on the leading key of the key index', () => {
    const query = instanceListQuery({ businessKeyPrefix: 'INC00123' });
    expect(query.filter).toEqual({ businessKey: { $gte: 'INC00123', $lt: 'INC00124' } });
    const index = indexesOf('instances').find((i) => i.name === 'instances_by_business_key');
    // The runs in the range are few and sorted after the walk; the exact key walks in sort order.
    expect(Object.keys(index?.key ?? {})[0]).toBe('businessKey');
    expect(index?.partialFilterExpression).toEqual({ businessKey: { $exists: true } });
  });

  it("counts the dashboard's incidents (all workflows, or one) over the incident-count index", () => {
    for (const filter of [
      { hasIncident: true, status: 'running' as const },
      { hasIncident: true, status: 'running' as const, workflowId: 'w' },
    ])
      expect(servedBy('instances', instanceListQuery(filter).filter), JSON.stringify(filter)).toContain(
        'instances_incident_counts',
      );
  });

  it('correlation lookups, tree counts, undispatched outboxes and step recovery', () => {
    const correlation = correlationQuery('k');
    expect(servedBy('instances', correlation.filter, correlation.sort)).toEqual(['instances_by_correlation']);
    expect(servedBy('instances', treeQuery('r').filter)).toContain('instances_by_root');
    const outbox = undispatchedQuery(T0);
    expect(servedBy('instances', { outboxAt: outbox.filter['outboxAt'] }, outbox.sort)).toContain(
      'instances_with_outbox',
    );
    expect(servedBy('instances', pendingFilter(T0), { pendingAt: 1 })).toContain(
      'instances_with_pending_steps',
    );
  });

  it('history by instance in seq order, versions by workflow, logs by key', () => {
    expect(servedBy('history', { instanceId: 'i' }, { seq: 1 })).toEqual(['history_by_instance']);
    expect(servedBy('workflow_versions', { workflowId: 'w' }, { version: -1 })).toEqual([
      'versions_by_workflow',
    ]);
    expect(servedBy('workflow_versions', { workflowId: 'w', version: 1 })).toEqual(['versions_by_workflow']);
    expect(servedBy('changes', { key: 'k' })).toEqual(['changes_by_key']);
    expect(servedBy('publications', { key: 'k' })).toEqual(['publications_by_key']);
  });

  it('the check itself refuses an index that cannot serve a query', () => {
    expect(
      serves({ key: { status: 1, createdAt: -1 } }, shapeOf({ workflowId: 'w' }, { createdAt: -1 })),
    ).toBe(false);
    expect(
      serves({ key: { workflowId: 1, createdAt: 1 } }, shapeOf({ workflowId: 'w' }, { updatedAt: -1 })),
    ).toBe(false);
  });
});

describe('indexes serve the writes of step effects and the parts compose', () => {
  it('merges every part’s collections without two validators or two meanings for one index name', () => {
    expect(() => mergeSpecs(allCollections)).not.toThrow();
  });

  // The jobs, timers and tasks collections are declared by their parts (h/mongo-rest's files).
  it.skipIf(taskCollections.length === 0)(
    'finds an index for every task effect that is not keyed by id',
    () => {
      const tasks = mergeSpecs(allCollections).find((s) => s.name === 'tasks')!;
      const source = { instanceId: 'i', workflowId: 'w', version: 1, rev: 2 };
      const writes = [
        effectWrite({ type: 'task.cancel', instanceId: 'i', nodeId: 'n' }, source, 0),
        effectWrite({ type: 'task.cancel', instanceId: 'i' }, source, 0),
      ];
      for (const write of writes) {
        const [plain] = write.filter['$and'] as Document[];
        expect(tasks.indexes.filter((index) => serves(index, shapeOf(plain!))).length).toBeGreaterThan(0);
      }
      // And the read of what an effect touched: {instanceId, effectOrder}.
      expect(tasks.indexes.some((index) => serves(index, shapeOf({ instanceId: 'i', effectOrder: 1 })))).toBe(
        true,
      );
    },
  );
});
