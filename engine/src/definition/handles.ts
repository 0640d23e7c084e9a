import { CANCELLED_HANDLE } from './nodes/cancelOn';
import type { WorkflowNode } from './types';

/**
 * The exits of a node, as edge `sourceHandle`s. `required` exits must each have an edge;
 * `optional` ones may. A parallel split is the only node whose one handle takes many edges.
 */
export interface NodeHandles {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  readonly many: boolean;
}

export function handlesOf(node: WorkflowNode): NodeHandles {
  const own = ownHandles(node);
  // A waiting node with a boundary-style cancel has one more exit, taken when it is cancelled.
  if ('cancelOn' in node && node.cancelOn !== undefined)
    return { ...own, required: [...own.required, CANCELLED_HANDLE] };
  return own;
}

function ownHandles(node: WorkflowNode): NodeHandles {
  switch (node.kind) {
    case 'trigger':
    case 'transform':
    case 'join':
      return { required: ['out'], optional: [], many: false };
    case 'task':
    case 'subworkflow':
    case 'forEach':
      return { required: ['out'], optional: ['error'], many: false };
    case 'approval': {
      const timeout = node.due?.onTimeout.type === 'escalate' ? ['timeout'] : [];
      return { required: [...node.outcomes.map((o) => o.id), ...timeout], optional: [], many: false };
    }
    case 'manualTask': {
      const timeout = node.due ? ['timeout'] : [];
      return { required: [...node.outcomes.map((o) => o.id), ...timeout], optional: [], many: false };
    }
    case 'decision':
      return { required: [...node.conditions.map((c) => c.id), 'default'], optional: [], many: false };
    case 'parallel':
      return { required: ['out'], optional: [], many: true };
    case 'wait': {
      const timeout = node.wait.type === 'event' && node.wait.timeout ? ['timeout'] : [];
      return { required: ['out', ...timeout], optional: [], many: false };
    }
    case 'end':
      return { required: [], optional: [], many: false };
  }
}
