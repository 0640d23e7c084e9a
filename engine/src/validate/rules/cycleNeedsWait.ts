import { findCycle } from '../graph';
import { issue } from '../issue';
import type { Rule } from '../context';

const WAITS = new Set(['wait', 'approval', 'manualTask']);

/** A loop must pass a wait or a person's task, or it would spin without end. */
export const cycleNeedsWait: Rule = ({ graph }) => {
  const cycle = findCycle(graph, (node) => !WAITS.has(node.kind));
  if (!cycle) return [];
  const names = cycle.map((id) => `"${graph.nodes.get(id)!.name}"`).join(' → ');
  return [
    issue(
      'CYCLE_WITHOUT_WAIT',
      `The loop ${names} never waits for time, an event or a person: add a wait or an approval to it`,
      { nodeId: cycle[0]! },
    ),
  ];
};
