import { describe, expect, it } from 'vitest';
import type { Instance } from '../store';
import { createInstanceCache } from './instanceCache';

const instance = (id: string) => ({ id }) as Instance;

describe('instance cache', () => {
  it('keeps at most its size, dropping the least recently used first', () => {
    const cache = createInstanceCache(2);
    cache.set(instance('a'));
    cache.set(instance('b'));
    cache.get('a');
    cache.set(instance('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.id).toBe('a');
  });

  it('keeps nothing at size 0 (every step then reads the store)', () => {
    const cache = createInstanceCache(0);
    cache.set(instance('a'));
    expect(cache.size).toBe(0);
    expect(cache.get('a')).toBeUndefined();
  });
});
