import type { WorkflowDefinition } from './types';

/**
 * Events a run of this workflow can be reached by through a correlation key: what its event waits
 * wait for, and the cancel events that carry a key (one without a key only hears events sent to
 * the run itself).
 */
export function awaitedEvents(definition: WorkflowDefinition): string[] {
  const events = new Set<string>();
  for (const node of definition.nodes) {
    if (node.kind === 'wait' && node.wait.type === 'event') events.add(node.wait.event);
    if ('cancelOn' in node && node.cancelOn?.correlationKey !== undefined) events.add(node.cancelOn.event);
  }
  return [...events];
}
