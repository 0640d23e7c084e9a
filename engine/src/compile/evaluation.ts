import { createExpressionBudget, evaluateExpression, type ExpressionBudget } from '../expression/evaluate';
import type { ExpressionIssue } from '../expression/issue';
import { err, ok, type Result } from '../result';
import type { MachineContext } from './context';
import { pathKey, type CompileModel } from './model';

export interface EvaluationFailure {
  readonly code: string;
  readonly message: string;
}

/** The names every step expression sees, built from the instance context. */
export function scopeData(
  context: MachineContext,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    input: context.input,
    vars: context.vars,
    nodes: context.nodes,
    now: new Date(context.now),
    ...extra,
  };
}

/**
 * What the expressions of the step in progress share: one budget of operations, and the results
 * already computed (XState checks a decision's guards one by one, each evaluating the conditions
 * before it; the same expression over the same data is evaluated, and charged, once).
 */
interface Step {
  budget: ExpressionBudget | undefined;
  readonly results: Map<string, { data: Record<string, unknown>; result: Result<unknown, ExpressionIssue> }>;
}

let step: Step | undefined;

/**
 * Runs `fn` (one engine step: startInstance or applyEvent) so that every expression it
 * evaluates draws on one budget, `budget` when given (e.g. what a request's trigger mappings
 * left), else one of `limits.maxStepOperations`, and says how many operations they used. Steps are synchronous, so the step in progress is a module variable; the engine stays a
 * pure function of (state, event).
 */
export function withinStep<T>(
  fn: () => T,
  budget?: ExpressionBudget,
): { readonly value: T; readonly operations: number } {
  const previous = step;
  const current: Step = { budget, results: new Map() };
  const before = budget?.used ?? 0;
  step = current;
  try {
    const value = fn();
    return { value, operations: (current.budget?.used ?? 0) - before };
  } finally {
    step = previous;
  }
}

export function evaluateAt(
  model: CompileModel,
  path: readonly (string | number)[],
  data: Record<string, unknown>,
): Result<unknown, EvaluationFailure> {
  const result = evaluateInStep(model, path, data);
  if (result.ok) return result;
  return err({ code: result.error.code, message: `${path.slice(2).join('.')}: ${result.error.message}` });
}

function evaluateInStep(
  model: CompileModel,
  path: readonly (string | number)[],
  data: Record<string, unknown>,
): Result<unknown, ExpressionIssue> {
  const expression = model.expression(path);
  if (!step) return evaluateExpression(expression, data, { limits: model.limits });
  const key = pathKey(path);
  const known = step.results.get(key);
  if (known && sameData(known.data, data)) return known.result;
  step.budget ??= createExpressionBudget(model.limits);
  const result = evaluateExpression(expression, data, { limits: model.limits, budget: step.budget });
  step.results.set(key, { data, result });
  return result;
}

/** Same names with the same values (the instance's data is never changed in place). */
function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (!(x instanceof Date && y instanceof Date && x.getTime() === y.getTime())) return false;
  }
  return true;
}

/** Evaluates every entry of a mapping; the first failure wins. */
export function evaluateMapping(
  model: CompileModel,
  base: readonly (string | number)[],
  mapping: Readonly<Record<string, string>>,
  data: Record<string, unknown>,
): Result<Record<string, unknown>, EvaluationFailure> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(mapping)) {
    const value = evaluateAt(model, [...base, key], data);
    if (!value.ok) return value;
    out[key] = value.value;
  }
  return ok(out);
}
