/**
 * A duration field given either way: fixed (`"PT4H"`) or computed per run (`{ expression }`).
 * Switching keeps what it can: a fixed duration becomes the expression giving it (`"PT4H"`), and
 * an expression that is just such a text becomes that fixed duration again; anything else starts
 * empty, for validation to point at.
 */
export type DurationMode = 'fixed' | 'expression';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const durationModeOf = (value: unknown): DurationMode =>
  isRecord(value) && 'expression' in value ? 'expression' : 'fixed';

/** The expression text of a computed duration ('' for a fixed one). */
export const durationExpressionOf = (value: unknown): string =>
  isRecord(value) && typeof value['expression'] === 'string' ? value['expression'] : '';

/** A CEL text literal's contents when the whole expression is one (`"PT4H"` → `PT4H`). */
function literalText(expression: string): string | undefined {
  const match = /^\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*$/.exec(expression);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** The field's value after switching to `mode`; the same value when it is that mode already. */
export function switchDurationMode(value: unknown, mode: DurationMode): unknown {
  if (durationModeOf(value) === mode) return value;
  if (mode === 'expression') {
    const text = typeof value === 'string' ? value : '';
    return { expression: text === '' ? '' : JSON.stringify(text) };
  }
  return literalText(durationExpressionOf(value)) ?? '';
}
