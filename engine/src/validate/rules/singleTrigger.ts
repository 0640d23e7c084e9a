import { triggerIncomingMessage } from '../connect';
import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/** Exactly one trigger, and nothing leads back into it. */
export const singleTrigger: Rule = ({ definition, graph, nodePath }) => {
  const triggers = definition.nodes.filter((n) => n.kind === 'trigger');
  if (triggers.length === 0) {
    return [
      issue('MISSING_TRIGGER', 'Add a trigger: it says how an instance of this workflow starts', {
        path: ['nodes'],
      }),
    ];
  }
  const issues: ValidationIssue[] = [];
  for (const extra of triggers.slice(1)) {
    issues.push(
      issue(
        'MULTIPLE_TRIGGERS',
        `A workflow has exactly one trigger; remove "${extra.name}" or make it a separate workflow`,
        { nodeId: extra.id, path: nodePath(extra.id) },
      ),
    );
  }
  for (const trigger of triggers) {
    for (const edge of graph.incoming.get(trigger.id) ?? []) {
      issues.push(
        issue('TRIGGER_HAS_INCOMING', triggerIncomingMessage(trigger), {
          nodeId: trigger.id,
          edgeId: edge.id,
        }),
      );
    }
  }
  return issues;
};
