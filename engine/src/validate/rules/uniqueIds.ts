import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/** Indexes of keys that already appeared earlier in the list. */
function repeats(keys: readonly string[]): number[] {
  const seen = new Set<string>();
  return keys.flatMap((key, i) => (seen.has(key) ? [i] : (seen.add(key), [])));
}

/** Node ids, edge ids, input fields, variables, conditions and outcomes are each unique. */
export const uniqueIds: Rule = ({ definition }) => {
  const issues: ValidationIssue[] = [];
  for (const i of repeats(definition.nodes.map((n) => n.id))) {
    const id = definition.nodes[i]!.id;
    issues.push(
      issue('DUPLICATE_NODE_ID', `Another node already has the id "${id}"`, {
        nodeId: id,
        path: ['nodes', i, 'id'],
      }),
    );
  }
  for (const i of repeats(definition.edges.map((e) => e.id))) {
    const id = definition.edges[i]!.id;
    issues.push(
      issue('DUPLICATE_EDGE_ID', `Another edge already has the id "${id}"`, {
        edgeId: id,
        path: ['edges', i, 'id'],
      }),
    );
  }
  const names = (
    keys: readonly string[],
    what: string,
    path: (i: number) => (string | number)[],
    nodeId?: string,
  ) => {
    for (const i of repeats(keys)) {
      issues.push(
        issue('DUPLICATE_NAME', `Two ${what} are named "${keys[i]}"`, {
          path: path(i),
          ...(nodeId ? { nodeId } : {}),
        }),
      );
    }
  };
  names(
    definition.input.map((f) => f.key),
    'input fields',
    (i) => ['input', i, 'key'],
  );
  names(
    definition.variables.map((v) => v.name),
    'variables',
    (i) => ['variables', i, 'name'],
  );
  definition.nodes.forEach((node, index) => {
    if (node.kind === 'decision') {
      names(
        node.conditions.map((c) => c.id),
        'conditions',
        (i) => ['nodes', index, 'conditions', i, 'id'],
        node.id,
      );
    }
    if (node.kind === 'approval' || node.kind === 'manualTask') {
      names(
        node.outcomes.map((o) => o.id),
        'outcomes',
        (i) => ['nodes', index, 'outcomes', i, 'id'],
        node.id,
      );
      names(
        node.form.map((f) => f.key),
        'form fields',
        (i) => ['nodes', index, 'form', i, 'key'],
        node.id,
      );
    }
  });
  return issues;
};
