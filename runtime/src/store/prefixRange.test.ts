import { describe, expect, it } from 'vitest';
import { prefixRange } from './prefixRange';

const matches = (prefix: string, key: string) => {
  const { from, below } = prefixRange(prefix);
  return key >= from && key < below;
};

describe('prefixRange', () => {
  it('holds exactly the strings that start with the prefix', () => {
    expect(prefixRange('INC00123')).toEqual({ from: 'INC00123', below: 'INC00124' });
    expect(matches('INC00123', 'INC00123')).toBe(true);
    expect(matches('INC00123', 'INC0012345')).toBe(true);
    expect(matches('INC00123', 'INC0012')).toBe(false);
    expect(matches('INC00123', 'INC00124')).toBe(false);
    expect(matches('INC00123', 'inc0012345')).toBe(false);
  });

  it('steps over the surrogates and carries past the last code point', () => {
    expect(prefixRange('a\ud7ff').below).toBe('a\ue000');
    expect(prefixRange('a\u{10ffff}').below).toBe('b');
    expect(() => prefixRange('\u{10ffff}')).toThrow(RangeError);
  });
});
