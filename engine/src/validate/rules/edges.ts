import { edgeProblem } from '../connect';
import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/** Edges join existing nodes, leave through a handle the source has, one edge per handle (connect.ts). */
export const edges: Rule = ({ definition, graph }) => {
  const issues: ValidationIssue[] = [];
  const used = new Set<string>();
  definition.edges.forEach((edge, index) => {
    const path = ['edges', index];
    const key = `${edge.source}\u0000${edge.sourceHandle}`;
    const problem = edgeProblem(graph, edge, used.has(key));
    if (problem?.code === 'DANGLING_EDGE') {
      issues.push(issue(problem.code, problem.message, { edgeId: edge.id, path }));
      return;
    }
    if (problem) {
      const at = problem.code === 'UNKNOWN_HANDLE' ? [...path, 'sourceHandle'] : path;
      issues.push(issue(problem.code, problem.message, { nodeId: edge.source, edgeId: edge.id, path: at }));
      if (problem.code !== 'DUPLICATE_HANDLE_EDGE') return;
    }
    used.add(key);
  });
  return issues;
};
