import { err, ok, type Result } from '../result';
import type { ExpressionIssue } from './issue';
import { EVALUATION_LIMITS, type EvaluationLimits } from './limits';
import { chargeValue, openMeter, withMeter, type Meter } from './meter';
import type { ParsedExpression } from './parse';
import { describeCelError } from './parse';
import { toPlainData } from './plainData';

/**
 * Operations several evaluations share: all expressions of one engine step, or the trigger
 * mappings of one request. Each evaluation may use what is left, up to its own cap.
 */
export interface ExpressionBudget {
  readonly limit: number;
  used: number;
}

export function createExpressionBudget(limits: EvaluationLimits = EVALUATION_LIMITS): ExpressionBudget {
  return { limit: limits.maxStepOperations, used: 0 };
}

export interface EvaluateOptions {
  /** Defaults to EVALUATION_LIMITS. */
  readonly limits?: EvaluationLimits;
  /** Shared with the other evaluations of the same step or request; charged what this one used. */
  readonly budget?: ExpressionBudget;
}

/**
 * Evaluates a checked expression over plain data and returns plain JSON data. Never throws: a
 * failure (missing key, bad operand) or an exhausted budget (operations, sizes, result size) is
 * an issue for the step that asked. The budget is enforced while the expression runs (meter.ts),
 * so no input and no expression can make one evaluation do more than its limits allow.
 */
export function evaluateExpression(
  expression: ParsedExpression,
  data: Record<string, unknown>,
  options: EvaluateOptions = {},
): Result<unknown, ExpressionIssue> {
  const limits = options.limits ?? EVALUATION_LIMITS;
  const budget = options.budget;
  const left = budget ? budget.limit - budget.used : Infinity;
  const meter = openMeter(limits, Math.min(limits.maxOperations, left), left < limits.maxOperations);
  try {
    return withMeter(meter, () => {
      if (left <= 0) return exhausted(meter);
      let value: unknown;
      try {
        value = expression.run(data);
      } catch (error) {
        return meter.exhausted ? exhausted(meter) : failed(error);
      }
      // `||`, `&&`, all() and exists() may have absorbed the exhaustion: it still counts.
      if (meter.exhausted) return exhausted(meter);
      return resultOf(meter, value);
    });
  } finally {
    if (budget) budget.used += Math.ceil(meter.ops);
  }
}

/** Charges the result (the root node's value) and holds it to maxResultBytes before it is kept. */
function resultOf(meter: Meter, value: unknown): Result<unknown, ExpressionIssue> {
  let bytes: number;
  try {
    bytes = chargeValue(meter, value);
  } catch {
    return exhausted(meter);
  }
  if (bytes > meter.limits.maxResultBytes)
    return err({
      code: 'EXPRESSION_BUDGET_EXCEEDED',
      message: `The result would take about ${kilobytes(bytes)} KB; the limit is ${kilobytes(meter.limits.maxResultBytes)} KB`,
    });
  return ok(toPlainData(value));
}

function exhausted(meter: Meter): Result<never, ExpressionIssue> {
  const reason = meter.exhausted ?? {
    message: `The expressions of this step already used their shared budget of ${meter.limits.maxStepOperations} operations`,
  };
  return err({ code: 'EXPRESSION_BUDGET_EXCEEDED', ...reason });
}

function failed(error: unknown): Result<never, ExpressionIssue> {
  // The VM refused to grow a string or array, or to recurse further: a budget matter.
  if (
    error instanceof RangeError &&
    /Invalid (string|array|typed array) length|call stack/i.test(error.message)
  )
    return err({
      code: 'EXPRESSION_BUDGET_EXCEEDED',
      message: 'The expression built a value too large to hold',
    });
  return err(describeCelError(error, 'EXPRESSION_FAILED'));
}

const kilobytes = (bytes: number): string => (bytes / 1024).toFixed(0);
