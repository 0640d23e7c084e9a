import { businessKeyFromValue } from '../definition/businessKey';
import type { WorkflowDefinition } from '../definition/types';
import { evaluateExpression } from '../expression/evaluate';
import { evaluationLimits, type EvaluationLimitsOverride } from '../expression/limits';
import { parseExpression } from '../expression/parse';
import { SCOPES } from '../expression/scope';

/** A run's business key from its start input; undefined when the workflow has none or it gives none. */
export type BusinessKeyOf = (input: Readonly<Record<string, unknown>>) => string | undefined;

const none: BusinessKeyOf = () => undefined;

/**
 * Parses a (validated) definition's business key expression once, for every start of its version.
 * A failing evaluation (a field left empty, a budget exceeded) gives no key rather than failing
 * the start: the key labels a run, the run does not depend on it.
 */
export function compileBusinessKey(
  definition: WorkflowDefinition,
  options: { readonly expressionLimits?: EvaluationLimitsOverride } = {},
): BusinessKeyOf {
  if (definition.businessKey === undefined) return none;
  const parsed = parseExpression(definition.businessKey, SCOPES.businessKey);
  if (!parsed.ok) return none;
  const limits = evaluationLimits(options.expressionLimits);
  return (input) => {
    const result = evaluateExpression(parsed.value, { input }, { limits });
    return result.ok ? businessKeyFromValue(result.value) : undefined;
  };
}
