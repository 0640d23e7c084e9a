import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { fieldIssuesOf } from './errors';

describe('fieldIssuesOf', () => {
  const schema = z.strictObject({
    name: z.string(),
    settings: z.strictObject({ colour: z.string() }).partial(),
  });

  it('names each unknown key at its own path, under the prefix', () => {
    const parsed = schema.safeParse({ name: 'x', bogus: 1, other: 2, settings: { color: 'red' } });
    expect(parsed.success).toBe(false);
    expect(
      fieldIssuesOf(parsed.error!.issues)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['bogus', 'other', 'settings.color']);
    expect(fieldIssuesOf(parsed.error!.issues, ['form']).map((i) => i.path)).toContain('form.bogus');
  });

  it('keeps other issues at their path, and the root name for the whole document', () => {
    const parsed = schema.safeParse(42);
    expect(fieldIssuesOf(parsed.error!.issues)).toEqual([{ path: '(body)', message: expect.any(String) }]);
    const wrong = schema.safeParse({ name: 1, settings: {} });
    expect(fieldIssuesOf(wrong.error!.issues, [], '(input)').map((i) => i.path)).toEqual(['name']);
  });
});
