import { describe, expect, it } from 'vitest';
import { connectionHosts } from './connectionHosts';
import { assertSafeDocument, assertSafeQuery, assertSafeUpdate } from './queryGuard';

const codeOf = (fn: () => void) => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('query guard', () => {
  it('accepts ordinary filters and the four allowed update operators', () => {
    expect(
      codeOf(() => assertSafeQuery({ status: { $in: ['open', 'new'] }, 'a.b': 1 }, 'The filter')),
    ).toBeUndefined();
    expect(
      codeOf(() =>
        assertSafeUpdate({
          $set: { a: 1 },
          $unset: { b: '' },
          $inc: { n: 1 },
          $push: { log: { $each: [1] } },
        }),
      ),
    ).toBeUndefined();
  });

  it.each([
    [{ $where: 'this.a > 1' }],
    [{ $expr: { $function: { body: 'function() { return true }', args: [], lang: 'js' } } }],
    [{ $and: [{ a: 1 }, { $where: 'sleep(1000)' }] }],
    [{ group: { $accumulator: {} } }],
  ])('refuses server-side JavaScript anywhere in a filter: %j', (filter) => {
    expect(codeOf(() => assertSafeQuery(filter, 'The filter'))).toBe('FORBIDDEN_OPERATOR');
  });

  it.each([
    ['{"a": {"__proto__": {"x": 1}}}'],
    ['{"constructor": {"prototype": 1}}'],
    ['{"a": [{"prototype": 1}]}'],
  ])('refuses prototype-reaching keys: %s', (json) => {
    expect(codeOf(() => assertSafeQuery(JSON.parse(json), 'The filter'))).toBe('FORBIDDEN_KEY');
  });

  it.each([
    [{ $rename: { a: 'b' } }],
    [{ $setOnInsert: { a: 1 } }],
    [{ name: 'replacement document' }],
    [{}],
  ])('refuses updates other than $set/$unset/$inc/$push: %j', (update) => {
    expect(codeOf(() => assertSafeUpdate(update))).toMatch(/FORBIDDEN_OPERATOR|INVALID_UPDATE/);
  });

  it('refuses JavaScript hidden inside an allowed update operator', () => {
    expect(codeOf(() => assertSafeUpdate({ $set: { a: { $function: {} } } }))).toBe('FORBIDDEN_OPERATOR');
  });

  it('refuses top-level operators in a document to insert', () => {
    expect(codeOf(() => assertSafeDocument({ $set: { a: 1 } }))).toBe('INVALID_DOCUMENT');
    expect(codeOf(() => assertSafeDocument({ when: { $date: '2026-01-01T00:00:00Z' } }))).toBeUndefined();
  });
});

describe('connectionHosts', () => {
  it('lists the hosts of a mongodb:// string without credentials or ports', () => {
    expect(
      connectionHosts('mongodb://u:p%40ss@db1.example.com:27017,10.0.0.5,[::1]:27018/app?replicaSet=rs0'),
    ).toEqual(['db1.example.com', '10.0.0.5', '::1']);
  });

  it('leaves mongodb+srv:// hosts to the guarded lookup', () => {
    expect(connectionHosts('mongodb+srv://u:p@cluster0.example.mongodb.net/app')).toEqual([]);
  });
});
