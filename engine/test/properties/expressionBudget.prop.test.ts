import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateExpression } from '../../src/expression/evaluate';
import { EVALUATION_LIMITS, evaluationLimits, type EvaluationLimits } from '../../src/expression/limits';
import { parseExpression } from '../../src/expression/parse';
import { SCOPES } from '../../src/expression/scope';
import { adversarialExpression, adversarialInput } from '../../src/testing';

/** The most one node can add past the limit: a string at the cap, or an absorbed error. */
const oneNode = (limits: EvaluationLimits) => Math.max(Math.ceil((limits.maxStringLength + 2) / 16), 500) + 4;

function evaluateCounted(source: string, input: Record<string, unknown>, limits: EvaluationLimits) {
  const parsed = parseExpression(source, SCOPES.step);
  // Too many or too deeply nested macros, or too deep: refused at publish, never evaluated.
  fc.pre(parsed.ok);
  if (!parsed.ok) throw new Error('unreachable');
  const budget = { limit: Infinity, used: 0 };
  const result = evaluateExpression(
    parsed.value,
    { input, vars: {}, nodes: {}, now: new Date(0) },
    { limits, budget },
  );
  return { result, operations: budget.used };
}

function assertBounded(source: string, input: Record<string, unknown>, limits: EvaluationLimits): void {
  const { result, operations } = evaluateCounted(source, input, limits);
  if (!result.ok)
    expect(result.error.code, `${source}: ${result.error.message}`).toBe('EXPRESSION_BUDGET_EXCEEDED');
  expect(operations, source).toBeLessThanOrEqual(limits.maxOperations + oneNode(limits));
  if (result.ok) expect(operations, source).toBeLessThanOrEqual(limits.maxOperations);
}

describe('expression budget (property)', () => {
  it('every adversarial expression over every input evaluates or stops within its budget (small limits)', () => {
    const limits = evaluationLimits({
      maxOperations: 20_000,
      maxStringLength: 50_000,
      maxListLength: 5_000,
      maxResultBytes: 100_000,
    });
    fc.assert(
      fc.property(adversarialExpression(3), adversarialInput(20_000), (source, input) =>
        assertBounded(source, input, limits),
      ),
      { numRuns: 300 },
    );
  });

  it('and within the default limits', () => {
    fc.assert(
      fc.property(adversarialExpression(3), adversarialInput(40_000), (source, input) =>
        assertBounded(source, input, EVALUATION_LIMITS),
      ),
      { numRuns: 25 },
    );
  });
});
