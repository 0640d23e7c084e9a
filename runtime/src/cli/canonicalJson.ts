// Keys that say what an object is come first, in this order; the rest follow alphabetically.
// A definition then reads top-down (id and name before the details) and prints the same way
// whoever produced it, so a file kept in git only changes where the workflow changed.
const LEADING_KEYS = ['$schema', 'schemaVersion', 'id', 'key', 'name', 'label', 'kind', 'type', 'title'];

const rank = (key: string) => {
  const at = LEADING_KEYS.indexOf(key);
  return at === -1 ? LEADING_KEYS.length : at;
};

const byCanonicalOrder = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);

/** The same JSON value with every object's keys in the canonical order; arrays keep theirs. */
export function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalize);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(byCanonicalOrder))
    Object.defineProperty(sorted, key, {
      value: canonicalize((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return sorted;
}

/** Pretty JSON in the canonical key order, with a final newline: what `export` writes. */
export const canonicalJson = (value: unknown): string => `${JSON.stringify(canonicalize(value), null, 2)}\n`;

/** Whether two JSON values are equal whatever the order of their objects' keys. */
export const sameJson = (a: unknown, b: unknown): boolean =>
  JSON.stringify(canonicalize(a)) === JSON.stringify(canonicalize(b));
