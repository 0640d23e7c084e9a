import type { WorkflowDefinition } from '../definition/types';
import { issue, type ValidationIssue } from './issue';

/** Bounds a definition must keep to be published or started (the runtime's `limits`). */
export interface DefinitionLimits {
  /** Branches one parallel split may open. */
  readonly parallelBranches: number;
}

/**
 * What a definition multiplies on its own, against the limits: issues addressed to the node.
 * Kept apart from `validate` because the limits are the runtime's configuration, checked again
 * when a version published under other limits is started.
 */
export function checkDefinitionLimits(
  definition: WorkflowDefinition,
  limits: DefinitionLimits,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  definition.nodes.forEach((node, index) => {
    if (node.kind !== 'parallel') return;
    const branches = definition.edges.filter((e) => e.source === node.id).length;
    if (branches > limits.parallelBranches)
      issues.push(
        issue(
          'TOO_MANY_BRANCHES',
          `"${node.name}" opens ${branches} branches; at most ${limits.parallelBranches} are allowed (limits.parallelBranches)`,
          { nodeId: node.id, path: ['nodes', index] },
        ),
      );
  });
  return issues;
}
