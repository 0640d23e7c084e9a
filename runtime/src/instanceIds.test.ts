import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newInstanceId } from './instanceIds';

describe('newInstanceId', () => {
  it('is a UUID version 7 whose first 48 bits are the given time', () => {
    const at = Date.UTC(2026, 10, 29, 15, 30);
    const id = newInstanceId(at);
    expect(z.uuidv7().safeParse(id).success).toBe(true);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
  });

  it('sorts by creation time, so keys made later land at the right edge of an index', () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => newInstanceId(1_800_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
  });

  it('stays unique within one millisecond and across refills of its random pool', () => {
    const ids = Array.from({ length: 20_000 }, () => newInstanceId(1_800_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(15))).size).toBe(ids.length);
  });
});
