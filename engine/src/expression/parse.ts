import type { ASTNode } from '@marcbachmann/cel-js';
import { err, ok, type Result } from '../result';
import { celEnvironment } from './celEnvironment';
import { prepareForMetering } from './costModel';
import type { ExpressionIssue } from './issue';
import { EXPRESSION_LIMITS } from './limits';
import { shapeOf, type ExpressionShape } from './references';

/** An expression that passed every static check, ready to evaluate many times. */
export interface ParsedExpression extends ExpressionShape {
  readonly source: string;
  readonly roots: readonly string[];
  /** The parse tree, for the validator's type checks. */
  readonly ast: ASTNode;
  readonly astNodes: number;
  /** The CEL type the checker inferred (`bool`, `string`, `dyn`…). */
  readonly type: string;
  readonly run: (data: Record<string, unknown>) => unknown;
}

/**
 * Parses and checks a CEL expression that may read only the names in `roots`. Never throws:
 * syntax errors, unknown names, forbidden functions and excess complexity come back as issues.
 */
export function parseExpression(
  source: string,
  roots: readonly string[],
): Result<ParsedExpression, ExpressionIssue> {
  if (source.length > EXPRESSION_LIMITS.maxSourceLength) {
    return err({
      code: 'EXPRESSION_TOO_COMPLEX',
      message: `The expression is ${source.length} characters long; the limit is ${EXPRESSION_LIMITS.maxSourceLength}`,
    });
  }
  const env = celEnvironment(roots);
  let compiled: ReturnType<typeof env.parse>;
  try {
    compiled = env.parse(source);
  } catch (error) {
    return err(describeCelError(error, 'EXPRESSION_SYNTAX'));
  }
  const shape = shapeOf(compiled.ast);
  const forbidden = shape.forbiddenCalls[0];
  if (forbidden) {
    return err({
      code: 'EXPRESSION_FORBIDDEN_FUNCTION',
      message: `${forbidden.name}() is not allowed: its regular expressions can run for seconds on short inputs`,
      range: forbidden.range,
    });
  }
  if (
    shape.macroCount > EXPRESSION_LIMITS.maxMacros ||
    shape.macroNesting > EXPRESSION_LIMITS.maxMacroNesting
  ) {
    return err({
      code: 'EXPRESSION_TOO_COMPLEX',
      message: `Use at most ${EXPRESSION_LIMITS.maxMacros} of map/filter/all/exists/bind, nested at most ${EXPRESSION_LIMITS.maxMacroNesting} deep`,
    });
  }
  const unknown = shape.references.find((r) => !roots.includes(r.root));
  if (unknown) {
    return err({
      code: 'EXPRESSION_UNKNOWN_NAME',
      message: `Unknown name '${unknown.root}'; this expression can use ${roots.join(', ')}`,
      range: unknown.range,
    });
  }
  const checked = compiled.check();
  if (!checked.valid) return err(withTypeAdvice(describeCelError(checked.error, 'EXPRESSION_TYPE')));
  prepareForMetering(compiled.ast);
  return ok({
    ...shape,
    source,
    roots,
    ast: compiled.ast,
    astNodes: countNodes(compiled.ast),
    type: checked.type ?? 'dyn',
    run: (data) => compiled(data),
  });
}

/** The first line of a CEL error (the rest is a source excerpt for terminals) plus its range. */
export function describeCelError(error: unknown, code: ExpressionIssue['code']): ExpressionIssue {
  if (error instanceof Error) {
    const withRange = error as Error & { range?: { start: number; end: number } };
    const message = (error.message.split('\n')[0] ?? '').trim() || 'The expression is not valid';
    return withRange.range ? { code, message, range: withRange.range } : { code, message };
  }
  return { code, message: 'The expression is not valid' };
}

const TERNARY_MISMATCH = /^Ternary branches must have the same type, got '([^']+)' and '([^']+)'$/;

/**
 * CEL wants both branches of `?:` to have one type, which a process owner writing
 * `done ? minutes : null` does not expect: the message says how to write what was meant.
 */
function withTypeAdvice(issue: ExpressionIssue): ExpressionIssue {
  const mismatch = TERNARY_MISMATCH.exec(issue.message);
  if (!mismatch) return issue;
  const kinds = [mismatch[1], mismatch[2]];
  const advice = kinds.includes('null')
    ? 'write dyn(null) for the empty one, e.g. done ? minutes : dyn(null)'
    : kinds.includes('int') && kinds.includes('double')
      ? 'write the whole number as a decimal, e.g. 1.0 instead of 1'
      : 'wrap one in dyn(…) if both are meant';
  return {
    ...issue,
    message: `Both branches of ?: must give the same type, here ${kinds[0]} and ${kinds[1]}: ${advice}`,
  };
}

function countNodes(node: ASTNode): number {
  let count = 1;
  const args: unknown = node.args;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object' && 'op' in value) count += countNodes(value as ASTNode);
  };
  visit(args);
  return count;
}
