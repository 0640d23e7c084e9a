import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/** Manual-task settings that cannot work: a comment required on an outcome the task does not offer. */
export const manualTasks: Rule = ({ definition }) => {
  const issues: ValidationIssue[] = [];
  definition.nodes.forEach((node, index) => {
    if (node.kind !== 'manualTask') return;
    const outcomes = new Set(node.outcomes.map((o) => o.id));
    node.requireCommentOn.forEach((id, i) => {
      if (outcomes.has(id)) return;
      issues.push(
        issue(
          'MANUAL_TASK_UNKNOWN_OUTCOME',
          `"${node.name}" requires a comment on "${id}", which is not one of its outcomes`,
          { nodeId: node.id, path: ['nodes', index, 'requireCommentOn', i] },
          'warning',
        ),
      );
    });
  });
  return issues;
};
