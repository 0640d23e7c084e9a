import { err, ok, type Result } from '../result';
import type { ExpressionIssue } from './issue';
import { EXPRESSION_LIMITS } from './limits';
import type { ParsedExpression } from './parse';
import { describeCelError } from './parse';
import { toPlainData } from './plainData';

/**
 * Evaluates a checked expression over plain data and returns plain JSON data. Never throws: a
 * failure (missing key, bad operand, budget exceeded) is an issue for the step that asked.
 */
export function evaluateExpression(
  expression: ParsedExpression,
  data: Record<string, unknown>,
): Result<unknown, ExpressionIssue> {
  if (expression.macroNesting > 0) {
    const longest = longestList(data, 0);
    const cost = (longest + 1) ** expression.macroNesting * expression.astNodes;
    if (cost > EXPRESSION_LIMITS.maxEvaluationCost) {
      return err({
        code: 'EXPRESSION_BUDGET_EXCEEDED',
        message: `Iterating lists of up to ${longest} items here could take about ${cost.toExponential(1)} steps; the budget is ${EXPRESSION_LIMITS.maxEvaluationCost.toExponential(0)}`,
      });
    }
  }
  try {
    return ok(toPlainData(expression.run(data)));
  } catch (error) {
    // RangeError: a string or list grew past what the VM allows: budget, not a crash.
    if (error instanceof RangeError) {
      return err({
        code: 'EXPRESSION_BUDGET_EXCEEDED',
        message: 'The expression built a value too large to hold',
      });
    }
    return err(describeCelError(error, 'EXPRESSION_FAILED'));
  }
}

const MAX_SCAN_DEPTH = 16;

/** The length of the longest list anywhere in the data (bounded scan depth). */
function longestList(value: unknown, depth: number): number {
  if (depth > MAX_SCAN_DEPTH || value === null || typeof value !== 'object') return 0;
  // Macros iterate map keys as well as list items.
  const children = Array.isArray(value) ? value : Object.values(value);
  let longest = children.length;
  for (const child of children) {
    if (child !== null && typeof child === 'object')
      longest = Math.max(longest, longestList(child, depth + 1));
  }
  return longest;
}
