// The worst expression cost per request: known costly expressions, a search over generated
// adversarial expressions × inputs, and whole steps full of costly expressions, all under the
// default limits. Prints operations (what the budget counts) and milliseconds (what a request
// waits). No pass/fail: figures go into notes; tests check behaviour, never wall-clock time.
import fc from 'fast-check';
import { compile } from '../src/compile';
import { startInstance } from '../src/compile/step';
import {
  createExpressionBudget,
  evaluateExpression,
  type ExpressionBudget,
} from '../src/expression/evaluate';
import { EVALUATION_LIMITS } from '../src/expression/limits';
import { parseExpression } from '../src/expression/parse';
import { SCOPES, type ScopeName } from '../src/expression/scope';
import { adversarialExpression, adversarialInput, aWorkflow, n, testCatalog } from '../src/testing';

interface Measured {
  readonly case: string;
  readonly outcome: string;
  readonly operations: number;
  readonly ms: number;
}

const RUNS = 5;

/** Median of a few runs (after one warm-up run): what one request waits, not the machine's noise. */
function timed(fn: () => { outcome: string; operations: number }): {
  outcome: string;
  operations: number;
  ms: number;
} {
  let last = fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    last = fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ...last, ms: times[Math.floor(RUNS / 2)]! };
}

function evaluateOnce(
  source: string,
  data: Record<string, unknown>,
  scope: ScopeName,
  budget?: ExpressionBudget,
) {
  const parsed = parseExpression(source, SCOPES[scope]);
  if (!parsed.ok) return { outcome: parsed.error.code, operations: 0 };
  const counted = budget ?? { limit: Infinity, used: 0 };
  const before = counted.used;
  const result = evaluateExpression(parsed.value, data, { limits: EVALUATION_LIMITS, budget: counted });
  return {
    outcome: result.ok ? 'ok' : result.error.code.replace('EXPRESSION_', ''),
    operations: counted.used - before,
  };
}

const csv = (item: string, bytes: number) => Array.from({ length: bytes / 2 }, () => item).join(',');
const ints = (count: number) => Array.from({ length: count }, (_, i) => i);
const step = (input: Record<string, unknown>) => ({ input, vars: {}, nodes: {}, now: new Date(0) });
const deepList = (() => {
  let input: Record<string, unknown> = { list: ints(5_000) };
  for (const key of 'qponmlkjihgfedcba') input = { [key]: input };
  return input;
})();

/** Expressions found costly (the issue's reports first), each with the input that hurts it. */
const KNOWN: readonly [string, string, Record<string, unknown>, ScopeName?][] = [
  [
    'decision: split lists of a 20 KB form input, exists/in',
    'input.a.split(",").exists(x, x in input.b.split(","))',
    step({ a: csv('a', 20_000), b: csv('b', 20_000) }),
  ],
  [
    'decision: the same with all()',
    'input.a.split(",").all(x, !(x in input.b.split(",")))',
    step({ a: csv('a', 20_000), b: csv('b', 20_000) }),
  ],
  [
    'webhook mapping: split lists of a 40 KB body',
    'body.a.split(",").exists(x, x in body.b.split(","))',
    { body: { a: csv('a', 40_000), b: csv('b', 40_000) }, headers: {}, now: new Date(0) },
    'webhookTrigger',
  ],
  ['cel.bind map, 3 KB', 'cel.bind(l, input.s.split(""), l.map(a, input.s))', step({ s: 'x'.repeat(3_000) })],
  [
    'cel.bind map, 25 KB',
    'cel.bind(l, input.s.split(""), l.map(a, input.s))',
    step({ s: 'x'.repeat(25_000) }),
  ],
  [
    'list nested 17 levels deep, quadratic',
    'cel.bind(l, input.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.list, l.all(x, !l.exists(y, x == y - 100000)))',
    step(deepList),
  ],
  [
    'lastIndexOf, naive search',
    'input.s.lastIndexOf(input.t)',
    step({ s: 'ab'.repeat(500_000), t: `${'ab'.repeat(25_000)}b` }),
  ],
  ['duration() of 4 KB of digits', 'duration(input.s)', step({ s: '1'.repeat(4_000) })],
  [
    'time-zone formatting in a loop',
    'input.l.map(x, now.getHours("Europe/Paris"))',
    step({ l: ints(5_000) }),
  ],
  ['absorbed errors in a loop', 'input.l.exists(x, x.nope == 1)', step({ l: ints(100_000) })],
  ['absorbed conversion errors', 'input.l.all(x, int("x") == 1 || true)', step({ l: ints(100_000) })],
  [
    'size() of a long string in a loop',
    'input.l.map(x, size(input.s))',
    step({ l: ints(5_000), s: 'é'.repeat(100_000) }),
  ],
  [
    'membership in a 5,000-key map in a loop',
    'input.l.map(x, x in input.m)',
    step({ l: ints(5_000).map(String), m: Object.fromEntries(ints(5_000).map((i) => [`k${i}`, i])) }),
  ],
  ['string conversions', 'input.l.map(x, string(x) + "-" + string(x * 2))', step({ l: ints(20_000) })],
  [
    'list equality in a loop',
    'input.l.map(x, input.a == input.b)',
    step({ l: ints(5_000), a: ints(5_000), b: ints(5_000) }),
  ],
  [
    'split("") in a loop',
    'input.l.map(x, input.s.split("").size())',
    step({ l: ints(5_000), s: 'abcdefghij'.repeat(5_000) }),
  ],
  [
    'join(split()) in a loop',
    'input.l.map(x, input.s.split(",").join("-")).size()',
    step({ l: ints(5_000), s: csv('a', 20_000) }),
  ],
];

function knownCases(): Measured[] {
  return KNOWN.map(([name, source, data, scope]) => ({
    case: name,
    ...timed(() => evaluateOnce(source, data, scope ?? 'step')),
  }));
}

/** Generated expressions × inputs: the slowest few of a seeded sample, measured again. */
function searchedCases(samples: number): Measured[] {
  const pairs = fc.sample(fc.tuple(adversarialExpression(3), adversarialInput(40_000)), {
    numRuns: samples,
    seed: 12,
  });
  const first = pairs.map(([source, input]) => {
    const start = performance.now();
    evaluateOnce(source, step(input), 'step');
    return { source, input, ms: performance.now() - start };
  });
  first.sort((a, b) => b.ms - a.ms);
  return first.slice(0, 5).map(({ source, input }) => ({
    case: `generated: ${source.length > 70 ? `${source.slice(0, 67)}...` : source}`,
    ...timed(() => evaluateOnce(source, step(input), 'step')),
  }));
}

/** Whole steps: many costly expressions in one decision and one transform share the step budget. */
function stepCases(): Measured[] {
  const costly = 'input.a.split(",").exists(x, x in input.b.split(","))';
  const definition = aWorkflow()
    .input({ key: 'a', label: 'A', type: 'text' }, { key: 'b', label: 'B', type: 'text' })
    .variables(...Array.from({ length: 10 }, (_, i) => `v${i}`))
    .nodes(
      n.trigger(),
      n.transform(
        'shape',
        Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`v${i}`, `${costly} || ${i} > 0`])),
      ),
      n.decision(
        'route',
        Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, when: `${costly} && ${i} < 0` })),
      ),
      n.end('done'),
    )
    .edges(
      'start -> shape',
      'shape -> route',
      ...Array.from({ length: 10 }, (_, i) => `route:c${i} -> done`),
      'route:default -> done',
    )
    .build();
  const machine = compile(definition, testCatalog);
  if (!machine.ok) throw new Error(JSON.stringify(machine.error.slice(0, 2)));
  const input = { a: csv('a', 20_000), b: csv('b', 20_000) };
  const webhook = { body: { a: csv('a', 40_000), b: csv('b', 40_000) }, headers: {}, now: new Date(0) };
  return [
    {
      case: 'start step: 10 costly transform sets + 10 costly conditions',
      ...timed(() => {
        const result = startInstance(machine.value, { input, at: 0 });
        const error = result.state.context.error;
        return {
          outcome: error ? error.code.replace('EXPRESSION_', '') : 'ok',
          operations: result.expressionOperations,
        };
      }),
    },
    {
      case: 'webhook request: 10 costly input mappings',
      ...timed(() => {
        const budget = createExpressionBudget(EVALUATION_LIMITS);
        let outcome = 'ok';
        for (let i = 0; i < 10; i += 1)
          outcome = evaluateOnce(
            `body.a.split(",").exists(x, x in body.b.split(",")) || ${i} > 0`,
            webhook,
            'webhookTrigger',
            budget,
          ).outcome;
        return { outcome, operations: budget.used };
      }),
    },
  ];
}

export function expressionBench(options: { samples?: number } = {}): void {
  const rows = [...knownCases(), ...searchedCases(options.samples ?? 300), ...stepCases()];
  console.log(
    `\nExpression cost per request, default limits: ${EVALUATION_LIMITS.maxOperations.toLocaleString('en')} operations per expression, ${EVALUATION_LIMITS.maxStepOperations.toLocaleString('en')} per step or request`,
  );
  console.table(
    rows.map((r) => ({ case: r.case, outcome: r.outcome, operations: r.operations, ms: r.ms.toFixed(1) })),
  );
  const worst = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
  console.log(
    `worst expression cost per request: ${worst.ms.toFixed(1)} ms, ${worst.operations.toLocaleString('en')} operations (${worst.case})`,
  );
}
