/**
 * Turns a CEL result into plain JSON data: ints (BigInt) become numbers, timestamps ISO strings,
 * durations their seconds, bytes base64, Maps objects. What is stored is always plain JSON.
 */
export function toPlainData(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'bigint':
      return Number(value);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      return objectToPlain(value);
    default:
      return null;
  }
}

function objectToPlain(value: object): unknown {
  if (Array.isArray(value)) return value.map(toPlainData);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return bytesToBase64(value);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) if (isSafeKey(String(k))) out[String(k)] = toPlainData(v);
    return out;
  }
  if (isDurationLike(value)) return Number(value.seconds) + value.nanos / 1e9;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (isSafeKey(k)) out[k] = toPlainData(v);
  return out;
}

/** Keys that could reach an object's prototype are dropped wherever data is rebuilt. */
export function isSafeKey(key: string): boolean {
  return key !== '__proto__' && key !== 'constructor' && key !== 'prototype';
}

function isDurationLike(value: object): value is { seconds: bigint | number; nanos: number } {
  return 'seconds' in value && 'nanos' in value && Object.keys(value).length <= 2;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return out;
}
