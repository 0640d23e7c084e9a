import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/** Node ids, edge ids, input fields, variables, conditions and outcomes are each unique. */
export const uniqueIds: Rule = ({ definition }) => {
  const issues: ValidationIssue[] = [];
  const seenNodes = new Set<string>();
  definition.nodes.forEach((node, index) => {
    if (seenNodes.has(node.id)) {
      issues.push(
        issue('DUPLICATE_NODE_ID', `Another node already has the id "${node.id}"`, {
          nodeId: node.id,
          path: ['nodes', index, 'id'],
        }),
      );
    }
    seenNodes.add(node.id);
  });
  const seenEdges = new Set<string>();
  definition.edges.forEach((edge, index) => {
    if (seenEdges.has(edge.id)) {
      issues.push(
        issue('DUPLICATE_EDGE_ID', `Another edge already has the id "${edge.id}"`, {
          edgeId: edge.id,
          path: ['edges', index, 'id'],
        }),
      );
    }
    seenEdges.add(edge.id);
  });
  const duplicates = (
    keys: readonly string[],
    what: string,
    path: (i: number) => (string | number)[],
    nodeId?: string,
  ): void => {
    const seen = new Set<string>();
    keys.forEach((key, i) => {
      if (seen.has(key))
        issues.push(
          issue('DUPLICATE_NAME', `Two ${what} are named "${key}"`, {
            path: path(i),
            ...(nodeId ? { nodeId } : {}),
          }),
        );
      seen.add(key);
    });
  };
  duplicates(
    definition.input.map((f) => f.key),
    'input fields',
    (i) => ['input', i, 'key'],
  );
  duplicates(
    definition.variables.map((v) => v.name),
    'variables',
    (i) => ['variables', i, 'name'],
  );
  definition.nodes.forEach((node, index) => {
    if (node.kind === 'decision') {
      duplicates(
        node.conditions.map((c) => c.id),
        'conditions',
        (i) => ['nodes', index, 'conditions', i, 'id'],
        node.id,
      );
    }
    if (node.kind === 'approval') {
      duplicates(
        node.outcomes.map((o) => o.id),
        'outcomes',
        (i) => ['nodes', index, 'outcomes', i, 'id'],
        node.id,
      );
      duplicates(
        node.form.map((f) => f.key),
        'form fields',
        (i) => ['nodes', index, 'form', i, 'key'],
        node.id,
      );
    }
  });
  return issues;
};
