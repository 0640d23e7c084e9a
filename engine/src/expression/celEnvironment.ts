import { Environment } from '@marcbachmann/cel-js';
import { EVALUATION_LIMITS, EXPRESSION_LIMITS } from './limits';
import { meteredRun, openMeter, withMeter } from './meter';

const cache = new Map<string, Environment>();

/**
 * A CEL environment whose only names are `roots` (all dynamically typed). Environments are
 * costly to build, so one is kept per set of roots.
 *
 * JSON numbers arrive as CEL doubles while literals like `1` are ints; the mixed overloads let
 * `input.amount + 1` work the way a process owner expects instead of failing at run time. They
 * give a double either way round (the library would type `1 + 2.5` as its left side, an int).
 *
 * Every evaluation in these environments is metered (meter.ts).
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
    registerTimeConversions(env);
    meterEvaluations(env);
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
    env.registerOperator(`double ${op} int: double`, (a: unknown, b: unknown) =>
      fn(toNumber(a), toNumber(b)),
    );
    env.registerOperator(`int ${op} double: double`, (a: unknown, b: unknown) =>
      fn(toNumber(a), toNumber(b)),
    );
  }
}

/**
 * CEL's standard conversions of times that the library lacks: `string(now)` gives RFC 3339 text
 * (what a form's date-time field and `timestamp()` read back), `string(d)` of a duration its
 * seconds (`"5400s"`, as CEL writes durations) and `int(now)` the Unix seconds, so an output can
 * carry a time or an age without a connector.
 */
function registerTimeConversions(env: Environment): void {
  const TS = 'google.protobuf.Timestamp';
  const DUR = 'google.protobuf.Duration';
  env.registerFunction(`string(${TS}): string`, (t: Date) => t.toISOString());
  env.registerFunction(`int(${TS}): int`, (t: Date) => BigInt(Math.floor(t.getTime() / 1000)));
  env.registerFunction(`string(${DUR}): string`, (d: { seconds: bigint; nanos: number }) =>
    d.nanos === 0 ? `${d.seconds}s` : `${(Number(d.seconds) + d.nanos / 1e9).toString()}s`,
  );
}

/**
 * Puts the meter on the environment's evaluator: the library passes its evaluator to every node's
 * `evaluate`, so a probe expression whose root node is ours receives it, and its `run` (through
 * which every child node is evaluated) is replaced on that one instance. Checked at once: a
 * library change that bypassed `run` would otherwise silently unbound every expression.
 */
function meterEvaluations(env: Environment): void {
  const probe = env.parse('true');
  let evaluator: { run?: unknown } | undefined;
  (probe.ast as unknown as { evaluate: (ev: { run?: unknown }) => boolean }).evaluate = (ev) => {
    evaluator = ev;
    return true;
  };
  probe({});
  if (typeof evaluator?.run !== 'function') throw new Error('cel-js: no evaluator to meter');
  evaluator.run = meteredRun;
  const meter = openMeter(EVALUATION_LIMITS, EVALUATION_LIMITS.maxOperations, false);
  withMeter(meter, () => env.evaluate('[1, 2, 3, 4].all(x, x > 0)'));
  if (meter.ops < 4 * 3) throw new Error('cel-js: the expression meter does not see macro steps');
}
