import { getSmoothStepPath, useStore, type ReactFlowState } from '@xyflow/react';
import { createContext, useCallback, useContext, useRef } from 'react';
import type { EdgeLane } from '../../model';
import type { Box } from '../openingView';
import { boxGrid, type BoxGrid } from './boxGrid';
import { edgePath, type EdgeEnds } from './edgePath';

/** Whether a step is being dragged on this canvas (WorkflowCanvas provides it). */
export const StepDragContext = createContext(false);

// One grid of the steps' boxes per set of nodes (notes are not gone round: they lie beneath), so a
// pan or a zoom builds nothing.
const grids = new WeakMap<ReactFlowState['nodes'], BoxGrid>();
function stepGridOf(state: ReactFlowState): BoxGrid {
  let grid = grids.get(state.nodes);
  if (!grid) {
    const boxes: Box[] = [];
    for (const node of state.nodeLookup.values()) {
      const width = node.measured.width ?? node.width;
      const height = node.measured.height ?? node.height;
      if (node.hidden || node.type === 'note' || !width || !height) continue;
      boxes.push({ ...node.internals.positionAbsolute, width, height });
    }
    grid = boxGrid(boxes);
    grids.set(state.nodes, grid);
  }
  return grid;
}

/**
 * The edge's path on this canvas, worked out again only when its ends or the steps move (a pan or
 * a zoom, or another edge's change, leave it as it was and draw nothing again), and not while a
 * step is being dragged.
 */
export function useEdgePath(ends: EdgeEnds, lane?: EdgeLane): string {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = ends;
  const laneKey = lane ? `${lane.index}/${lane.count}${lane.sharedExit ? '=' : ''}` : '';
  const dragging = useContext(StepDragContext);
  const last = useRef<{ grid: BoxGrid; key: string; path: string }>(undefined);
  const select = useCallback(
    (state: ReactFlowState) => {
      const key = `${sourceX},${sourceY},${targetX},${targetY},${sourcePosition},${targetPosition},${laneKey}`;
      const known = last.current;
      const at = { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition };
      // While a step is dragged, routes are not looked for on every frame (nor the steps' grid
      // built): an edge keeps its route, and one whose end moves follows as React Flow draws it;
      // all are routed on the drop.
      if (dragging) return known?.key === key ? known.path : getSmoothStepPath(at)[0];
      const grid = stepGridOf(state);
      if (known && known.key === key && known.grid === grid) return known.path;
      const path = edgePath(at, grid, lane);
      last.current = { grid, key, path };
      return path;
    },
    [sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, laneKey, lane, dragging],
  );
  return useStore(select);
}
