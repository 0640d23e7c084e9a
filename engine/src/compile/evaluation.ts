import { evaluateExpression } from '../expression/evaluate';
import { err, ok, type Result } from '../result';
import type { MachineContext } from './context';
import type { CompileModel } from './model';

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

export function evaluateAt(
  model: CompileModel,
  path: readonly (string | number)[],
  data: Record<string, unknown>,
): Result<unknown, EvaluationFailure> {
  const result = evaluateExpression(model.expression(path), data);
  if (result.ok) return result;
  return err({ code: result.error.code, message: `${path.slice(2).join('.')}: ${result.error.message}` });
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
