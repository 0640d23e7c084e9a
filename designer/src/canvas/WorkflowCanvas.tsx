import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  type DefaultEdgeOptions,
  type OnEdgesChange,
  type OnNodesChange,
  type OnSelectionChangeFunc,
  type ReactFlowInstance,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useAppTheme } from '../app/ThemeContext';
import { nodeTypes } from './nodeTypes';
import type { FlowEdge, WorkflowFlowNode } from '../model';
import './canvas.css';

const edgeOptions: DefaultEdgeOptions = {
  type: 'smoothstep',
  markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
};
const minimapColor = (node: { type?: string | undefined }) => `var(--kind-${node.type ?? 'task'})`;

interface WorkflowCanvasProps {
  readonly nodes: WorkflowFlowNode[];
  readonly edges: FlowEdge[];
  readonly onNodesChange?: OnNodesChange<WorkflowFlowNode>;
  readonly onEdgesChange?: OnEdgesChange<FlowEdge>;
  readonly onSelectionChange?: OnSelectionChangeFunc<WorkflowFlowNode, FlowEdge>;
  readonly onInit?: (instance: ReactFlowInstance<WorkflowFlowNode, FlowEdge>) => void;
}

/** The workflow on a canvas, read-only for now: pan, zoom, select, minimap, fit to view. */
export function WorkflowCanvas({
  nodes,
  edges,
  onNodesChange,
  onEdgesChange,
  onSelectionChange,
  onInit,
}: WorkflowCanvasProps) {
  const { theme } = useAppTheme();
  return (
    <ReactFlow<WorkflowFlowNode, FlowEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      defaultEdgeOptions={edgeOptions}
      colorMode={theme}
      nodesDraggable={false}
      nodesConnectable={false}

      elementsSelectable
      fitView
      // Readable first: the opening zoom stays large enough to read labels; the controls' fit
      // button and the minimap show the whole of a larger workflow.
      fitViewOptions={{ padding: 0.04, minZoom: 0.7, maxZoom: 1 }}
      minZoom={0.2}
      {...(onNodesChange ? { onNodesChange } : {})}
      {...(onEdgesChange ? { onEdgesChange } : {})}
      {...(onSelectionChange ? { onSelectionChange } : {})}
      {...(onInit ? { onInit } : {})}
      aria-label="Workflow canvas"
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
      <MiniMap
        pannable
        zoomable
        nodeColor={minimapColor}
        nodeStrokeWidth={0}
        style={{ width: 160, height: 100 }}
        ariaLabel="Overview of the workflow"
      />
      <Controls showInteractive={false} fitViewOptions={{ padding: 0.1 }} aria-label="Zoom controls" />
    </ReactFlow>
  );
}
