import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonicalJson';

/** The definition: JSON with every object's keys in the built-in sort's order. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
  return `{${members.join(',')}}`;
}

describe('canonicalJson', () => {
  it('is JSON with keys in sort order, for small and large objects alike', () => {
    // Keys from a small alphabet with unicode (surrogate pairs included) and numeric-looking ones,
    // so objects above and below the insertion-sort cut (16 keys) both occur, and ties in prefixes.
    const key = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'B', 'é', '😀', '1', '0', '_'), maxLength: 4 }),
      fc.nat({ max: 30 }).map(String),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 40 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts 17 keys and more as it sorts fewer', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${(i * 7) % 40}`);
    const value = Object.fromEntries(keys.map((k) => [k, k]));
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson(Object.fromEntries(keys.slice(0, 16).map((k) => [k, 1])))).toBe(
      reference(Object.fromEntries(keys.slice(0, 16).map((k) => [k, 1]))),
    );
  });
});
