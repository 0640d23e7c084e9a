import { z } from 'zod';

const DIGITS = /^\d+$/;

/** A value as the operator wrote it, for a refusal: strings quoted, so an empty or spaced one shows. */
const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/**
 * A whole-number setting (an environment variable, or a key of the config file or a JSON
 * variable): plain decimal digits, or a JSON integer. `z.coerce.number()` took `0x10` as 16,
 * `1e3` as 1000, ` 16` as 16 and an empty string as 0, so a typo started a differently tuned
 * runtime instead of naming itself. No setting is fractional, so there is no decimal variant.
 */
export function wholeSetting(options: {
  readonly min: number;
  readonly max?: number;
  /** What it counts, for the message: "milliseconds". */
  readonly unit?: string;
  readonly example: number;
}) {
  const { min, max, unit, example } = options;
  const range = max === undefined ? `of ${min} or more` : `from ${min} to ${max}`;
  const takes = `it takes a whole number${unit ? ` of ${unit}` : ''} ${range}, in decimal digits (such as ${example})`;
  return z.union([z.number(), z.string()]).transform((value, ctx) => {
    const number = typeof value === 'number' ? value : DIGITS.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number < min || (max !== undefined && number > max)) {
      ctx.addIssue({ code: 'custom', message: `${shown(value)} is not accepted: ${takes}` });
      return z.NEVER;
    }
    return number;
  });
}

const SWITCH: Readonly<Record<string, boolean>> = { true: true, false: false, '1': true, '0': false };

/**
 * An on/off setting: `true` or `false` (README: `FLOWLINE_MONGODB_JOURNAL` `true`), `1` or `0`
 * (`FLOWLINE_TEST_CLOCK=1`), or a JSON boolean in the file. Nothing else (`yes`, `TRUE`, ` 1`).
 */
export const switchSetting = z.union([z.boolean(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'boolean') return value;
  const on = Object.hasOwn(SWITCH, value) ? SWITCH[value] : undefined;
  if (on === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `${shown(value)} is not accepted: it takes true or false (or 1 or 0)`,
    });
    return z.NEVER;
  }
  return on;
});
