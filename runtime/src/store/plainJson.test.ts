import { describe, expect, it } from 'vitest';
import { asJson, asJsonObject } from './plainJson';

describe('plain JSON at the store edge', () => {
  it('passes JSON through unchanged, leaving out undefined properties as JSON does', () => {
    const value = { a: [1, 'x', true, null, { b: 2.5 }], c: undefined };
    expect(asJson(value, 'the value')).toBe(value);
    expect(asJsonObject({ id: 'x' }, 'the definition')).toEqual({ id: 'x' });
  });

  it('refuses what serialisation would change, naming where', () => {
    expect(() => asJson({ at: new Date(0) }, 'The output')).toThrow(
      'The output is not plain JSON at at: found a Date',
    );
    expect(() => asJson({ n: [1, Number.NaN] }, 'The output')).toThrow('at n[1]: found NaN');
    expect(() => asJson({ big: 1n }, 'The output')).toThrow('found a bigint');
    expect(() => asJson([undefined], 'The list')).toThrow('at [0]: found undefined');
    expect(() => asJson({ m: new Map() }, 'The output')).toThrow('found a Map');
    expect(() => asJsonObject([1], 'The definition')).toThrow('must be a JSON object');
  });

  it('refuses nesting past its bound instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i += 1) deep = [deep];
    expect(() => asJson(deep, 'The value')).toThrow('nesting deeper than 256 levels');
  });
});
