/** A timeout written as milliseconds or as a short string such as `'30s'`, `'500ms'`, `'2m'`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h'}`;

const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const pattern = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/** Returns milliseconds, or undefined when the value is not a positive, finite duration. */
export function parseDuration(value: Duration): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  const match = pattern.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] as keyof typeof unitMs;
  const ms = Math.round(amount * unitMs[unit]);
  return ms > 0 ? ms : undefined;
}
