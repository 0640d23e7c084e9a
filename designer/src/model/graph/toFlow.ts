import type { WorkflowDefinition } from '@flowline/engine';
import type { Flow, FlowEdge, FlowNode, NoteFlowNode, WorkflowFlowNode } from './flowTypes';
import { edgeAriaLabel, edgeLabelOf } from './edgeLabels';
import { handleList } from './handles';
import { isStickyNote, notesOf } from './layoutEntries';
import { parallelLanes } from './parallelEdges';

/** What is selected on the canvas: node, edge and note ids. */
export interface Selection {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
  readonly notes: readonly string[];
}

export const EMPTY_SELECTION: Selection = { nodes: [], edges: [], notes: [] };

/** Where a node without a stored position goes: a grid, left to right, in definition order. */
export function fallbackPosition(index: number): { x: number; y: number } {
  return { x: (index % 5) * 280, y: Math.floor(index / 5) * 180 };
}

/**
 * A definition as xyflow nodes and edges: one node per workflow node (its type is its kind, its
 * data its configuration and exits), sticky notes first (drawn beneath), one edge per edge with
 * its exit as `sourceHandle`, the text it carries and a name for screen readers with all of that
 * text (edgeLabels.ts), and its lane where other edges join the same two steps (parallelEdges.ts).
 * Positions come from the definition's layout.
 */
export function toFlow(definition: WorkflowDefinition, selection: Selection = EMPTY_SELECTION): Flow {
  const selectedNodes = new Set(selection.nodes);
  const selectedEdges = new Set(selection.edges);
  const selectedNotes = new Set(selection.notes);
  const notes: NoteFlowNode[] = notesOf(definition).map(([id, note]) => ({
    id,
    type: 'note',
    position: { x: note.x, y: note.y },
    data: { note },
    ...(note.width !== undefined ? { width: note.width } : {}),
    ...(note.height !== undefined ? { height: note.height } : {}),
    ...(selectedNotes.has(id) ? { selected: true } : {}),
  }));
  const nodes: WorkflowFlowNode[] = definition.nodes.map((node, index) => {
    const stored = definition.layout[node.id];
    const positioned = stored !== undefined && !isStickyNote(stored);
    return {
      id: node.id,
      type: node.kind,
      position: positioned ? { x: stored.x, y: stored.y } : fallbackPosition(index),
      data: { node, handles: handleList(node), acceptsInput: node.kind !== 'trigger', positioned },
      ...(selectedNodes.has(node.id) ? { selected: true } : {}),
    };
  });
  const byId = new Map(definition.nodes.map((n) => [n.id, n]));
  const lanes = parallelLanes(definition);
  const edges: FlowEdge[] = definition.edges.map((edge) => {
    const label = edgeLabelOf(edge, byId.get(edge.source));
    const lane = lanes.get(edge.id);
    return {
      id: edge.id,
      source: edge.source,
      sourceHandle: edge.sourceHandle,
      target: edge.target,
      data: { edge, label, ...(lane ? { lane } : {}) },
      ariaLabel: edgeAriaLabel(label, byId.get(edge.source), byId.get(edge.target), edge),
      ...(edge.label !== undefined ? { label: edge.label } : {}),
      ...(selectedEdges.has(edge.id) ? { selected: true } : {}),
    };
  });
  return { nodes: [...notes, ...nodes] as FlowNode[], edges };
}
