import { handlesOf } from '../../definition/handles';
import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/** Edges join existing nodes, leave through a handle the source has, one edge per handle. */
export const edges: Rule = ({ definition, graph }) => {
  const issues: ValidationIssue[] = [];
  const used = new Set<string>();
  definition.edges.forEach((edge, index) => {
    const path = ['edges', index];
    const source = graph.nodes.get(edge.source);
    if (!source || !graph.nodes.has(edge.target)) {
      const missing = source ? edge.target : edge.source;
      issues.push(
        issue('DANGLING_EDGE', `This edge points to "${missing}", which is not a node of this workflow`, {
          edgeId: edge.id,
          path,
        }),
      );
      return;
    }
    if (source.kind === 'end') {
      issues.push(
        issue('END_HAS_OUTGOING', `"${source.name}" ends the workflow; nothing can follow it`, {
          nodeId: source.id,
          edgeId: edge.id,
          path,
        }),
      );
      return;
    }
    const handles = handlesOf(source);
    if (![...handles.required, ...handles.optional].includes(edge.sourceHandle)) {
      const known = [...handles.required, ...handles.optional].join(', ');
      issues.push(
        issue(
          'UNKNOWN_HANDLE',
          `"${source.name}" has no exit called "${edge.sourceHandle}" (it has: ${known})`,
          { nodeId: source.id, edgeId: edge.id, path: [...path, 'sourceHandle'] },
        ),
      );
      return;
    }
    const key = `${edge.source}\u0000${edge.sourceHandle}`;
    if (used.has(key) && !handles.many) {
      issues.push(
        issue(
          'DUPLICATE_HANDLE_EDGE',
          `The "${edge.sourceHandle}" exit of "${source.name}" already has an edge; use a parallel split to go two ways at once`,
          { nodeId: source.id, edgeId: edge.id, path },
        ),
      );
    }
    used.add(key);
  });
  return issues;
};
