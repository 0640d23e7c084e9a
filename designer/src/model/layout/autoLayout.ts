import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { WorkflowDefinition } from '@flowline/engine';
import { DEFAULT_NODE_SIZE, type Sizes } from '../document/edits';
import { edgeLabels } from '../graph/edgeLabels';
import { handleList } from '../graph/handles';
import { EDGE_LABEL_GAP, estimateEdgeLabelWidth } from './edgeLabelSize';
import { placeNotes } from './placeNotes';

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
  /**
   * From this many nodes on, ends that several edges lead to are placed after ELK has laid out
   * the rest (see `sharedEnds`); 60 unless given (Infinity: never).
   */
  readonly simplifyFrom?: number;
}

const DEFAULT_SPACING = { between: 90, within: 40 };
const SIMPLIFY_FROM = 60;

/**
 * The ends several edges lead to: a big workflow's shared "rejected" or "failed" end, reached
 * from everywhere. ELK cuts every long edge into a placeholder node per layer it crosses (about
 * 5,000 of them in a generated 200-node workflow, most of a layout's time); left out of ELK's
 * graph and put in a column of their own at the right, they cost nothing. The exits they hang
 * from keep their order: ports are fixed on the sources.
 */
export function sharedEnds(definition: WorkflowDefinition): Set<string> {
  const incoming = new Map<string, number>();
  for (const edge of definition.edges) incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
  return new Set(
    definition.nodes.filter((n) => n.kind === 'end' && (incoming.get(n.id) ?? 0) >= 2).map((n) => n.id),
  );
}

/**
 * The left-out ends in one column right of everything, each near the middle of the nodes that
 * lead to it, top to bottom in that order, never overlapping.
 */
function placeAtRight(
  definition: WorkflowDefinition,
  positions: Positions,
  ends: ReadonlySet<string>,
  options: AutoLayoutOptions,
): void {
  const spacing = options.spacing ?? DEFAULT_SPACING;
  const size = (id: string) => options.sizes?.[id] ?? DEFAULT_NODE_SIZE;
  const placed = Object.entries(positions);
  const right =
    placed.length === 0
      ? 0
      : Math.max(...placed.map(([id, p]) => p.x + size(id).width)) + columnGap(definition, options);
  const wanted = [...ends].map((id) => {
    const centres = definition.edges
      .filter((e) => e.target === id && positions[e.source])
      .map((e) => positions[e.source]!.y + size(e.source).height / 2);
    const centre = centres.length === 0 ? 0 : centres.reduce((a, b) => a + b, 0) / centres.length;
    return { id, y: centre - size(id).height / 2 };
  });
  let bottom = -Infinity;
  for (const { id, y } of wanted.sort((a, b) => a.y - b.y)) {
    const top = Math.max(y, bottom + spacing.within);
    positions[id] = { x: right, y: top };
    bottom = top + size(id).height;
  }
}

/**
 * The space between columns a label needs: the canvas puts an edge's label on its run between
 * two columns, clear of both (canvas/edges/labelSpot.ts), and cuts it short where it has less.
 */
function columnGap(definition: WorkflowDefinition, options: AutoLayoutOptions): number {
  const widest = Math.max(
    0,
    ...[...edgeLabels(definition).values()].map((l) => estimateEdgeLabelWidth(l.text)),
  );
  const between = (options.spacing ?? DEFAULT_SPACING).between;
  return widest === 0 ? between : Math.max(between, widest + 2 * EDGE_LABEL_GAP);
}

/** ELK port ids: a node's exits keep their handle id after a separator no identifier has. */
export const portId = (nodeId: string, handle: string): string => `${nodeId}::${handle}`;
export const inPortId = (nodeId: string): string => `${nodeId}::in`;

/**
 * The ELK graph of a definition: layered, left to right, each node's exits as ports in handle
 * order, the columns far enough apart for the widest edge label to sit between them.
 */
export function elkGraph(definition: WorkflowDefinition, options: AutoLayoutOptions = {}): ElkNode {
  const spacing = options.spacing ?? DEFAULT_SPACING;
  const between = columnGap(definition, options);
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
      'elk.layered.spacing.nodeNodeBetweenLayers': String(between),
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
 * handle order (so an approval's approve/reject/timeout edges leave top to bottom, as drawn); in a
 * big workflow, ends shared by many edges in a column of their own (`sharedEnds`); and for every
 * sticky note, beside the step it annotates and clear of all steps (placeNotes.ts: ELK does not
 * know the notes, and would lay steps out under them).
 * Pure and async: the canvas runs it in a worker (layoutWorker.ts) with any ELK instance.
 */
export async function autoLayout(
  elk: ElkLike,
  definition: WorkflowDefinition,
  options: AutoLayoutOptions = {},
): Promise<Positions> {
  const leftOut =
    definition.nodes.length >= (options.simplifyFrom ?? SIMPLIFY_FROM)
      ? sharedEnds(definition)
      : new Set<string>();
  const laidOut =
    leftOut.size === 0
      ? definition
      : {
          ...definition,
          nodes: definition.nodes.filter((n) => !leftOut.has(n.id)),
          edges: definition.edges.filter((e) => !leftOut.has(e.target)),
        };
  // The columns make room for every label, the left-out edges' too.
  const spacing = { ...(options.spacing ?? DEFAULT_SPACING), between: columnGap(definition, options) };
  const laid = await elk.layout(elkGraph(laidOut, { ...options, spacing }));
  const positions: Positions = {};
  for (const child of laid.children ?? []) positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  if (leftOut.size > 0) placeAtRight(definition, positions, leftOut, options);
  return { ...positions, ...placeNotes({ definition, laidOut: positions, sizes: options.sizes }) };
}
