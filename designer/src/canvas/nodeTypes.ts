import type { NodeKind } from '@flowline/engine';
import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { WorkflowEdge } from './edges/WorkflowEdge';
import { NoteNode } from './nodes/NoteNode';
import { WorkflowNodeCard } from './nodes/WorkflowNodeCard';

/** Defined once at module level (React Flow re-mounts every node when this object changes). */
export const nodeTypes = {
  trigger: WorkflowNodeCard,
  task: WorkflowNodeCard,
  approval: WorkflowNodeCard,
  manualTask: WorkflowNodeCard,
  decision: WorkflowNodeCard,
  transform: WorkflowNodeCard,
  parallel: WorkflowNodeCard,
  join: WorkflowNodeCard,
  wait: WorkflowNodeCard,
  subworkflow: WorkflowNodeCard,
  forEach: WorkflowNodeCard,
  end: WorkflowNodeCard,
  note: NoteNode,
} satisfies Record<NodeKind | 'note', unknown> as NodeTypes;

/** Every edge is drawn by WorkflowEdge (its path and its label); module level, like nodeTypes. */
export const edgeTypes = { workflow: WorkflowEdge } as EdgeTypes;
