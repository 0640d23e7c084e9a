// Workflows for the per-step overhead figure: a chain of N no-op steps between start and end.
import type { WorkflowDefinitionInput } from '@flowline/engine';

/** The chain lengths measured: one step, and enough that the start and end weigh little. */
export const CHAIN_LENGTHS = [1, 20] as const;

export type StepKind = 'task' | 'transform';

/**
 * trigger → N no-op steps → end. A `task` step is a connector call: a job and one committed step
 * of its own each; a `transform` step runs inside the step before it (no commit of its own).
 */
export function stepChain(kind: StepKind, steps: number): WorkflowDefinitionInput {
  const ids = Array.from({ length: steps }, (_, i) => `s${i + 1}`);
  const path = ['start', ...ids, 'done'];
  return {
    id: `chain-${kind}-${steps}`,
    name: `${steps} no-op ${kind} steps`,
    variables: [{ name: 'n' }],
    nodes: [
      { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
      ...ids.map((id) =>
        kind === 'task'
          ? { id, name: id, kind: 'task' as const, action: 'bench.noop', input: {} }
          : { id, name: id, kind: 'transform' as const, set: { n: '1' } },
      ),
      { id: 'done', name: 'Done', kind: 'end' },
    ],
    edges: path.slice(1).map((target, i) => ({ id: `e${i + 1}`, source: path[i]!, target })),
  };
}

export const stepChains = CHAIN_LENGTHS.flatMap((n) => [stepChain('task', n), stepChain('transform', n)]);
