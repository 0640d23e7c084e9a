import { describe, expect, it } from 'vitest';
import { rovingTarget, tabStop } from './rovingFocus';

describe('rovingTarget', () => {
  it('moves one item with the arrows, either orientation, and stops at the ends', () => {
    expect(rovingTarget('ArrowDown', 0, 3)).toBe(1);
    expect(rovingTarget('ArrowRight', 1, 3)).toBe(2);
    expect(rovingTarget('ArrowDown', 2, 3)).toBe(2);
    expect(rovingTarget('ArrowUp', 2, 3)).toBe(1);
    expect(rovingTarget('ArrowLeft', 0, 3)).toBe(0);
  });

  it('goes to the first and last item with Home and End', () => {
    expect(rovingTarget('Home', 2, 3)).toBe(0);
    expect(rovingTarget('End', 0, 3)).toBe(2);
  });

  it('leaves other keys (Enter adds the step, Tab leaves) and empty lists alone', () => {
    expect(rovingTarget('Enter', 0, 3)).toBeUndefined();
    expect(rovingTarget('Tab', 0, 3)).toBeUndefined();
    expect(rovingTarget('ArrowDown', 0, 0)).toBeUndefined();
  });
});

describe('tabStop', () => {
  it('keeps the item last focused while it is listed, else the first', () => {
    expect(tabStop(['a', 'b', 'c'], 'b')).toBe('b');
    expect(tabStop(['a', 'c'], 'b')).toBe('a');
    expect(tabStop(['a', 'c'], undefined)).toBe('a');
    expect(tabStop([], 'b')).toBeUndefined();
  });
});
