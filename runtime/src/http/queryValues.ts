import { z } from '@hono/zod-openapi';

const DIGITS = /^\d+$/;

/**
 * A whole number in a query or path parameter: plain decimal digits and nothing else. Coercing
 * with `Number()` took `0x10`, `1e3`, ` 5` and an empty value (as 0), so a typo quietly became
 * some other number.
 */
export function wholeNumber(options: {
  readonly min: number;
  /** Left out where the bound is checked later (a configured limit, with its own message). */
  readonly max?: number;
  /** What it counts, for the message: "milliseconds". */
  readonly unit?: string;
  readonly example: number;
}) {
  const { min, max, unit, example } = options;
  const expected = `Expected a whole number${unit ? ` of ${unit}` : ''}, such as ${example}`;
  const limit = max ?? Number.MAX_SAFE_INTEGER;
  const range = max === undefined ? `Must be ${min} or more` : `Must be from ${min} to ${max}`;
  return z
    .string()
    .transform((text, ctx) => {
      if (!DIGITS.test(text)) {
        ctx.addIssue({ code: 'custom', message: expected });
        return z.NEVER;
      }
      const value = Number(text);
      if (value < min || value > limit) {
        const tooLarge = max === undefined && value > limit;
        ctx.addIssue({ code: 'custom', message: tooLarge ? `Must be at most ${limit}` : range });
        return z.NEVER;
      }
      return value;
    })
    .openapi({ type: 'integer', minimum: min, ...(max !== undefined ? { maximum: max } : {}), example });
}

/** What an instant parameter accepts, said the same in the message and the document. */
export const INSTANT_FORMATS =
  'ISO 8601 (2026-11-01, or 2026-11-01T08:00:00Z with Z or an offset such as +01:00) or epoch milliseconds (1793520000000)';

// A date alone is midnight UTC; a time needs its zone, since the server's own is no one's business.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Epoch milliseconds of an ISO 8601 date or time, or undefined when it names no real moment. */
function isoMillis(text: string): number | undefined {
  if (!ISO_8601.test(text)) return undefined;
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return undefined;
  // Date.parse rolls 2026-02-30 over to March 2; a day the calendar lacks is a typo, not a date.
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? at : undefined;
}

/** A moment in a query parameter: ISO 8601 or epoch milliseconds, as epoch milliseconds. */
export function instant(description: string) {
  return z
    .string()
    .transform((text, ctx) => {
      const at = DIGITS.test(text) ? Number(text) : isoMillis(text);
      if (at === undefined || !Number.isSafeInteger(at) || at < 0) {
        ctx.addIssue({ code: 'custom', message: `Expected a time as ${INSTANT_FORMATS}` });
        return z.NEVER;
      }
      return at;
    })
    .openapi({
      // Either: a typed client may pass epoch ms as a number, or a time as a string.
      type: ['string', 'integer'],
      description: `${description}. A time as ${INSTANT_FORMATS}`,
      example: '2026-11-01T00:00:00Z',
    });
}
