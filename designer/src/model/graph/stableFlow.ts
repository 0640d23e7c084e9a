import { markKey } from './canvasMarks';
import type { FlowEdge, FlowNode } from './flowTypes';
import { sameLane } from './parallelEdges';
import { estimateNodeBox, estimateNoteBox } from '../layout/nodeBox';

/** A node's size as the canvas measured it. */
export interface Measured {
  readonly width: number;
  readonly height: number;
}

function sameNode(a: FlowNode, b: FlowNode): boolean {
  if (
    a.type !== b.type ||
    a.position.x !== b.position.x ||
    a.position.y !== b.position.y ||
    Boolean(a.selected) !== Boolean(b.selected) ||
    a.className !== b.className ||
    a.width !== b.width ||
    a.height !== b.height ||
    a.measured?.width !== b.measured?.width ||
    a.measured?.height !== b.measured?.height ||
    a.draggable !== b.draggable
  )
    return false;
  if (a.type === 'note' || b.type === 'note')
    return a.type === 'note' && b.type === 'note' && a.data.note === b.data.note;
  return (
    a.data.node === b.data.node &&
    a.data.positioned === b.data.positioned &&
    markKey(a.data.mark) === markKey(b.data.mark)
  );
}

/**
 * A node the canvas has not measured yet, with an estimated box and handles (nodeBox.ts), so React
 * Flow need not draw it to measure it: with `onlyRenderVisibleElements` only the nodes in view are
 * drawn, then measured for real.
 */
function withEstimate(node: FlowNode): FlowNode {
  const box =
    node.type === 'note'
      ? estimateNoteBox(node.width, node.height)
      : estimateNodeBox(node.data.node.name, node.data.handles, node.data.acceptsInput);
  return { ...node, measured: { width: box.width, height: box.height }, handles: box.handles } as FlowNode;
}

/**
 * The next nodes for the canvas, keeping the previous object of every node that did not change
 * (same configuration, position, selection, mark, size), so React Flow re-renders only the nodes
 * an edit touched (a drag in a 1,000-node workflow re-renders one). Sizes the canvas measured are
 * carried over, so the minimap and fit-view know them without measuring again; a node never
 * measured gets an estimated box and handles (withEstimate).
 */
export function stableNodes(
  previous: readonly FlowNode[],
  next: readonly FlowNode[],
  measured: ReadonlyMap<string, Measured>,
): FlowNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  let same = previous.length === next.length;
  const result = next.map((node, index) => {
    const size = measured.get(node.id);
    const sized = size
      ? node.width === undefined
        ? ({ ...node, measured: size } as FlowNode)
        : node
      : withEstimate(node);
    const old = before.get(node.id);
    if (old && sameNode(old, sized)) {
      if (previous[index] !== old) same = false;
      return old;
    }
    same = false;
    return sized;
  });
  return same ? (previous as FlowNode[]) : result;
}

const labelKey = (edge: FlowEdge): string => {
  const label = edge.data?.label;
  if (!label) return '';
  const { source } = label;
  return `${label.text}\u0000${source.type}${source.type === 'edge' ? '' : `:${source.nodeId}:${source.index}`}`;
};

function sameEdge(a: FlowEdge, b: FlowEdge): boolean {
  return (
    a.data?.edge === b.data?.edge &&
    labelKey(a) === labelKey(b) &&
    sameLane(a.data?.lane, b.data?.lane) &&
    Boolean(a.selected) === Boolean(b.selected) &&
    a.className === b.className &&
    a.ariaLabel === b.ariaLabel &&
    a.label === b.label
  );
}

/** The next edges, keeping the previous object of every edge that did not change. */
export function stableEdges(previous: readonly FlowEdge[], next: readonly FlowEdge[]): FlowEdge[] {
  const before = new Map(previous.map((e) => [e.id, e]));
  let same = previous.length === next.length;
  const result = next.map((edge, index) => {
    const old = before.get(edge.id);
    if (old && sameEdge(old, edge)) {
      if (previous[index] !== old) same = false;
      return old;
    }
    same = false;
    return edge;
  });
  return same ? (previous as FlowEdge[]) : result;
}
