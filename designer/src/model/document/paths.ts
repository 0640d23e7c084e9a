/** Immutable reads and writes at a path inside plain JSON-like values. */
export type Path = readonly (string | number)[];

export function getAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/**
 * A copy of `value` with `next` at `path` (only the objects along the path are copied, the rest is
 * shared); `undefined` removes the key. Missing objects along the way are created.
 */
export function setAt<T>(value: T, path: Path, next: unknown): T {
  if (path.length === 0) return next as T;
  const [key, ...rest] = path as [string | number, ...Path];
  const container: unknown = value ?? (typeof key === 'number' ? [] : {});
  if (Array.isArray(container)) {
    const copy = [...(container as unknown[])];
    const index = Number(key);
    if (rest.length === 0 && next === undefined) copy.splice(index, 1);
    else copy[index] = setAt(copy[index], rest, next);
    return copy as T;
  }
  const record = container as Record<string, unknown>;
  if (rest.length === 0 && next === undefined) {
    const { [String(key)]: _gone, ...others } = record;
    return others as T;
  }
  return { ...record, [key]: setAt(record[String(key)], rest, next) } as T;
}

/** The path as text, e.g. `conditions.0.when`. */
export const pathText = (path: Path): string => path.join('.');
