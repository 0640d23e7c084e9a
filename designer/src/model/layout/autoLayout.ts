import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { WorkflowDefinition } from '@flowline/engine';
import { DEFAULT_NODE_SIZE, type Sizes } from '../document/edits';
import { handleList } from '../graph/handles';

/** What autoLayout needs of ELK (an `ELK` instance, in a worker or not). */
export interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

export type Positions = Record<string, { x: number; y: number }>;

export interface AutoLayoutOptions {
  /** Measured node sizes; the canvas's default size otherwise. */
  readonly sizes?: Sizes;
  /** Space between columns and between nodes in a column. */
  readonly spacing?: { readonly between: number; readonly within: number };
}

/** ELK port ids: a node's exits keep their handle id after a separator no identifier has. */
export const portId = (nodeId: string, handle: string): string => `${nodeId}::${handle}`;
export const inPortId = (nodeId: string): string => `${nodeId}::in`;

/** The ELK graph of a definition: layered, left to right, each node's exits as ports in handle order. */
export function elkGraph(definition: WorkflowDefinition, options: AutoLayoutOptions = {}): ElkNode {
  const spacing = options.spacing ?? { between: 90, within: 40 };
  const nodeIds = new Set(definition.nodes.map((n) => n.id));
  const children: ElkNode[] = definition.nodes.map((node) => {
    const size = options.sizes?.[node.id] ?? DEFAULT_NODE_SIZE;
    const exits = handleList(node);
    return {
      id: node.id,
      width: size.width,
      height: size.height,
      // FIXED_ORDER: ports stay in the order given; ELK counts clockwise from the top-left, so
      // east ports run top to bottom in handle order, and the one west port comes after them.
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        ...exits.map((exit, index) => ({
          id: portId(node.id, exit.id),
          width: 8,
          height: 8,
          layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(index) },
        })),
        ...(node.kind === 'trigger'
          ? []
          : [
              {
                id: inPortId(node.id),
                width: 8,
                height: 8,
                layoutOptions: { 'elk.port.side': 'WEST', 'elk.port.index': String(exits.length) },
              },
            ]),
      ],
    };
  });
  const known = new Set(children.flatMap((c) => (c.ports ?? []).map((p) => p.id)));
  const edges: ElkExtendedEdge[] = definition.edges.flatMap((edge, index) => {
    const source = portId(edge.source, edge.sourceHandle);
    const target = inPortId(edge.target);
    if (!nodeIds.has(edge.source) || !known.has(source) || !known.has(target)) return [];
    return [{ id: `edge${index}`, sources: [source], targets: [target] }];
  });
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(spacing.between),
      'elk.spacing.nodeNode': String(spacing.within),
      // One crossing-minimisation sweep and no greedy switch: a third of the default's time
      // on 200 nodes (bench/modelBench.ts), with the exits' order fixed by the ports anyway.
      'elk.layered.thoroughness': '1',
      'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
      'elk.separateConnectedComponents': 'true',
    },
    children,
    edges,
  };
}

/**
 * Positions for every node from ELK's layered layout, left to right, each node's exits kept in
 * handle order (so an approval's approve/reject/timeout edges leave top to bottom, as drawn).
 * Pure and async: the canvas runs it in a worker (layoutWorker.ts) with any ELK instance.
 */
export async function autoLayout(
  elk: ElkLike,
  definition: WorkflowDefinition,
  options: AutoLayoutOptions = {},
): Promise<Positions> {
  const laid = await elk.layout(elkGraph(definition, options));
  const positions: Positions = {};
  for (const child of laid.children ?? []) positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  return positions;
}
