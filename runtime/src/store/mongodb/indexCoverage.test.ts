import { describe, expect, it } from 'vitest';
import type { CollectionSpec } from './context';
import { indexServing } from './indexCoverage';

const spec: CollectionSpec = {
  name: 'things',
  indexes: [
    { key: { owner: 1, createdAt: 1, _id: 1 }, name: 'by_owner' },
    { key: { dueAt: 1 }, name: 'open_by_due', partialFilterExpression: { status: 'open' } },
    { key: { endedAt: 1 }, name: 'ended', partialFilterExpression: { endedAt: { $exists: true } } },
  ],
};

describe('index coverage (equality, sort, range)', () => {
  it('finds the index whose leading keys are the equalities, then the sort, then the ranges', () => {
    expect(indexServing(spec, { filter: { owner: 'a' }, sort: { createdAt: 1, _id: 1 } })).toBe('by_owner');
    expect(indexServing(spec, { filter: { owner: 'a', createdAt: { $gt: 1 } } })).toBe('by_owner');
    expect(indexServing(spec, { filter: { owner: 'a' }, sort: { createdAt: -1, _id: -1 } })).toBe('by_owner');
    expect(indexServing(spec, { filter: { _id: 'x', status: 'open' } })).toBe('_id_');
  });

  it('refuses a sort out of key order, a missing equality and a partial index the filter does not imply', () => {
    expect(indexServing(spec, { filter: { owner: 'a' }, sort: { _id: 1 } })).toBeUndefined();
    expect(indexServing(spec, { filter: { owner: 'a' }, sort: { createdAt: 1, _id: -1 } })).toBeUndefined();
    expect(indexServing(spec, { filter: { createdAt: { $gt: 1 } } })).toBeUndefined();
    expect(indexServing(spec, { filter: { dueAt: { $lt: 5 } } })).toBeUndefined();
    expect(indexServing(spec, { filter: { status: 'open', dueAt: { $lt: 5 } } })).toBe('open_by_due');
  });

  it('takes a partial index on a present field for a range or a non-null equality on it', () => {
    expect(indexServing(spec, { filter: { endedAt: { $lt: 5 } } })).toBe('ended');
    expect(indexServing(spec, { filter: { endedAt: { $exists: true } }, sort: { endedAt: 1 } })).toBe(
      'ended',
    );
    expect(indexServing(spec, { filter: { endedAt: { $in: [1, 2] } } })).toBe('ended');
    expect(indexServing(spec, { filter: { endedAt: { $in: [1, null] } } })).toBeUndefined();
  });

  it('plans each branch of an $or on its own', () => {
    const filter = { $or: [{ owner: 'a' }, { status: 'open', dueAt: { $lt: 5 } }] };
    expect(indexServing(spec, { filter })).toBe('by_owner + open_by_due');
    expect(indexServing(spec, { filter: { $or: [{ owner: 'a' }, { other: 1 }] } })).toBeUndefined();
  });
});
