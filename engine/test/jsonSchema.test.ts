import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { definitionJsonSchema } from '../src/definition/publishJsonSchema';

describe('published JSON Schema', () => {
  it('matches the zod schema (run `pnpm --filter @flowline/engine schema` after changing it)', () => {
    const published = JSON.parse(
      readFileSync(new URL('../definition.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(published).toEqual(definitionJsonSchema());
  });
});
