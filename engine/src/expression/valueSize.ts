import type { EvaluationLimits } from './limits';

/** What measuring needs: the size limits and the memo of the evaluation in progress. */
export interface Measuring {
  readonly limits: Pick<EvaluationLimits, 'maxStringLength' | 'maxListLength' | 'maxValueDepth'>;
  sizes: WeakMap<object, number> | undefined;
}

/**
 * A value broke a size limit (`reason` says which) or grew past `ceiling` while being measured
 * (no reason: the budget).
 */
export class ValueTooLarge extends Error {
  override readonly name = 'ValueTooLarge';
  constructor(readonly reason?: string) {
    super(reason ?? 'The value is larger than the budget allows');
  }
}

// Objects smaller than this are measured again rather than memoised (a WeakMap entry costs more).
const MEMO_FROM = 16;
const SLOT = 16;
// A map entry: a property of a plain object (V8 walks large ones key by key, ~100 ns each).
const ENTRY = 48;

/**
 * The approximate size in bytes of a CEL value: its characters (UTF-16 code units), 8 per
 * number, and 16 more per list item, 48 per map entry (what holding it takes in memory, and
 * what walking it costs: a container is as costly to walk as the items it holds, however small). Throws ValueTooLarge past the limits, or as soon as the size passes `ceiling`, so a huge
 * value costs no more to measure than the budget it is charged against. Values are immutable
 * while an expression runs (a comprehension's accumulator is never measured while it grows), so
 * sizes are memoised per object for the evaluation.
 */
export function sizeOf(m: Measuring, value: object, ceiling: number): number {
  return measure(m, value, 0, ceiling);
}

function measure(m: Measuring, value: unknown, depth: number, ceiling: number): number {
  switch (typeof value) {
    case 'string':
      if (value.length > m.limits.maxStringLength)
        throw new ValueTooLarge(
          `The expression reached a string of ${value.length} characters; the limit is ${m.limits.maxStringLength}`,
        );
      return value.length + 2;
    case 'boolean':
      return 5;
    case 'object':
      break;
    default:
      return 8;
  }
  if (value === null) return 4;
  if (depth >= m.limits.maxValueDepth)
    throw new ValueTooLarge(
      `The expression reached a value nested deeper than ${m.limits.maxValueDepth} levels`,
    );
  const known = m.sizes?.get(value);
  if (known !== undefined) {
    if (known > ceiling) throw new ValueTooLarge();
    return known;
  }
  let size: number;
  let count = 0;
  if (Array.isArray(value)) {
    count = value.length;
    if (count > m.limits.maxListLength) throw tooMany(m, count);
    size = 2;
    for (let i = 0; i < count; i += 1) {
      size += SLOT + measure(m, value[i], depth + 1, ceiling);
      if (size > ceiling) throw new ValueTooLarge();
    }
  } else if (value instanceof Date) {
    size = 26;
  } else if (value instanceof Uint8Array) {
    if (value.length > m.limits.maxStringLength)
      throw new ValueTooLarge(
        `The expression reached ${value.length} bytes; the limit is ${m.limits.maxStringLength}`,
      );
    size = Math.ceil((value.length * 4) / 3) + 2;
  } else if (value instanceof Map) {
    count = value.size;
    if (count > m.limits.maxListLength) throw tooMany(m, count);
    size = 2;
    for (const [k, v] of value) {
      size += ENTRY + measure(m, k, depth + 1, ceiling) + measure(m, v, depth + 1, ceiling);
      if (size > ceiling) throw new ValueTooLarge();
    }
  } else if (isRecord(value)) {
    const keys = Object.keys(value);
    count = keys.length;
    if (count > m.limits.maxListLength) throw tooMany(m, count);
    size = 2;
    for (const key of keys) {
      size += ENTRY + key.length + measure(m, value[key], depth + 1, ceiling);
      if (size > ceiling) throw new ValueTooLarge();
    }
  } else {
    // Durations, unsigned ints, types, optionals: small fixed-size values.
    size = 16;
  }
  if (count >= MEMO_FROM) (m.sizes ??= new WeakMap()).set(value, size);
  return size;
}

function isRecord(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function tooMany(m: Measuring, count: number): ValueTooLarge {
  return new ValueTooLarge(
    `The expression reached a list or map of ${count} items; the limit is ${m.limits.maxListLength}`,
  );
}
