import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/** Approval settings that cannot work: missing `approved`, unknown outcomes, impossible quorum. */
export const approvals: Rule = ({ definition }) => {
  const issues: ValidationIssue[] = [];
  definition.nodes.forEach((node, index) => {
    if (node.kind !== 'approval') return;
    const where = (...rest: (string | number)[]) => ({ nodeId: node.id, path: ['nodes', index, ...rest] });
    const outcomes = new Set(node.outcomes.map((o) => o.id));
    if (node.policy.type !== 'any' && !outcomes.has('approved')) {
      issues.push(
        issue(
          'APPROVAL_MISSING_APPROVED',
          `"${node.name}" counts approvals (${node.policy.type}), so it needs an "approved" outcome`,
          where('outcomes'),
        ),
      );
    }
    if (node.due?.onTimeout.type === 'outcome' && !outcomes.has(node.due.onTimeout.outcome)) {
      issues.push(
        issue(
          'APPROVAL_UNKNOWN_OUTCOME',
          `"${node.name}" settles overdue requests as "${node.due.onTimeout.outcome}", which is not one of its outcomes`,
          where('due', 'onTimeout', 'outcome'),
        ),
      );
    }
    node.requireCommentOn.forEach((id, i) => {
      if (!outcomes.has(id) && !(id === 'rejected' && node.requireCommentOn.length === 1)) {
        issues.push(
          issue(
            'APPROVAL_UNKNOWN_OUTCOME',
            `"${node.name}" requires a comment on "${id}", which is not one of its outcomes`,
            where('requireCommentOn', i),
            'warning',
          ),
        );
      }
    });
    const fixed = node.assignees.every((a) => a.type !== 'expression');
    if (node.policy.type === 'quorum' && fixed && node.policy.count > node.assignees.length) {
      issues.push(
        issue(
          'QUORUM_TOO_LARGE',
          `"${node.name}" needs ${node.policy.count} approvals but has only ${node.assignees.length} approvers`,
          where('policy', 'count'),
        ),
      );
    }
    if (!node.due) {
      issues.push(
        issue(
          'APPROVAL_WITHOUT_DUE',
          `"${node.name}" has no due date: a request could wait for ever`,
          where('due'),
          'warning',
        ),
      );
    }
  });
  return issues;
};
