import { getSmoothStepPath, Position } from '@xyflow/react';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fanRoute, LANE_GAP, laneOffset } from './fanRoute';
import { STUB } from './orthogonalRoute';
import { stepPathPoints, type Point } from './stepPathPoints';

/** React Flow's step path from a source's right side to a target's left side, as corners. */
const stepRoute = (source: Point, target: Point): Point[] =>
  stepPathPoints(
    getSmoothStepPath({
      sourceX: source.x,
      sourceY: source.y,
      targetX: target.x,
      targetY: target.y,
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
    })[0],
  );

/** The lane's route of edge `index` of `count`, leaving by its own exit. */
const lane = (route: Point[], index: number, count: number, splitEnds = false) =>
  fanRoute(route, laneOffset({ index, count, sharedExit: splitEnds }), { splitEnds });

type Segment = readonly [Point, Point];
const segments = (points: readonly Point[]): Segment[] => points.slice(1).map((p, i) => [points[i]!, p]);
const between = (v: number, a: number, b: number) => v > Math.min(a, b) && v < Math.max(a, b);

/** Whether a horizontal and a vertical segment cross each other, away from all four ends. */
function cross([a, b]: Segment, [c, d]: Segment): boolean {
  const horizontal = (s: Segment) => s[0].y === s[1].y && s[0].x !== s[1].x;
  const vertical = (s: Segment) => s[0].x === s[1].x && s[0].y !== s[1].y;
  if (horizontal([a, b]) && vertical([c, d])) return between(c.x, a.x, b.x) && between(a.y, c.y, d.y);
  if (vertical([a, b]) && horizontal([c, d])) return cross([c, d], [a, b]);
  return false;
}

/** Whether two segments run along the same line for some length. */
function overlap([a, b]: Segment, [c, d]: Segment): boolean {
  if (a.y === b.y && c.y === d.y && a.y === c.y)
    return (
      Math.min(Math.max(a.x, b.x), Math.max(c.x, d.x)) > Math.max(Math.min(a.x, b.x), Math.min(c.x, d.x))
    );
  if (a.x === b.x && c.x === d.x && a.x === c.x)
    return (
      Math.min(Math.max(a.y, b.y), Math.max(c.y, d.y)) > Math.max(Math.min(a.y, b.y), Math.min(c.y, d.y))
    );
  return false;
}

const orthogonal = (points: readonly Point[]) =>
  segments(points).every(([a, b]) => a.x === b.x || a.y === b.y);

describe('lanes of edges joining the same two steps', () => {
  it('spreads a group about its shared route, the edge of the highest exit leftmost', () => {
    expect(laneOffset({ index: 0, count: 2, sharedExit: false })).toBe(LANE_GAP / 2);
    expect(laneOffset({ index: 1, count: 2, sharedExit: false })).toBe(-LANE_GAP / 2);
    expect([0, 1, 2].map((index) => laneOffset({ index, count: 3, sharedExit: false }))).toEqual([
      LANE_GAP,
      0,
      -LANE_GAP,
    ]);
  });

  it("gives an approval's two outcomes into one step a vertical run each, the nearer turning first", () => {
    // Approve and Reject leave 21.5 px apart, below the target's input: both go up.
    const target = { x: 300, y: 80 };
    const approve = lane(stepRoute({ x: 0, y: 100 }, target), 0, 2)!;
    const reject = lane(stepRoute({ x: 0, y: 121.5 }, target), 1, 2)!;
    expect(approve).toEqual([{ x: 0, y: 100 }, { x: 142, y: 100 }, { x: 142, y: 80 }, target]);
    expect(reject).toEqual([{ x: 0, y: 121.5 }, { x: 158, y: 121.5 }, { x: 158, y: 80 }, target]);
    for (const a of segments(approve)) for (const b of segments(reject)) expect(cross(a, b)).toBe(false);
  });

  it('turns the nearer edge first going down as well', () => {
    const target = { x: 300, y: 200 };
    const upper = lane(stepRoute({ x: 0, y: 100 }, target), 0, 2)!;
    const lower = lane(stepRoute({ x: 0, y: 121.5 }, target), 1, 2)!;
    expect(upper[1]!.x).toBe(158);
    expect(lower[1]!.x).toBe(142);
  });

  it("parts a parallel split's branches between their shared ends, stepping aside after the handle", () => {
    const route = stepRoute({ x: 0, y: 50 }, { x: 200, y: 50 });
    const upper = lane(route, 0, 2, true)!;
    const lower = lane(route, 1, 2, true)!;
    expect(upper).toEqual([
      { x: 0, y: 50 },
      { x: STUB, y: 50 },
      { x: STUB, y: 42 },
      { x: 200 - STUB, y: 42 },
      { x: 200 - STUB, y: 50 },
      { x: 200, y: 50 },
    ]);
    expect(lower.map((p) => p.y)).toEqual([50, 50, 58, 58, 50, 50]);
  });

  it('moves every inner run of a route round a step, keeping its first and last runs on the handles', () => {
    // Out right, up over a step, along its top, down and into a target level with the source.
    const route = [
      { x: 0, y: 100 },
      { x: 20, y: 100 },
      { x: 20, y: 20 },
      { x: 280, y: 20 },
      { x: 280, y: 100 },
      { x: 300, y: 100 },
    ];
    expect(fanRoute(route, 8, { splitEnds: false })).toEqual([
      { x: 0, y: 100 },
      { x: 12, y: 100 },
      { x: 12, y: 12 },
      { x: 288, y: 12 },
      { x: 288, y: 100 },
      { x: 300, y: 100 },
    ]);
  });

  it('refuses an offset that would leave an end run too short or turn a run back', () => {
    const route = stepRoute({ x: 0, y: 100 }, { x: 60, y: 80 });
    expect(fanRoute(route, 26, { splitEnds: false })).toBeUndefined();
    expect(fanRoute(route, -26, { splitEnds: false })).toBeUndefined();
    expect(fanRoute(route, 8, { splitEnds: false })).toBeDefined();
  });

  it('leaves a straight edge from its own exit as it is', () => {
    const route = stepRoute({ x: 0, y: 80 }, { x: 300, y: 80 });
    expect(fanRoute(route, 8, { splitEnds: false })).toBeUndefined();
    expect(fanRoute(route, 0, { splitEnds: false })).toEqual(route);
  });

  it('never crosses two lanes of a group, and lets them share only the run into the target', () => {
    const group = fc.record({
      gaps: fc.array(fc.integer({ min: 12, max: 40 }), { minLength: 1, maxLength: 4 }),
      top: fc.integer({ min: -200, max: 200 }),
      target: fc.record({ x: fc.integer({ min: 120, max: 600 }), y: fc.integer({ min: -300, max: 300 }) }),
    });
    fc.assert(
      fc.property(group, ({ gaps, top, target }) => {
        const ys = gaps.reduce((list, gap) => [...list, list[list.length - 1]! + gap], [top]);
        const routes = ys.map((y, index) => {
          const route = stepRoute({ x: 0, y }, target);
          return lane(route, index, ys.length) ?? route;
        });
        for (const route of routes) expect(orthogonal(route)).toBe(true);
        for (let i = 0; i < routes.length; i += 1)
          for (let j = i + 1; j < routes.length; j += 1) {
            const [a, b] = [segments(routes[i]!), segments(routes[j]!)];
            for (const s of a) for (const t of b) expect(cross(s, t)).toBe(false);
            for (const s of a.slice(0, -1)) for (const t of b.slice(0, -1)) expect(overlap(s, t)).toBe(false);
          }
      }),
    );
  });
});
