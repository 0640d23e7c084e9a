import type { WorkflowDefinition } from '../definition/types';
import { issue, type ValidationIssue } from './issue';

/** One subworkflow node: which workflow it starts, pinned or the latest published version. */
export interface CallSite {
  readonly nodeId: string;
  readonly nodeName: string;
  readonly path: readonly (string | number)[];
  readonly workflowId: string;
  readonly version: number | 'latest';
}

/** A published version as the call graph sees it. */
export interface CalledVersion {
  readonly workflowId: string;
  readonly version: number;
  readonly calls: readonly CallSite[];
}

/** The subworkflow nodes of a definition. */
export function callSitesOf(definition: WorkflowDefinition): CallSite[] {
  return definition.nodes.flatMap((node, index): CallSite[] => {
    if (node.kind === 'subworkflow')
      return [
        {
          nodeId: node.id,
          nodeName: node.name,
          path: ['nodes', index, 'workflowId'],
          workflowId: node.workflowId,
          version: node.version,
        },
      ];
    // A for-each that starts a subworkflow per item calls it too.
    if (node.kind === 'forEach' && node.run.type === 'subworkflow')
      return [
        {
          nodeId: node.id,
          nodeName: node.name,
          path: ['nodes', index, 'run', 'workflowId'],
          workflowId: node.run.workflowId,
          version: node.run.version,
        },
      ];
    return [];
  });
}

const keyOf = (workflowId: string, version: number) => `${workflowId}@${version}`;

/**
 * The calls of `start` that lead back to it, each as a `SUBWORKFLOW_CYCLE` issue on its node.
 * `resolve` gives the version a call would start right now (a pinned one, or the latest, where
 * `start` counts as the latest of its workflow), or undefined when there is none. Pure: the
 * caller loads the versions first.
 */
export function subworkflowCycles(
  start: CalledVersion,
  resolve: (workflowId: string, version: number | 'latest') => CalledVersion | undefined,
): ValidationIssue[] {
  const startKey = keyOf(start.workflowId, start.version);
  const issues: ValidationIssue[] = [];
  for (const call of start.calls) {
    const first = resolve(call.workflowId, call.version);
    if (!first) continue;
    const route = pathBack(first, startKey, resolve);
    if (!route) continue;
    const hops = route.slice(0, -1).map((v) => `"${v.workflowId}" (version ${v.version})`);
    const how =
      hops.length === 0
        ? 'starts this workflow itself'
        : `starts ${hops.join(', which starts ')}, which starts this workflow again`;
    issues.push(
      issue(
        'SUBWORKFLOW_CYCLE',
        `"${call.nodeName}" ${how}: a workflow must not start itself, directly or through others`,
        { nodeId: call.nodeId, path: call.path },
      ),
    );
  }
  return issues;
}

/** The versions from `from` to the start (`from` first, the start last), depth first; undefined if none. */
function pathBack(
  from: CalledVersion,
  startKey: string,
  resolve: (workflowId: string, version: number | 'latest') => CalledVersion | undefined,
): CalledVersion[] | undefined {
  if (keyOf(from.workflowId, from.version) === startKey) return [from];
  const seen = new Set<string>([keyOf(from.workflowId, from.version)]);
  const stack: { at: CalledVersion; route: CalledVersion[] }[] = [{ at: from, route: [from] }];
  while (stack.length > 0) {
    const { at, route } = stack.pop()!;
    for (const call of at.calls) {
      const next = resolve(call.workflowId, call.version);
      if (!next) continue;
      const key = keyOf(next.workflowId, next.version);
      if (key === startKey) return [...route, next];
      if (seen.has(key)) continue;
      seen.add(key);
      stack.push({ at: next, route: [...route, next] });
    }
  }
  return undefined;
}
