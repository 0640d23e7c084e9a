import { isSafeKey } from '@flowline/engine';

/**
 * The path of the first key anywhere inside `value` that could reach an object's prototype
 * (`__proto__`, `constructor`, `prototype`), or undefined. Such keys are refused at the boundary
 * rather than dropped, so a caller sees why their data did not go through.
 */
export function findForbiddenKey(value: unknown, path = ''): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const here = path === '' ? key : `${path}.${key}`;
    if (!isSafeKey(key)) return here;
    const below = findForbiddenKey(item, here);
    if (below !== undefined) return below;
  }
  return undefined;
}

/** A zod refinement message for records whose keys must be safe. */
export const forbiddenKeyMessage = 'Keys named __proto__, constructor or prototype are not allowed';
