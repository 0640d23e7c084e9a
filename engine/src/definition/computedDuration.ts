import { z } from 'zod';
import { err, ok, type Result } from '../result';
import { DurationSchema, parseDuration, type Duration } from './duration';
import { ExpressionSchema } from './identifiers';

/**
 * A duration computed when its step is entered, from the run's data: service levels depend on
 * the run (acknowledge a P1 in 15 minutes, a P3 in 8 hours). The expression gives an ISO-8601
 * duration as text.
 */
export const DurationExpressionSchema = z
  .object({
    expression: ExpressionSchema.meta({
      description: 'Gives an ISO-8601 duration as text, e.g. input.priority == "P1" ? "PT15M" : "PT8H"',
    }),
  })
  .meta({ title: 'Computed duration' });

/**
 * A fixed duration (`"PT4H"`, as every definition written before could say) or one computed per
 * run (`{"expression": "…"}`). Used where a person's or an event's time runs out: due dates,
 * reminders, an event wait's timeout, a wait's length.
 */
export const DurationOrExpressionSchema = z
  .union([DurationSchema, DurationExpressionSchema], {
    error: 'Use an ISO-8601 duration such as PT4H, or {"expression": "…"} to compute one per run',
  })
  .meta({
    title: 'Duration or expression',
    description: 'A fixed ISO-8601 duration (PT15M, PT4H, P2D) or an expression giving one per run',
  });

export type DurationExpression = z.infer<typeof DurationExpressionSchema>;
export type DurationOrExpression = z.infer<typeof DurationOrExpressionSchema>;

export const isDurationExpression = (value: Duration | DurationExpression): value is DurationExpression =>
  typeof value === 'object';

/**
 * The longest duration a step may wait, fixed or computed: a year, leap day included. A service
 * level or a wait longer than that is a mistake (a unit mixed up), and a timer years away would
 * outlive the workflow's version. Zero is refused too: a due date already past, reminders with no
 * interval. Only durationFields (durationFields.ts) are bounded; a task's timeouts are not.
 */
export const MAX_COMPUTED_DURATION = 'P366D';
export const MAX_COMPUTED_DURATION_MS = 366 * 86_400_000;

/**
 * The milliseconds of a value an expression gave for a duration, or why it is not one: text in
 * ISO-8601 form, more than zero and at most MAX_COMPUTED_DURATION. `field` names it (`due.after`).
 */
export function computedDurationMs(field: string, value: unknown): Result<number, string> {
  if (typeof value !== 'string')
    return err(`${field} must give an ISO-8601 duration as text, such as "PT4H", not ${shown(value)}`);
  const ms = parseDuration(value);
  if (ms === undefined)
    return err(
      `${field} gave "${value}", which is not a duration: use ISO-8601 such as PT15M, PT4H, P2D or P1W (no years or months)`,
    );
  if (ms <= 0) return err(`${field} gave "${value}": a computed duration must be longer than zero`);
  if (ms > MAX_COMPUTED_DURATION_MS)
    return err(
      `${field} gave "${value}", longer than the longest computed duration (${MAX_COMPUTED_DURATION}, 366 days)`,
    );
  return ok(ms);
}

/**
 * Why a fixed duration written for `field` (`due.after`) cannot be used, or undefined when it
 * can: the same bounds a computed one has at run time, checked at publish instead.
 */
export function fixedDurationProblem(field: string, value: Duration): string | undefined {
  const ms = parseDuration(value);
  if (ms === undefined) return undefined; // the schema already refused it
  if (ms <= 0) return `${field} is "${value}": it must be longer than zero`;
  if (ms > MAX_COMPUTED_DURATION_MS)
    return `${field} is "${value}", longer than the longest duration a step may wait (${MAX_COMPUTED_DURATION}, 366 days)`;
  return undefined;
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value); // a bigint
  }
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
