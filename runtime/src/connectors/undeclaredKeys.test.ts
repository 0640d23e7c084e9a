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

  it('reads a discriminated union through the option the value names', () => {
    const Auth = z.object({
      auth: z
        .discriminatedUnion('type', [
          z.object({ type: z.literal('none') }),
          z.object({
            type: z.literal('apiKey'),
            apiKey: z.string(),
            header: z.string().default('X-API-Key'),
          }),
        ])
        .default({ type: 'none' }),
    });
    expect(
      undeclaredKeys(Auth, { auth: { type: 'apiKey', apiKey: 'k', headr: 'X-Key' } }, 'credentials'),
    ).toEqual([{ path: 'credentials.auth.headr', message: 'Unknown field "headr"' }]);
    expect(undeclaredKeys(Auth, { auth: { type: 'none' } }, 'credentials')).toEqual([]);
    // An option no one names is the schema's own error to report.
    expect(undeclaredKeys(Auth, { auth: { type: 'oauth', x: 1 } }, 'credentials')).toEqual([]);
  });
});
