import type {
  LayoutEntry,
  StickyNote,
  WorkflowDefinition,
  WorkflowEdge,
  WorkflowNode,
} from '@flowline/engine';
import { isNoteNode, type Flow } from './flowTypes';

/** Everything of a definition the canvas does not draw: id, name, form, variables… */
export type WorkflowMeta = Omit<WorkflowDefinition, 'nodes' | 'edges' | 'layout'>;

/**
 * xyflow nodes and edges back into a definition: node configurations from their data (under the
 * flow node's id), edges with their exits, positions and sticky notes into `layout`. A node the
 * canvas placed itself (no stored position, `positioned` false) gets none.
 */
export function fromFlow(flow: Flow, meta: WorkflowMeta): WorkflowDefinition {
  const nodes: WorkflowNode[] = [];
  const layout: Record<string, LayoutEntry> = {};
  for (const flowNode of flow.nodes) {
    if (isNoteNode(flowNode)) {
      const { x: _x, y: _y, width, height, ...rest } = flowNode.data.note;
      const w = flowNode.width ?? width;
      const h = flowNode.height ?? height;
      const note: StickyNote = {
        ...rest,
        x: flowNode.position.x,
        y: flowNode.position.y,
        ...(w !== undefined ? { width: w } : {}),
        ...(h !== undefined ? { height: h } : {}),
      };
      layout[flowNode.id] = note;
      continue;
    }
    nodes.push({ ...flowNode.data.node, id: flowNode.id });
    if (flowNode.data.positioned) layout[flowNode.id] = { x: flowNode.position.x, y: flowNode.position.y };
  }
  const edges: WorkflowEdge[] = flow.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle ?? 'out',
    target: edge.target,
    ...(typeof edge.label === 'string' ? { label: edge.label } : {}),
  }));
  const { nodes: _n, edges: _e, layout: _l, ...rest } = meta as WorkflowDefinition;
  return { ...rest, nodes, edges, layout };
}
