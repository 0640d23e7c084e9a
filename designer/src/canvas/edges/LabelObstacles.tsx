import { useStore, type ReactFlowState } from '@xyflow/react';
import { useContext, useLayoutEffect } from 'react';
import type { Box } from '../openingView';
import { boxGrid, type BoxGrid } from './boxGrid';
import { LabelLayoutContext } from './labelLayout';

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

/** Hands the nodes' and notes' boxes to the canvas's label layout: what labels keep off. */
export function LabelObstacles() {
  const layout = useContext(LabelLayoutContext);
  const grid = useStore(gridOf);
  useLayoutEffect(() => layout?.setNodes(grid), [layout, grid]);
  return null;
}
