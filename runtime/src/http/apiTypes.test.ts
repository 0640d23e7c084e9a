import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTypesSource } from './apiTypes';

describe('the generated API types', () => {
  it('match the OpenAPI document (run `pnpm --filter @flowline/runtime api-types` when this fails)', async () => {
    const committed = readFileSync(new URL('./api.generated.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await apiTypesSource());
  });
});
