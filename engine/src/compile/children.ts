import type { WorkflowDefinition } from '../definition/types';
import type { PersistedState } from './step';

/**
 * Whether the instance still waits for the child under `childKey`: running, at the subworkflow
 * node that asked for it, and the child not refused. A runtime starts a child only while this
 * holds, and cancels one that it started after it stopped holding.
 */
export function awaitsChild(state: PersistedState, childKey: string): boolean {
  if (state.status !== 'active') return false;
  const { children, refused, forEach } = state.context;
  return (
    Object.entries(children).some(([nodeId, key]) => key === childKey && refused?.[nodeId] === undefined) ||
    // A for-each's items that run a subworkflow each wait for their own child.
    Object.values(forEach ?? {}).some((each) =>
      Object.values(each.running).some((run) => run.key === childKey),
    )
  );
}

/** How many children the instance has asked for so far (each visit of a subworkflow node asks for one). */
export function childrenAskedFor(definition: WorkflowDefinition, state: PersistedState): number {
  let count = 0;
  for (const node of definition.nodes)
    if (node.kind === 'subworkflow') count += state.context.visits[node.id] ?? 0;
    else if (node.kind === 'forEach') count += state.context.itemChildren?.[node.id] ?? 0;
  return count;
}
