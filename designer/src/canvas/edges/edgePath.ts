import { getSmoothStepPath, type Position } from '@xyflow/react';
import type { EdgeLane } from '../../model';
import type { Box } from '../openingView';
import type { BoxGrid } from './boxGrid';
import { fanRoute, laneOffset } from './fanRoute';
import { corners, orthogonalRoute, roundedPath, routeCrosses, type Side } from './orthogonalRoute';
import { stepPathPoints, type Point } from './stepPathPoints';

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

/** The box round a route's points. */
const boundsOf = (points: readonly Point[]): Box => {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [left, top] = [Math.min(...xs), Math.min(...ys)];
  return { x: left, y: top, width: Math.max(...xs) - left, height: Math.max(...ys) - top };
};

/**
 * The edge's route: React Flow's step path where it runs clear of every step (most edges; undefined
 * then, the path being React Flow's own), else a route around the steps (orthogonalRoute.ts).
 * React Flow's path only knows the two ends: it ran through a step between them, or through its
 * own ends' steps when it turned back.
 */
function routeAround(ends: EdgeEnds, points: readonly Point[], steps: BoxGrid): Point[] | undefined {
  // Each run asks only for the steps along it: the box round a long edge across a large drawing
  // holds hundreds of them.
  const clear = points.slice(1).every((b, i) => {
    const a = points[i]!;
    const [left, top] = [Math.min(a.x, b.x), Math.min(a.y, b.y)];
    const run = { x: left, y: top, width: Math.max(a.x, b.x) - left, height: Math.max(a.y, b.y) - top };
    return !routeCrosses([a, b], steps.near(run).map(within));
  });
  if (clear) return undefined;
  const { width, height } = boundsOf(points);
  if (width > FAR || height > FAR) return undefined;
  return orthogonalRoute({
    source: { x: ends.sourceX, y: ends.sourceY },
    sourceSide: ends.sourcePosition as Side,
    target: { x: ends.targetX, y: ends.targetY },
    targetSide: ends.targetPosition as Side,
    stepsNear: (area) => steps.near(area),
  });
}

/** Room a lane keeps from a step (half a route's CLEARANCE): a line on a step's border reads as part of it. */
const LANE_MARGIN = 6;
const grown = (box: Box): Box => ({
  x: box.x - LANE_MARGIN,
  y: box.y - LANE_MARGIN,
  width: box.width + 2 * LANE_MARGIN,
  height: box.height + 2 * LANE_MARGIN,
});

/**
 * An edge of a group joining the same two steps on its own lane (fanRoute.ts), where the lane runs
 * clear of the steps (its moved runs LANE_MARGIN off them): else half as far from the others, else
 * (undefined) on the group's route.
 */
function laneRoute(route: readonly Point[], lane: EdgeLane, steps: BoxGrid): Point[] | undefined {
  const offset = laneOffset(lane);
  for (const shift of [offset, offset / 2]) {
    const moved = fanRoute(route, shift, { splitEnds: lane.sharedExit });
    if (!moved) continue;
    const near = steps.near(grown(boundsOf(moved)));
    // The end runs start on their steps' borders: only the runs between are kept off by the margin.
    if (!routeCrosses(moved, near.map(within)) && !routeCrosses(moved.slice(1, -1), near.map(grown)))
      return moved;
  }
  return undefined;
}

/**
 * The edge's path: its route (React Flow's step path, or one around the steps; routeAround), on a
 * lane of its own when other edges join the same two steps (`lane`), so that none is drawn over
 * another.
 */
export function edgePath(ends: EdgeEnds, steps: BoxGrid, lane?: EdgeLane): string {
  const [simple] = getSmoothStepPath(ends);
  const points = stepPathPoints(simple);
  const route = routeAround(ends, points, steps);
  const laned = lane && laneRoute(route ?? corners(points), lane, steps);
  if (laned) return roundedPath(laned);
  return route ? roundedPath(route) : simple;
}
