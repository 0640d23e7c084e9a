import { CANCELLED_HANDLE } from '../../definition/nodes/cancelOn';
import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/** A node cancelled by an event leaves by `cancelled`: no outcome of its own may take that name. */
export const cancelOn: Rule = ({ definition }) => {
  const issues: ValidationIssue[] = [];
  definition.nodes.forEach((node, index) => {
    if ((node.kind !== 'approval' && node.kind !== 'manualTask') || !node.cancelOn) return;
    const clash = node.outcomes.findIndex((o) => o.id === CANCELLED_HANDLE);
    if (clash < 0) return;
    issues.push(
      issue(
        'CANCEL_ON_OUTCOME_CLASH',
        `"${node.name}" has an outcome "${CANCELLED_HANDLE}" and is cancelled by an event, whose exit has that name: rename the outcome`,
        { nodeId: node.id, path: ['nodes', index, 'outcomes', clash, 'id'] },
      ),
    );
  });
  return issues;
};
