import type { z } from 'zod';
import type { FieldIssue } from '../errors';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Wrappers whose value is the wrapped schema's (optional, default…), read through to the object. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly catchall?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
}

/**
 * Keys of `value` a connector's schema does not declare, one issue each at its own path under
 * `prefix` (`settings.colour`). A connector writes plain `z.object`s, which drop such keys: a
 * misspelt setting would be saved as if never given. Only objects that strip are read this way;
 * a strict one reports its own keys and a loose one means to take any. Of unions, only a
 * discriminated one is read, through the option its value names.
 */
export function undeclaredKeys(schema: z.ZodType, value: unknown, prefix: string): FieldIssue[] {
  const def = (schema as unknown as { def: Def }).def;
  if (WRAPPERS.has(def.type) && def.innerType) return undeclaredKeys(def.innerType, value, prefix);
  if (def.type === 'pipe' && def.in) return undeclaredKeys(def.in, value, prefix);
  if (def.type === 'array' && def.element && Array.isArray(value))
    return value.flatMap((item, index) => undeclaredKeys(def.element!, item, `${prefix}.${index}`));
  if (def.type === 'union' && def.discriminator && def.options && isRecord(value)) {
    // The option the value names (the HTTP connector's auth `type`); any other union is a guess.
    const key = def.discriminator;
    const chosen = def.options.filter((option) => {
      const field = (option as unknown as { def: Def }).def.shape?.[key];
      return field?.safeParse(value[key]).success === true;
    });
    return chosen.length === 1 ? undeclaredKeys(chosen[0]!, value, prefix) : [];
  }
  if (def.type !== 'object' || !def.shape || !isRecord(value)) return [];
  const shape = def.shape;
  return Object.entries(value).flatMap(([key, item]) => {
    if (Object.hasOwn(shape, key)) return undeclaredKeys(shape[key]!, item, `${prefix}.${key}`);
    return def.catchall ? [] : [{ path: `${prefix}.${key}`, message: `Unknown field "${key}"` }];
  });
}
