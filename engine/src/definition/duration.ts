import { z } from 'zod';

// Calendar units (years, months) are refused: their length depends on the date, and a timer must
// mean the same thing on every replica. Weeks, days and clock units are exact.
const DURATION_PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

/** An ISO-8601 duration such as `PT30S`, `PT4H`, `P2D` or `P1W`; no years or months. */
export const DurationSchema = z
  .string()
  .refine((value) => parseDuration(value) !== undefined, {
    message: 'Use an ISO-8601 duration such as PT30S, PT4H, P2D or P1W (years and months are not allowed)',
  })
  .meta({
    title: 'Duration',
    description: 'ISO-8601 duration: PT30S, PT15M, PT4H, P2D, P1W',
    examples: ['PT4H'],
  });

export type Duration = z.infer<typeof DurationSchema>;

/** Milliseconds in an ISO-8601 duration, or undefined when it is not one we accept. */
export function parseDuration(value: string): number | undefined {
  const match = DURATION_PATTERN.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return undefined;
  const [, weeks, days, hours, minutes, seconds] = match;
  const ms =
    Number(weeks ?? 0) * 604_800_000 +
    Number(days ?? 0) * 86_400_000 +
    Number(hours ?? 0) * 3_600_000 +
    Number(minutes ?? 0) * 60_000 +
    Math.round(Number(seconds ?? 0) * 1000);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Milliseconds of a duration already accepted by DurationSchema. */
export function toMilliseconds(value: Duration): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new Error(`invariant: ${value} was not validated as a duration`);
  return ms;
}
