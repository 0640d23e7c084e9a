import { handlesOf } from '../../definition/handles';
import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/** Every node is reachable from the trigger, and every exit a node needs has an edge. */
export const exits: Rule = ({ graph, trigger, nodePath }) => {
  const issues: ValidationIssue[] = [];
  const reachable = new Set<string>();
  if (trigger) {
    const stack = [trigger.id];
    reachable.add(trigger.id);
    while (stack.length > 0) {
      for (const edge of graph.outgoing.get(stack.pop()!) ?? []) {
        if (!reachable.has(edge.target)) {
          reachable.add(edge.target);
          stack.push(edge.target);
        }
      }
    }
  }
  for (const node of graph.nodes.values()) {
    const where = { nodeId: node.id, path: nodePath(node.id) };
    if (trigger && !reachable.has(node.id)) {
      issues.push(issue('UNREACHABLE_NODE', `"${node.name}" can never be reached from the trigger`, where));
    }
    const present = new Set((graph.outgoing.get(node.id) ?? []).map((e) => e.sourceHandle));
    for (const handle of handlesOf(node).required) {
      if (present.has(handle)) continue;
      issues.push(missingExit(node.kind, node.name, handle, where));
    }
    if (node.kind === 'parallel' && (graph.outgoing.get(node.id) ?? []).length === 1) {
      issues.push(
        issue(
          'NO_WAY_OUT',
          `"${node.name}" splits into parallel branches: give it at least two outgoing edges`,
          where,
        ),
      );
    }
  }
  return issues;
};

function missingExit(
  kind: string,
  name: string,
  handle: string,
  where: { nodeId: string; path: (string | number)[] },
): ValidationIssue {
  if (handle === 'cancelled') {
    return issue(
      'CANCELLED_WITHOUT_EDGE',
      `"${name}" is cancelled by an event: connect its cancelled exit, taken when the event arrives`,
      where,
    );
  }
  if (kind === 'decision' && handle === 'default') {
    return issue(
      'DECISION_WITHOUT_DEFAULT',
      `"${name}" needs a default edge, taken when no condition holds`,
      where,
    );
  }
  if (kind === 'approval' && handle === 'timeout') {
    return issue(
      'APPROVAL_TIMEOUT_WITHOUT_EDGE',
      `"${name}" escalates when it is overdue: connect its timeout exit`,
      where,
    );
  }
  if (kind === 'approval') {
    return issue('APPROVAL_OUTCOME_WITHOUT_EDGE', `"${name}" has no edge for the outcome "${handle}"`, where);
  }
  if (kind === 'manualTask' && handle === 'timeout') {
    return issue(
      'MANUAL_TASK_TIMEOUT_WITHOUT_EDGE',
      `"${name}" has a due date: connect its timeout exit, taken when nobody completes it in time`,
      where,
    );
  }
  if (kind === 'manualTask') {
    return issue(
      'MANUAL_TASK_OUTCOME_WITHOUT_EDGE',
      `"${name}" has no edge for the outcome "${handle}"`,
      where,
    );
  }
  if (kind === 'decision') {
    return issue('NO_WAY_OUT', `"${name}" has no edge for the condition "${handle}"`, where);
  }
  if (handle === 'timeout')
    return issue('NO_WAY_OUT', `"${name}" can time out: connect its timeout exit`, where);
  return issue('NO_WAY_OUT', `"${name}" leads nowhere: connect its outgoing edge`, where);
}
