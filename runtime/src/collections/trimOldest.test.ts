import { describe, expect, it } from 'vitest';
import { boundSize, trimOldest, trimSlack } from './trimOldest';

const mapOf = (n: number) => new Map(Array.from({ length: n }, (_, i) => [`k${i}`, i] as const));

describe('trimOldest', () => {
  it('deletes oldest first, and stops as soon as enough is true', () => {
    const map = mapOf(10);
    map.delete('k0');
    map.set('k0', 0); // re-inserted: now the newest
    trimOldest(map, () => map.size <= 6);
    expect([...map.keys()]).toEqual(['k5', 'k6', 'k7', 'k8', 'k9', 'k0']);
  });

  it('deletes nothing when enough already, and everything when it never is', () => {
    const map = mapOf(3);
    trimOldest(map, () => true);
    expect(map.size).toBe(3);
    trimOldest(map, () => false);
    expect(map.size).toBe(0);
  });

  it('lets the caller drop each key (and keep totals beside the Map)', () => {
    const map = mapOf(5);
    let total = [...map.values()].reduce((a, b) => a + b, 0);
    trimOldest(
      map,
      () => total <= 7,
      (key) => {
        total -= map.get(key)!;
        map.delete(key);
      },
    );
    expect([...map.keys()]).toEqual(['k3', 'k4']);
    expect(total).toBe(7);
  });
});

describe('boundSize', () => {
  it('never lets the Map hold more than its capacity, trimming by the slack at once', () => {
    const map = new Map<number, number>();
    const sizes: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      map.set(i, i);
      boundSize(map, 16);
      sizes.push(map.size);
    }
    expect(Math.max(...sizes)).toBe(16);
    expect(trimSlack(16)).toBe(2);
    // After going over at 17 it is 14, then refills to 16.
    expect(sizes.slice(16, 20)).toEqual([14, 15, 16, 14]);
    // The newest are kept.
    expect([...map.keys()].at(-1)).toBe(99);
    expect(map.has(99 - map.size + 1)).toBe(true);
  });

  it('keeps small capacities exact, the newest entry kept', () => {
    const one = new Map([[1, 1]]);
    one.set(2, 2);
    boundSize(one, 1);
    expect([...one.keys()]).toEqual([2]);
    const none = new Map([[1, 1]]);
    boundSize(none, 0);
    expect(none.size).toBe(0);
  });
});
