import type { Graph } from './graph';
import { successors } from './graph';
import { issue, type ValidationIssue } from './issue';

/** Where a node lives: outside every split ([]) or inside branch `branch` of split `split`… */
export type RegionPath = readonly { readonly split: string; readonly branch: number }[];

export interface SplitInfo {
  readonly join: string;
  /** Entry node of each branch. */
  readonly branches: readonly string[];
}

export interface Structure {
  readonly regionOf: ReadonlyMap<string, RegionPath>;
  readonly splits: ReadonlyMap<string, SplitInfo>;
  readonly issues: readonly ValidationIssue[];
}

export const regionKey = (path: RegionPath): string => path.map((p) => `${p.split}/${p.branch}`).join('>');

/**
 * Matches every parallel split to the one join where all its branches meet, and places each
 * node in its region. Branches must not leave their split except through its join.
 */
export function analyzeStructure(graph: Graph, triggerId: string | undefined): Structure {
  const regionOf = new Map<string, RegionPath>();
  const splits = new Map<string, SplitInfo>();
  const joinOwner = new Map<string, string>();
  const issues: ValidationIssue[] = [];
  if (triggerId === undefined) return { regionOf, splits, issues };

  const explore = (entry: string, region: RegionPath): Set<string> => {
    const joinsReached = new Set<string>();
    const owner = region.at(-1)?.split;
    const stack = [entry];
    while (stack.length > 0) {
      const id = stack.pop()!;
      const node = graph.nodes.get(id)!;
      if (node.kind === 'join' && owner !== undefined) {
        joinsReached.add(id);
        continue;
      }
      // An end node always ends the whole instance (like BPMN's terminate end): it lives outside
      // every region, and reaching it from a branch cancels the other branches.
      if (node.kind === 'end') {
        regionOf.set(id, []);
        continue;
      }
      const placed = regionOf.get(id);
      if (placed) {
        if (regionKey(placed) !== regionKey(region)) {
          issues.push(
            issue(
              'BRANCH_LEAVES_SPLIT',
              `"${node.name}" is reached both inside and outside a parallel branch; branches may only meet at their join`,
              { nodeId: id },
            ),
          );
        }
        continue;
      }
      regionOf.set(id, region);
      if (node.kind === 'join') {
        issues.push(
          issue('JOIN_WITHOUT_SPLIT', `"${node.name}" joins branches, but no parallel split opens them`, {
            nodeId: id,
          }),
        );
      }
      if (node.kind !== 'parallel') {
        stack.push(...successors(graph, id));
        continue;
      }
      const branches = successors(graph, id);
      const reached = branches.map((start, branch) => explore(start, [...region, { split: id, branch }]));
      const joins = new Set(reached.flatMap((set) => [...set]));
      if (joins.size === 0) {
        issues.push(
          issue('SPLIT_WITHOUT_JOIN', `The branches of "${node.name}" never meet at a join`, { nodeId: id }),
        );
        continue;
      }
      if (joins.size > 1 || reached.some((set) => set.size === 0)) {
        issues.push(
          issue(
            'JOIN_MISMATCH',
            `The branches of "${node.name}" must all meet at one join (they reach ${joins.size > 1 ? [...joins].join(', ') : 'no join on some branch'})`,
            { nodeId: id },
          ),
        );
        continue;
      }
      const join = [...joins][0]!;
      const previous = joinOwner.get(join);
      if (previous !== undefined) {
        issues.push(
          issue(
            'JOIN_MISMATCH',
            `"${graph.nodes.get(join)!.name}" closes two parallel splits; give each split its own join`,
            { nodeId: join },
          ),
        );
        continue;
      }
      joinOwner.set(join, id);
      splits.set(id, { join, branches });
      regionOf.set(join, region);
      stack.push(...successors(graph, join));
    }
    return joinsReached;
  };

  explore(triggerId, []);
  // A join may only be entered from inside the branches of its own split.
  for (const [split, info] of splits) {
    for (const edge of graph.incoming.get(info.join) ?? []) {
      const from = regionOf.get(edge.source);
      if (edge.source !== split && from && !from.some((step) => step.split === split)) {
        issues.push(
          issue(
            'JOIN_MISMATCH',
            `An edge enters the join "${graph.nodes.get(info.join)!.name}" from outside the branches it joins`,
            { edgeId: edge.id },
          ),
        );
      }
    }
  }
  return { regionOf, splits, issues };
}
