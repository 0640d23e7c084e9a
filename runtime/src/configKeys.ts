import { z } from 'zod';

/**
 * Which keys a configuration schema knows, at every depth. The schema is read rather than made
 * strict, so every nested object added to it later (the `limits` areas) refuses unknown keys too
 * without anyone remembering to write `z.strictObject`.
 */
export function findUnknownKeys(
  schema: z.ZodType,
  value: unknown,
  path: readonly string[] = [],
): UnknownKey[] {
  const type = unwrap(schema);
  if (type instanceof z.ZodObject && isPlainObject(value)) {
    // A loose object (catchall) takes any key on purpose.
    if (type.def.catchall !== undefined && !(type.def.catchall instanceof z.ZodNever)) return [];
    const shape = type.shape as Record<string, z.ZodType>;
    const known = Object.keys(shape);
    return Object.entries(value).flatMap(([key, inner]) => {
      const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (field === undefined) {
        const suggestion = closestName(key, known);
        return [{ path: [...path, key], known, ...(suggestion ? { suggestion } : {}) }];
      }
      return findUnknownKeys(field, inner, [...path, key]);
    });
  }
  if (type instanceof z.ZodRecord && isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, inner]) =>
      findUnknownKeys(type.valueType as z.ZodType, inner, [...path, key]),
    );
  }
  if (type instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((inner, index) =>
      findUnknownKeys(type.element as z.ZodType, inner, [...path, String(index)]),
    );
  }
  if (type instanceof z.ZodUnion) {
    // The reading that fits best: the option with the fewest unknown keys.
    const readings = (type.options as z.ZodType[]).map((option) => findUnknownKeys(option, value, path));
    return readings.reduce((best, next) => (next.length < best.length ? next : best), readings[0] ?? []);
  }
  return [];
}

export interface UnknownKey {
  readonly path: readonly string[];
  /** The keys the schema knows at that level. */
  readonly known: readonly string[];
  /** A known key a typo probably meant. */
  readonly suggestion?: string;
}

/** The known name a typo most likely meant (a few edits away), if any. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.floor(name.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance))
      best = { name: candidate, distance };
  }
  return best?.name;
}

/** Edits (insert, delete, substitute, swap two neighbours) from one name to the other. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i]![j] = best;
    }
  }
  return at(a.length, b.length);
}

function unwrap(schema: z.ZodType): z.ZodType {
  if (
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault ||
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodReadonly ||
    schema instanceof z.ZodCatch
  )
    return unwrap(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodPipe) return unwrap(schema.in as z.ZodType);
  if (schema instanceof z.ZodLazy) return unwrap(schema.unwrap() as z.ZodType);
  return schema;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
