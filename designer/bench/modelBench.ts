/**
 * The designer model's figures, in Node: validation per edit of a generated 200-node workflow
 * (what the validation worker does on each edit), auto-layout of 200 nodes with elkjs, and
 * toFlow of 1,000 nodes. Run with `pnpm --filter @flowline/designer bench` (or `pnpm bench`).
 */
import { generatedWorkflow as generated, testCatalog } from '@flowline/engine/testing';
import { createEditorStore } from '../src/model/document/store';
import { toFlow } from '../src/model/graph/toFlow';
import { autoLayout } from '../src/model/layout/autoLayout';
import { createLayoutHandler, loadBundledElk } from '../src/model/layout/layoutWorker';
import { createValidationHandler } from '../src/model/validation/validationWorker';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main() {
  const rows: [string, string, string][] = [];

  // Validation per edit: an edit through the store, then the worker's handler on the new definition.
  const definition = generated(200);
  const store = createEditorStore(definition);
  const validateInWorker = createValidationHandler();
  validateInWorker({ id: 0, definition, catalog: testCatalog });
  const decisions = definition.nodes.filter((n) => n.kind === 'decision').map((n) => n.id);
  const times: number[] = [];
  for (let i = 0; i < 60; i += 1) {
    const { dispatch } = store.getState();
    if (i % 3 === 0)
      dispatch('move', {
        positions: { [definition.nodes[i % definition.nodes.length]!.id]: { x: i, y: i } },
      });
    else if (i % 3 === 1)
      dispatch('setField', {
        nodeId: decisions[i % decisions.length]!,
        path: ['conditions', 0, 'when'],
        value: `input.n > ${i}`,
      });
    else dispatch('rename', { nodeId: definition.nodes[i % definition.nodes.length]!.id, name: `Step ${i}` });
    const started = performance.now();
    const answer = validateInWorker({ id: i + 1, definition: store.getState().doc.definition });
    times.push(performance.now() - started);
    if (answer.problems.some((p) => p.severity === 'error'))
      throw new Error('the generated workflow should stay valid');
  }
  rows.push([
    `validation per edit, ${definition.nodes.length} nodes (median of ${times.length})`,
    ms(median(times)),
    'goal ≤ 16 ms (one frame), in the worker',
  ]);

  // Auto-layout of 200 nodes, as the layout worker does it: ELK's bundled build, cold (the
  // worker's first layout), after the worker's warm-up (what the canvas asks when idle), warm.
  const coldHandler = createLayoutHandler(loadBundledElk);
  const coldStart = performance.now();
  await coldHandler({ id: 1, definition });
  rows.push([
    `auto-layout, ${definition.nodes.length} nodes (cold worker)`,
    ms(performance.now() - coldStart),
    'goal ≤ 500 ms',
  ]);
  const warmedHandler = createLayoutHandler(loadBundledElk);
  const warmUpStart = performance.now();
  await warmedHandler({ id: 1, warmUp: true });
  const warmUp = performance.now() - warmUpStart;
  const afterWarmUp = performance.now();
  await warmedHandler({ id: 2, definition });
  rows.push([
    `auto-layout, ${definition.nodes.length} nodes (first after warm-up)`,
    ms(performance.now() - afterWarmUp),
    `goal ≤ 500 ms; the warm-up took ${ms(warmUp)} in the worker`,
  ]);
  const elk = await loadBundledElk();
  await autoLayout(elk, definition);
  const warm: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    await autoLayout(elk, definition);
    warm.push(performance.now() - started);
  }
  rows.push([
    `auto-layout, ${definition.nodes.length} nodes (median of 5 later runs)`,
    ms(median(warm)),
    'goal ≤ 500 ms',
  ]);

  // Definition → xyflow nodes and edges for the 1,000-node workflow the canvas benchmark opens.
  const big = generated(1000);
  const flowTimes: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const started = performance.now();
    toFlow(big);
    flowTimes.push(performance.now() - started);
  }
  rows.push([
    `toFlow, ${big.nodes.length} nodes (median of 20)`,
    ms(median(flowTimes)),
    'part of the first render',
  ]);

  const width = Math.max(...rows.map(([what]) => what.length));
  console.log('designer model (Node)');
  for (const [what, value, note] of rows)
    console.log(`  ${what.padEnd(width)}  ${value.padStart(10)}  ${note}`);
}

await main();
