// Prints how long validation and compilation take on generated definitions (no pass/fail:
// figures go into notes; tests check behaviour, never wall-clock time).
import { compile } from '../src/compile';
import { applyEvent, startInstance } from '../src/compile/step';
import { parseDefinition, validate } from '../src/validate';
import { happyResponder, testCatalog } from '../src/testing';
import { expressionBench } from './expressionBench';
import { generateDefinition } from './generateDefinition';

function measure(runs: number, fn: () => void): { median: number; p95: number } {
  for (let i = 0; i < 5; i += 1) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, p95: times[Math.floor(times.length * 0.95)]! };
}

function parsed(size: number) {
  const result = parseDefinition(generateDefinition(size));
  if (!result.ok) throw new Error(JSON.stringify(result.error.slice(0, 3)));
  return result.value;
}

const rows: { case: string; nodes: number; 'median ms': string; 'p95 ms': string; goal: string }[] = [];
const row = (name: string, nodes: number, m: { median: number; p95: number }, goal: string) =>
  rows.push({ case: name, nodes, 'median ms': m.median.toFixed(2), 'p95 ms': m.p95.toFixed(2), goal });

const big = parsed(500);
const errors = validate(big, testCatalog).filter((i) => i.severity === 'error');
if (errors.length > 0)
  throw new Error(`generated definition is invalid: ${JSON.stringify(errors.slice(0, 3))}`);
row(
  'validate + compile',
  big.nodes.length,
  measure(40, () => compile(big, testCatalog)),
  '≤ 20 ms',
);
const generateDefinitionCache = generateDefinition(200);
const mid = parsed(200);
row(
  'validate',
  mid.nodes.length,
  measure(100, () => validate(mid, testCatalog)),
  '≤ 8 ms',
);
row(
  'parse + validate (keystroke)',
  mid.nodes.length,
  measure(100, () => {
    const doc = parseDefinition(generateDefinitionCache);
    if (doc.ok) validate(doc.value, testCatalog);
  }),
  '≤ 8 ms',
);
console.table(rows);

// Steps per second of the pure transition loop: the ceiling for the runtime's executor.
const machineResult = compile(mid, testCatalog);
if (machineResult.ok) {
  const machine = machineResult.value;
  let steps = 0;
  const start = performance.now();
  let instances = 0;
  while (performance.now() - start < 2_000) {
    let state = startInstance(machine, { input: { n: 50 }, at: 0 });
    const pending = [...state.commands];
    let at = 0;
    while (pending.length > 0 && state.state.status !== 'done') {
      const event = happyResponder.respond(pending.shift()!, (at += 1000));
      if (!event) continue;
      state = applyEvent(machine, state.state, event);
      pending.push(...state.commands);
      steps += 1;
    }
    instances += 1;
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `pure transition loop on the ${mid.nodes.length}-node definition: ${(steps / seconds).toFixed(0)} events/s, ${(instances / seconds).toFixed(1)} instances/s`,
  );
}

// The worst expression cost per request under the default limits (see expressionBench.ts).
expressionBench();
