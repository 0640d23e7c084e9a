import type { Json, JsonObject } from './schemas/common';

const MAX_DEPTH = 256;

/**
 * Checks that `value` is plain JSON (what a store keeps and gives back unchanged) and types it
 * so: the runtime's values come from the engine and connectors as `unknown`, and a Date, a Map,
 * a BigInt or NaN among them would be silently changed by serialisation. Properties whose value
 * is undefined are allowed (JSON leaves them out, as an optional field is absent). Throws a
 * TypeError naming `what` and the path: a value that is not JSON here is a bug, never input.
 */
export function asJson(value: unknown, what: string): Json {
  check(value, what, '', 0);
  return value as Json;
}

/** As asJson, for values that must be an object (a definition, an input record). */
export function asJsonObject(value: unknown, what: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new TypeError(`${what} must be a JSON object`);
  check(value, what, '', 0);
  return value as JsonObject;
}

function check(value: unknown, what: string, path: string, depth: number): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (Number.isFinite(value)) return;
      return refuse(what, path, String(value));
    case 'object':
      break;
    default:
      return refuse(what, path, `a ${typeof value}`);
  }
  if (value === null) return;
  if (depth >= MAX_DEPTH) return refuse(what, path, `nesting deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      if (value[i] === undefined) refuse(what, `${path}[${i}]`, 'undefined');
      check(value[i], what, `${path}[${i}]`, depth + 1);
    }
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    return refuse(
      what,
      path,
      `a ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain object'}`,
    );
  for (const [key, child] of Object.entries(value))
    if (child !== undefined) check(child, what, path ? `${path}.${key}` : key, depth + 1);
}

function refuse(what: string, path: string, found: string): never {
  throw new TypeError(`${what} is not plain JSON${path ? ` at ${path}` : ''}: found ${found}`);
}
