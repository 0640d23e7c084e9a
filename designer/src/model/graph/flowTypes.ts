import type { Edge, Node } from '@xyflow/react';
import type { NodeKind, StickyNote, WorkflowEdge, WorkflowNode } from '@flowline/engine';
import type { NodeMark } from './canvasMarks';
import type { EdgeLabel } from './edgeLabels';
import type { EdgeLane } from './parallelEdges';

/** One exit of a node, in the engine's order (handlesOf: required first, then optional). */
export type HandleInfo = {
  /** The edge `sourceHandle`: `out`, `error`, `timeout`, `default`, an outcome or a condition id. */
  readonly id: string;
  /** What the canvas writes beside the handle ('' for a node's plain `out`). */
  readonly label: string;
  /** An edge must leave through it (validation says so when none does). */
  readonly required: boolean;
};

/** The data a workflow node carries on the canvas: its whole configuration. */
export type WorkflowNodeData = {
  readonly node: WorkflowNode;
  readonly handles: readonly HandleInfo[];
  /** Whether the node takes incoming edges (every kind but the trigger). */
  readonly acceptsInput: boolean;
  /** False when the definition's layout had no position and the canvas placed it. */
  readonly positioned: boolean;
  /** What the canvas marks on it: a problem, the test run's path, a version diff (canvasMarks.ts). */
  readonly mark?: NodeMark;
};

export type NoteData = { readonly note: StickyNote };

export type WorkflowFlowNode = Node<WorkflowNodeData, NodeKind>;
export type NoteFlowNode = Node<NoteData, 'note'>;
export type FlowNode = WorkflowFlowNode | NoteFlowNode;
export type FlowEdge = Edge<{
  readonly edge: WorkflowEdge;
  readonly mark?: NodeMark;
  /** What the canvas writes on the edge and where that text lives (edgeLabels.ts). */
  readonly label?: EdgeLabel;
  /** Its lane when other edges join the same two steps (parallelEdges.ts). */
  readonly lane?: EdgeLane;
}>;

export interface Flow {
  readonly nodes: FlowNode[];
  readonly edges: FlowEdge[];
}

export const isNoteNode = (node: FlowNode): node is NoteFlowNode => node.type === 'note';
