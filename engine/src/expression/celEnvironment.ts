import { Environment } from '@marcbachmann/cel-js';
import { EXPRESSION_LIMITS } from './limits';

const cache = new Map<string, Environment>();

/**
 * A CEL environment whose only names are `roots` (all dynamically typed). Environments are
 * costly to build, so one is kept per set of roots.
 *
 * JSON numbers arrive as CEL doubles while literals like `1` are ints; the mixed overloads let
 * `input.amount + 1` work the way a process owner expects instead of failing at run time.
 */
export function celEnvironment(roots: readonly string[]): Environment {
  const key = [...roots].sort().join(',');
  let env = cache.get(key);
  if (!env) {
    env = new Environment({
      unlistedVariablesAreDyn: false,
      homogeneousAggregateLiterals: false,
      limits: {
        maxAstNodes: EXPRESSION_LIMITS.maxAstNodes,
        maxDepth: EXPRESSION_LIMITS.maxDepth,
        maxListElements: EXPRESSION_LIMITS.maxListLiteral,
        maxMapEntries: EXPRESSION_LIMITS.maxMapLiteral,
        maxCallArguments: 16,
      },
    });
    for (const root of roots) env.registerVariable(root, 'dyn');
    registerMixedArithmetic(env);
    cache.set(key, env);
  }
  return env;
}

function registerMixedArithmetic(env: Environment): void {
  const toNumber = (v: unknown): number => Number(v);
  const ops: Record<string, (a: number, b: number) => number> = {
    '+': (a, b) => a + b,
    '-': (a, b) => a - b,
    '*': (a, b) => a * b,
    '/': (a, b) => a / b,
  };
  for (const [op, fn] of Object.entries(ops)) {
    env.registerOperator(`double ${op} int`, (a: unknown, b: unknown) => fn(toNumber(a), toNumber(b)));
    env.registerOperator(`int ${op} double`, (a: unknown, b: unknown) => fn(toNumber(a), toNumber(b)));
  }
}
