import type { WorkflowDefinition } from '@flowline/engine';
import { handleList } from './handles';

/**
 * An edge's place among the edges that join the same two steps, the same way round: the canvas
 * draws each of a group on a lane of its own so that none hides another (canvas/edges/fanRoute.ts).
 */
export interface EdgeLane {
  /** 0 for the edge leaving by the highest exit of the source; groups are ordered by exit. */
  readonly index: number;
  /** How many edges join the two steps that way (2 or more). */
  readonly count: number;
  /**
   * Another edge of the group leaves by the same exit (a parallel split's branches): their ends
   * coincide, so they part only in between.
   */
  readonly sharedExit: boolean;
}

/**
 * The lanes of the edges that share their source and target with another edge, by edge id (an
 * edge alone between its two steps has none). Within a group, edges are ordered as their exits
 * stand on the source, top to bottom, then by id: the canvas keeps that order across the bundle,
 * so lanes never cross.
 */
export function parallelLanes(definition: WorkflowDefinition): Map<string, EdgeLane> {
  const groups = new Map<string, WorkflowDefinition['edges']>();
  for (const edge of definition.edges) {
    const key = `${edge.source}\u0000${edge.target}`;
    const group = groups.get(key);
    if (group) group.push(edge);
    else groups.set(key, [edge]);
  }
  const nodes = new Map(definition.nodes.map((node) => [node.id, node]));
  const lanes = new Map<string, EdgeLane>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const source = nodes.get(group[0]!.source);
    const exits = source ? handleList(source).map((h) => h.id) : [];
    const rank = (handle: string) => {
      const at = exits.indexOf(handle);
      return at < 0 ? exits.length : at;
    };
    const ordered = [...group].sort(
      (a, b) =>
        rank(a.sourceHandle) - rank(b.sourceHandle) || a.id.localeCompare(b.id, 'en', { numeric: true }),
    );
    const perExit = new Map<string, number>();
    for (const edge of group) perExit.set(edge.sourceHandle, (perExit.get(edge.sourceHandle) ?? 0) + 1);
    ordered.forEach((edge, index) =>
      lanes.set(edge.id, {
        index,
        count: ordered.length,
        sharedExit: (perExit.get(edge.sourceHandle) ?? 0) > 1,
      }),
    );
  }
  return lanes;
}

/** Whether two lanes are the same (an edge whose lane did not change is not drawn again). */
export const sameLane = (a: EdgeLane | undefined, b: EdgeLane | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.index === b.index &&
    a.count === b.count &&
    a.sharedExit === b.sharedExit);
