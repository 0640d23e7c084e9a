import { getSmoothStepPath, Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import type { EdgeLane } from '../../model';
import type { Box } from '../openingView';
import { boxGrid } from './boxGrid';
import { edgePath, type EdgeEnds } from './edgePath';
import { corners, routeCrosses } from './orthogonalRoute';
import { stepPathPoints, type Point } from './stepPathPoints';

/** A step as the canvas draws it: 176 wide. */
const step = (x: number, y: number, height = 80): Box => ({ x, y, width: 176, height });
/** From a point on a step's right side to the middle of another's left side. */
const ends = (sourceY: number, from: Box, to: Box): EdgeEnds => ({
  sourceX: from.x + from.width,
  sourceY,
  targetX: to.x,
  targetY: to.y + to.height / 2,
  sourcePosition: Position.Right,
  targetPosition: Position.Left,
});
const laneOf = (index: number, count: number, sharedExit = false): EdgeLane => ({ index, count, sharedExit });
const route = (path: string): Point[] => corners(stepPathPoints(path));
/** The x of each vertical run but the ends'. */
const verticals = (points: readonly Point[]) =>
  points
    .slice(1)
    .flatMap((p, i) => (p.x === points[i]!.x && p.y !== points[i]!.y ? [p.x] : []))
    .sort((a, b) => a - b);
/** Whether two routes run along the same line anywhere but their last runs (into the one input). */
function shareARun(a: readonly Point[], b: readonly Point[]): boolean {
  const runs = (points: readonly Point[]) => points.slice(1, -1).map((p, i) => [points[i]!, p] as const);
  return runs(a).some(([p, q]) =>
    runs(b).some(([r, s]) => {
      if (p.y === q.y && r.y === s.y && p.y === r.y)
        return (
          Math.min(Math.max(p.x, q.x), Math.max(r.x, s.x)) > Math.max(Math.min(p.x, q.x), Math.min(r.x, s.x))
        );
      if (p.x === q.x && r.x === s.x && p.x === r.x)
        return (
          Math.min(Math.max(p.y, q.y), Math.max(r.y, s.y)) > Math.max(Math.min(p.y, q.y), Math.min(r.y, s.y))
        );
      return false;
    }),
  );
}

describe("an edge's path", () => {
  // An approval (exits at 48 and 69.5 px down) and the step both its outcomes lead to.
  const [review, notify] = [step(0, 0, 100), step(300, -10)];
  const grid = boxGrid([review, notify]);

  it("is React Flow's own where the edge is alone between its two steps", () => {
    const alone = ends(48, review, notify);
    expect(edgePath(alone, grid)).toBe(getSmoothStepPath(alone)[0]);
  });

  it('puts two edges between the same two steps on lanes of their own, no run shared', () => {
    const approve = route(edgePath(ends(48, review, notify), grid, laneOf(0, 2)));
    const reject = route(edgePath(ends(69.5, review, notify), grid, laneOf(1, 2)));
    // React Flow draws both up the middle of the gap (x 238): now 16 px apart about it, the edge
    // nearer the target's input turning first.
    expect(verticals(approve)).toEqual([230]);
    expect(verticals(reject)).toEqual([246]);
    expect(shareARun(approve, reject)).toBe(false);
    expect(approve.at(-1)).toEqual({ x: 300, y: 30 });
    expect(reject.at(-1)).toEqual({ x: 300, y: 30 });
  });

  it('puts the lanes of edges routed round a step in the way apart as well', () => {
    // A step between the two: both go round it, over the same channel without lanes.
    const far = step(600, 0, 100);
    const middle = step(300, 30, 100);
    const steps = boxGrid([review, middle, far]);
    const plain = [48, 69.5].map((y) => route(edgePath(ends(y, review, far), steps)));
    expect(shareARun(plain[0]!, plain[1]!)).toBe(true);
    const laned = [48, 69.5].map((y, index) =>
      route(edgePath(ends(y, review, far), steps, laneOf(index, 2))),
    );
    expect(shareARun(laned[0]!, laned[1]!)).toBe(false);
    for (const points of laned) expect(routeCrosses(points, [review, middle, far])).toBe(false);
    // The lane nearer the step in the way keeps some room from it, on a lane half as wide.
    expect(laned.map((points) => points[2]!.y)).toEqual([10, 22]);
  });

  it('keeps a lane off a step close by, drawing it nearer the others instead', () => {
    // The lower lane would move right, close to a step whose left side is 10 px past the middle.
    const blocker = step(248, 40, 12);
    const steps = boxGrid([review, notify, blocker]);
    const reject = route(edgePath(ends(69.5, review, notify), steps, laneOf(1, 2)));
    expect(verticals(reject)).toEqual([242]);
    expect(routeCrosses(reject, [blocker])).toBe(false);
  });
});
