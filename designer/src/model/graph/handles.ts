import { handlesOf, type WorkflowNode } from '@flowline/engine';
import type { HandleInfo } from './flowTypes';

const PLAIN: Readonly<Record<string, string>> = {
  out: '',
  error: 'On error',
  timeout: 'Timed out',
  default: 'Otherwise',
  cancelled: 'Cancelled',
};

/** A node's exits as the canvas draws them: the engine's handlesOf, with labels. */
export function handleList(node: WorkflowNode): HandleInfo[] {
  const { required, optional } = handlesOf(node);
  const label = (id: string): string => {
    if (node.kind === 'approval' || node.kind === 'manualTask') {
      const outcome = node.outcomes.find((o) => o.id === id);
      if (outcome) return outcome.label;
    }
    if (node.kind === 'decision') {
      const condition = node.conditions.find((c) => c.id === id);
      if (condition) return condition.label ?? condition.id;
    }
    if (node.kind === 'parallel' && id === 'out') return 'Branches';
    return PLAIN[id] ?? id;
  };
  return [
    ...required.map((id) => ({ id, label: label(id), required: true })),
    ...optional.map((id) => ({ id, label: label(id), required: false })),
  ];
}
