import { useStore, type ReactFlowState } from '@xyflow/react';
import { useCallback, useContext, useLayoutEffect, useRef } from 'react';
import type { Box } from '../openingView';
import { boxGrid, type BoxGrid } from './boxGrid';
import { LabelLayoutContext } from './labelLayout';
import { StepDragContext } from './useEdgePath';

// One grid per set of nodes, so a pan or a zoom (same nodes) builds nothing. The controlled canvas
// hands React Flow a new array whenever a node moves or is measured; the boxes are read from its
// lookup, which is up to date by then.
const grids = new WeakMap<ReactFlowState['nodes'], BoxGrid>();
function gridOf(state: ReactFlowState): BoxGrid {
  let grid = grids.get(state.nodes);
  if (!grid) {
    const boxes: Box[] = [];
    for (const node of state.nodeLookup.values()) {
      const width = node.measured.width ?? node.width;
      const height = node.measured.height ?? node.height;
      if (node.hidden || !width || !height) continue;
      boxes.push({ ...node.internals.positionAbsolute, width, height });
    }
    grid = boxGrid(boxes);
    grids.set(state.nodes, grid);
  }
  return grid;
}

/**
 * Hands the nodes' and notes' boxes to the canvas's label layout: what labels keep off. Not while
 * a step is dragged: each frame would build the grid of every node and place every label again
 * (with a thousand nodes, most of a frame); they are placed once on the drop.
 */
export function LabelObstacles() {
  const layout = useContext(LabelLayoutContext);
  const dragging = useContext(StepDragContext);
  const last = useRef<BoxGrid>(undefined);
  const select = useCallback(
    (state: ReactFlowState) => {
      if (dragging && last.current) return last.current;
      last.current = gridOf(state);
      return last.current;
    },
    [dragging],
  );
  const grid = useStore(select);
  useLayoutEffect(() => layout?.setNodes(grid), [layout, grid]);
  return null;
}
