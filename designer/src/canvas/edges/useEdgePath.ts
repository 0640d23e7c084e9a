import { getSmoothStepPath, useStore, type Position, type ReactFlowState } from '@xyflow/react';
import { createContext, useCallback, useContext, useRef } from 'react';
import type { Box } from '../openingView';
import { boxGrid, type BoxGrid } from './boxGrid';
import { orthogonalRoute, roundedPath, routeCrosses, type Side } from './orthogonalRoute';
import { stepPathPoints } from './stepPathPoints';

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

export interface EdgeEnds {
  readonly sourceX: number;
  readonly sourceY: number;
  readonly targetX: number;
  readonly targetY: number;
  readonly sourcePosition: Position;
  readonly targetPosition: Position;
}

/**
 * An edge longer than this either way keeps React Flow's path: the steps around it are too many to
 * route round on every change (a long edge across a drawing of a thousand steps).
 */
const FAR = 2400;

/** A step's box, a pixel in from its border: a route along the border, or a handle on it, is not in it. */
const within = (box: Box): Box => ({
  x: box.x + 1,
  y: box.y + 1,
  width: box.width - 2,
  height: box.height - 2,
});

/**
 * The edge's path: React Flow's step path where it runs clear of every step (most edges), else a
 * route around the steps (orthogonalRoute.ts). React Flow's path only knows the two ends: it ran
 * through a step between them, or through its own ends' steps when it turned back.
 */
export function edgePath(ends: EdgeEnds, steps: BoxGrid): string {
  const [simple] = getSmoothStepPath(ends);
  const points = stepPathPoints(simple);
  // Each run asks only for the steps along it: the box round a long edge across a large drawing
  // holds hundreds of them.
  const clear = points.slice(1).every((b, i) => {
    const a = points[i]!;
    const [left, top] = [Math.min(a.x, b.x), Math.min(a.y, b.y)];
    const run = { x: left, y: top, width: Math.max(a.x, b.x) - left, height: Math.max(a.y, b.y) - top };
    return !routeCrosses([a, b], steps.near(run).map(within));
  });
  if (clear) return simple;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  if (Math.max(...xs) - Math.min(...xs) > FAR || Math.max(...ys) - Math.min(...ys) > FAR) return simple;
  const route = orthogonalRoute({
    source: { x: ends.sourceX, y: ends.sourceY },
    sourceSide: ends.sourcePosition as Side,
    target: { x: ends.targetX, y: ends.targetY },
    targetSide: ends.targetPosition as Side,
    stepsNear: (area) => steps.near(area),
  });
  return route ? roundedPath(route) : simple;
}

/**
 * The edge's path on this canvas, worked out again only when its ends or the steps move (a pan or
 * a zoom, or another edge's change, leave it as it was and draw nothing again), and not while a
 * step is being dragged.
 */
export function useEdgePath(ends: EdgeEnds): string {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = ends;
  const dragging = useContext(StepDragContext);
  const last = useRef<{ grid: BoxGrid; key: string; path: string }>(undefined);
  const select = useCallback(
    (state: ReactFlowState) => {
      const key = `${sourceX},${sourceY},${targetX},${targetY},${sourcePosition},${targetPosition}`;
      const known = last.current;
      const at = { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition };
      // While a step is dragged, routes are not looked for on every frame (nor the steps' grid
      // built): an edge keeps its route, and one whose end moves follows as React Flow draws it;
      // all are routed on the drop.
      if (dragging) return known?.key === key ? known.path : getSmoothStepPath(at)[0];
      const grid = stepGridOf(state);
      if (known && known.key === key && known.grid === grid) return known.path;
      const path = edgePath(at, grid);
      last.current = { grid, key, path };
      return path;
    },
    [sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, dragging],
  );
  return useStore(select);
}
