import {
  handlesOf,
  type NodeKind,
  type WorkflowDefinition,
  type WorkflowEdge,
  type WorkflowNode,
} from '@flowline/engine';
import type { Edge, Node } from '@xyflow/react';

// The read-only canvas's conversion. Its shapes are those of the designer model's toFlow
// (designer/src/model/graph): when the model lands, the canvas takes toFlow from there and this
// file goes.

export interface HandleInfo {
  readonly id: string;
  /** '' for a node's plain `out`. */
  readonly label: string;
  readonly required: boolean;
}

export type WorkflowNodeData = {
  readonly node: WorkflowNode;
  readonly handles: readonly HandleInfo[];
  readonly acceptsInput: boolean;
  readonly positioned: boolean;
};
export type WorkflowFlowNode = Node<WorkflowNodeData, NodeKind>;
export type FlowEdge = Edge<{ readonly edge: WorkflowEdge }>;

const PLAIN: Readonly<Record<string, string>> = {
  out: '',
  error: 'On error',
  timeout: 'Timed out',
  default: 'Otherwise',
};

/** A node's exits in the engine's order (handlesOf), labelled for the canvas. */
export function handleList(node: WorkflowNode): HandleInfo[] {
  const { required, optional } = handlesOf(node);
  const label = (id: string): string => {
    if (node.kind === 'approval') return node.outcomes.find((o) => o.id === id)?.label ?? PLAIN[id] ?? id;
    if (node.kind === 'decision') {
      const condition = node.conditions.find((c) => c.id === id);
      if (condition) return condition.label ?? condition.id;
    }
    if (node.kind === 'parallel' && id === 'out') return 'Branches';
    return PLAIN[id] ?? id;
  };
  return [
    ...required.map((id) => ({ id, label: label(id), required: true })),
    ...optional.map((id) => ({ id, label: label(id), required: false })),
  ];
}

const fallbackPosition = (index: number) => ({ x: (index % 5) * 280, y: Math.floor(index / 5) * 180 });

export function toFlow(definition: WorkflowDefinition): { nodes: WorkflowFlowNode[]; edges: FlowEdge[] } {
  const nodes = definition.nodes.map((node, index): WorkflowFlowNode => {
    const stored = definition.layout[node.id];
    return {
      id: node.id,
      type: node.kind,
      position: stored ? { x: stored.x, y: stored.y } : fallbackPosition(index),
      data: { node, handles: handleList(node), acceptsInput: node.kind !== 'trigger', positioned: !!stored },
    };
  });
  const edges = definition.edges.map((edge): FlowEdge => ({
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
    data: { edge },
    ...(edge.label !== undefined ? { label: edge.label } : {}),
  }));
  return { nodes, edges };
}
