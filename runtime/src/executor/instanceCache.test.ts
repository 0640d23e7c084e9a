import { describe, expect, it } from 'vitest';
import type { Instance } from '../store';
import { createInstanceCache } from './instanceCache';

const instance = (id: string) => ({ id }) as Instance;

describe('instance cache', () => {
  it('keeps at most its size, dropping the least recently used first', () => {
    const cache = createInstanceCache(2);
    cache.set(instance('a'), 100);
    cache.set(instance('b'), 100);
    cache.get('a');
    cache.set(instance('c'), 100);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.id).toBe('a');
  });

  it('keeps nothing at size 0 (every step then reads the store)', () => {
    const cache = createInstanceCache(0);
    cache.set(instance('a'), 100);
    expect(cache.size).toBe(0);
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps at most its byte budget of serialized state, dropping the least recently used first', () => {
    const cache = createInstanceCache(100, 8_000);
    for (const id of ['a', 'b', 'c', 'd']) cache.set(instance(id), 1_000);
    cache.get('a');
    for (const id of ['e', 'f', 'g', 'h', 'i']) cache.set(instance(id), 1_000);
    // Over the budget at 'i': trimmed an eighth below it (7,000) in one go, oldest first.
    expect(cache.bytes).toBe(7_000);
    expect(cache.size).toBe(7);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('a')?.id).toBe('a');
    // Replacing an entry counts its new size only.
    cache.set(instance('a'), 500);
    expect(cache.bytes).toBe(6_500);
  });

  it('does not keep an instance larger than an eighth of its budget, so one cannot flush the rest', () => {
    const cache = createInstanceCache(100, 8_000);
    cache.set(instance('a'), 1_000);
    cache.set(instance('big'), 1_001);
    expect(cache.get('big')).toBeUndefined();
    expect(cache.get('a')?.id).toBe('a');
    expect(cache.bytes).toBe(1_000);
  });
});
