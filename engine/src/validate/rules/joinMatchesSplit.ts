import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/** Structure issues (splits and joins) plus joins waiting for more branches than exist. */
export const joinMatchesSplit: Rule = ({ structure, graph, nodePath }) => {
  const issues: ValidationIssue[] = structure.issues.map((i) =>
    i.nodeId !== undefined && i.path.length === 0 ? { ...i, path: nodePath(i.nodeId) } : i,
  );
  for (const [split, info] of structure.splits) {
    const join = graph.nodes.get(info.join);
    if (join?.kind === 'join' && join.mode.type === 'nOfM' && join.mode.n > info.branches.length) {
      issues.push(
        issue(
          'JOIN_N_TOO_LARGE',
          `"${join.name}" waits for ${join.mode.n} branches but "${graph.nodes.get(split)!.name}" opens only ${info.branches.length}`,
          { nodeId: join.id, path: [...nodePath(join.id), 'mode', 'n'] },
        ),
      );
    }
  }
  return issues;
};
