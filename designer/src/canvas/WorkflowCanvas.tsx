import {
  Background,
  BackgroundVariant,
  MarkerType,
  ReactFlow,
  type DefaultEdgeOptions,
  type ReactFlowProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useState, type ReactNode } from 'react';
import { useAppTheme } from '../app/ThemeContext';
import type { FlowEdge, FlowNode } from '../model';
import { CanvasControls } from './CanvasControls';
import { createLabelLayout, LabelLayoutContext } from './edges/labelLayout';
import { LabelObstacles } from './edges/LabelObstacles';
import { StepDragContext } from './edges/useEdgePath';
import { OpeningView } from './OpeningView';
import { edgeTypes, nodeTypes } from './nodeTypes';
import './canvas.css';

/** The canvas's grid: node positions snap to it while dragging. */
export const GRID = 20;
const SNAP: [number, number] = [GRID, GRID];

const edgeOptions: DefaultEdgeOptions = {
  type: 'workflow',
  markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
};

type FlowProps = ReactFlowProps<FlowNode, FlowEdge>;

export interface WorkflowCanvasProps extends Pick<
  FlowProps,
  | 'onNodesChange'
  | 'onEdgesChange'
  | 'onInit'
  | 'onConnect'
  | 'onConnectEnd'
  | 'onReconnect'
  | 'onReconnectStart'
  | 'onReconnectEnd'
  | 'isValidConnection'
  | 'onNodeDragStart'
  | 'onNodeDragStop'
  | 'onDrop'
  | 'onDragOver'
  | 'onSelectionChange'
  | 'onNodeDoubleClick'
> {
  readonly nodes: FlowNode[];
  readonly edges: FlowEdge[];
  /** Drag, connect and reconnect (the editor on a draft the user may change); false: look only. */
  readonly editable?: boolean;
  /** Extra panels over the canvas (the editor's toolbar). */
  readonly children?: ReactNode;
  readonly label?: string;
}

/**
 * A workflow on a canvas: nodes drawn by kind (with their marks), sticky notes, the minimap, zoom
 * controls and a dotted grid. Read-only unless `editable` (selection, pan and zoom always work);
 * the editor, a version view and a diff view all draw through it.
 */
export function WorkflowCanvas({
  nodes,
  edges,
  editable = false,
  children,
  label = 'Workflow canvas',
  ...handlers
}: WorkflowCanvasProps) {
  const { theme } = useAppTheme();
  // Set the opening view only on a drawing that has nodes: on an empty one it would be set when the
  // first node is dropped, moving the view under the user's hand.
  const [viewOnOpen] = useState(() => nodes.length > 0);
  const [labelLayout] = useState(createLabelLayout);
  const defined = Object.fromEntries(Object.entries(handlers).filter(([, v]) => v !== undefined));
  // Edges are not routed round the steps on every frame of a drag (useEdgePath.ts).
  const [dragging, setDragging] = useState(false);
  const { onNodeDragStart, onNodeDragStop } = handlers;
  return (
    <LabelLayoutContext.Provider value={labelLayout}>
      <StepDragContext.Provider value={dragging}>
        <ReactFlow<FlowNode, FlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          defaultEdgeOptions={edgeOptions}
          colorMode={theme}
          nodesDraggable={editable}
          nodesConnectable={editable}
          edgesReconnectable={editable}
          elementsSelectable
          snapToGrid
          snapGrid={SNAP}
          // Shortcuts come from the model's list (the editor's own key handler); React Flow's delete
          // key would bypass the document store.
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
          connectionRadius={28}
          minZoom={0.1}
          onlyRenderVisibleElements={nodes.length > 300}
          {...(defined as Partial<FlowProps>)}
          onNodeDragStart={(event, node, dragged) => {
            setDragging(true);
            onNodeDragStart?.(event, node, dragged);
          }}
          onNodeDragStop={(event, node, dragged) => {
            setDragging(false);
            onNodeDragStop?.(event, node, dragged);
          }}
          aria-label={label}
        >
          {viewOnOpen && <OpeningView />}
          <LabelObstacles />
          <Background variant={BackgroundVariant.Dots} gap={GRID} size={1.2} />
          <CanvasControls />
          {children}
        </ReactFlow>
      </StepDragContext.Provider>
    </LabelLayoutContext.Provider>
  );
}
