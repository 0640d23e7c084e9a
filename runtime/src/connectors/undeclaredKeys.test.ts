import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { undeclaredKeys } from './undeclaredKeys';

describe('undeclaredKeys', () => {
  const Settings = z.object({
    baseUrl: z.string(),
    retry: z.object({ times: z.int() }).optional(),
    headers: z.array(z.object({ name: z.string() })).default([]),
  });

  it('names each key the schema does not declare, nested ones at their path', () => {
    expect(
      undeclaredKeys(
        Settings,
        {
          baseUrl: 'x',
          colour: 'red',
          retry: { times: 1, backoff: 2 },
          headers: [{ name: 'a', value: 'b' }],
        },
        'settings',
      ),
    ).toEqual([
      { path: 'settings.colour', message: 'Unknown field "colour"' },
      { path: 'settings.retry.backoff', message: 'Unknown field "backoff"' },
      { path: 'settings.headers.0.value', message: 'Unknown field "value"' },
    ]);
    expect(undeclaredKeys(Settings, { baseUrl: 'x' }, 'settings')).toEqual([]);
  });

  it('reads through refinements, defaults and transforms, and leaves strict and loose objects to themselves', () => {
    const refined = z
      .object({ a: z.string() })
      .refine(() => true)
      .default({ a: 'x' })
      .transform((v) => v);
    expect(undeclaredKeys(refined, { a: 'x', b: 1 }, 'settings').map((i) => i.path)).toEqual(['settings.b']);
    expect(undeclaredKeys(z.strictObject({}), { b: 1 }, 'settings')).toEqual([]);
    expect(undeclaredKeys(z.looseObject({}), { b: 1 }, 'settings')).toEqual([]);
    expect(undeclaredKeys(z.union([z.object({ a: z.string() }), z.object({})]), { b: 1 }, 'x')).toEqual([]);
  });
});
