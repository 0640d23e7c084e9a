import fc from 'fast-check';
import { getSmoothStepPath, Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import type { Box } from '../openingView';
import { boxGrid } from './boxGrid';
import {
  CLEARANCE,
  corners,
  orthogonalRoute,
  roundedPath,
  routeCrosses,
  STUB,
  type RouteInput,
} from './orthogonalRoute';
import { stepPathPoints, type Point } from './stepPathPoints';

/** A step as the canvas draws it: 176 wide. */
const step = (x: number, y: number, height = 60): Box => ({ x, y, width: 176, height });
/** From the right side of one step (its exit at mid height) to the left side of another. */
const between = (from: Box, to: Box, others: Box[] = []): RouteInput => {
  const grid = boxGrid([from, to, ...others]);
  return {
    source: { x: from.x + from.width, y: from.y + from.height / 2 },
    sourceSide: 'right',
    target: { x: to.x, y: to.y + to.height / 2 },
    targetSide: 'left',
    stepsNear: (area) => grid.near(area),
  };
};
const orthogonal = (points: readonly Point[]) =>
  points.slice(1).every((p, i) => p.x === points[i]!.x || p.y === points[i]!.y);
/** How near the route comes to the box (0: it touches or enters it). */
const distance = (points: readonly Point[], box: Box) =>
  Math.min(
    ...points.slice(1).map((b, i) => {
      const a = points[i]!;
      const dx = Math.max(box.x - Math.max(a.x, b.x), Math.min(a.x, b.x) - (box.x + box.width), 0);
      const dy = Math.max(box.y - Math.max(a.y, b.y), Math.min(a.y, b.y) - (box.y + box.height), 0);
      return Math.max(dx, dy);
    }),
  );

describe('a route around the steps', () => {
  it('goes round a step lying between its two ends, keeping its distance', () => {
    const [from, middle, to] = [step(0, 0), step(240, 0), step(480, 0)];
    const input = between(from, to, [middle]);
    const simple = stepPathPoints(getSmoothStepPath({ ...ends(input) })[0]);
    expect(routeCrosses(simple, [middle])).toBe(true);
    const route = orthogonalRoute(input)!;
    expect(route[0]).toEqual(input.source);
    expect(route.at(-1)).toEqual(input.target);
    expect(orthogonal(route)).toBe(true);
    expect(routeCrosses(route, [from, middle, to])).toBe(false);
    expect(distance(route.slice(1, -1), middle)).toBeGreaterThanOrEqual(CLEARANCE);
    // Out of the source and into the target straight, then one way round: four turns.
    expect(route[1]!.y).toBe(route[0]!.y);
    expect(route.at(-2)!.y).toBe(route.at(-1)!.y);
    expect(route).toHaveLength(6);
  });

  it('turns back round its own two steps (a loop back to an earlier step on the same row)', () => {
    const [earlier, later] = [step(0, 0), step(240, 0)];
    const input = between(later, earlier);
    const simple = stepPathPoints(getSmoothStepPath({ ...ends(input) })[0]);
    expect(routeCrosses(simple, [earlier, later])).toBe(true);
    const route = orthogonalRoute(input)!;
    expect(orthogonal(route)).toBe(true);
    expect(routeCrosses(route, [earlier, later])).toBe(false);
    expect(route[1]).toEqual({ x: later.x + later.width + STUB, y: 30 });
  });

  it('takes the channel between two columns at its middle', () => {
    const [from, blocker, to] = [step(0, 0), step(240, 100, 100), step(240, 300)];
    const route = orthogonalRoute(between(from, to, [blocker]))!;
    expect(routeCrosses(route, [from, blocker, to])).toBe(false);
    const vertical = route.slice(1).find((p, i) => p.x === route[i]!.x && p.y !== route[i]!.y)!;
    expect(vertical.x).toBe(208);
  });

  it('looks further afield when the steps near its ends leave no way round', () => {
    // A wall of steps between the two ends, taller than the area first looked at.
    const wall = Array.from({ length: 12 }, (_, i) => step(240, -600 + i * 100, 100));
    const [from, to] = [step(0, 0), step(480, 0)];
    const route = orthogonalRoute(between(from, to, wall))!;
    expect(route).toBeDefined();
    expect(routeCrosses(route, [from, to, ...wall])).toBe(false);
  });

  it('gives up on a handle boxed in by steps', () => {
    const [from, to] = [step(0, 0), step(186, 0)];
    expect(orthogonalRoute(between(from, to))).toBeUndefined();
  });

  it('never runs through a step, and is drawn where it is', () => {
    const box = fc.record({
      x: fc.integer({ min: -30, max: 30 }).map((v) => v * 20),
      y: fc.integer({ min: -30, max: 30 }).map((v) => v * 20),
      width: fc.constantFrom(120, 176),
      height: fc.constantFrom(40, 60, 100),
    });
    fc.assert(
      fc.property(box, box, fc.array(box, { maxLength: 10 }), (from, to, others) => {
        const input = between(from, to, others);
        const route = orthogonalRoute(input);
        if (!route) return;
        expect(orthogonal(route)).toBe(true);
        expect(route[0]).toEqual(input.source);
        expect(route.at(-1)).toEqual(input.target);
        const all = [from, to, ...others];
        // Apart from the runs out of the source and into the target, clear of every step.
        expect(routeCrosses(route.slice(1, -1), all)).toBe(false);
        // The drawn path (its corners rounded) runs along the same lines.
        const drawn = stepPathPoints(roundedPath(route));
        expect(orthogonal(drawn)).toBe(true);
        expect(routeCrosses(drawn.slice(1, -1), all)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('drops the points in the middle of a straight run', () => {
    expect(
      corners([
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 20, y: 0 },
        { x: 20, y: 0 },
        { x: 20, y: 10 },
      ]),
    ).toEqual([
      { x: 0, y: 0 },
      { x: 20, y: 0 },
      { x: 20, y: 10 },
    ]);
  });
});

function ends(input: RouteInput) {
  return {
    sourceX: input.source.x,
    sourceY: input.source.y,
    targetX: input.target.x,
    targetY: input.target.y,
    sourcePosition: Position.Right,
    targetPosition: Position.Left,
  };
}
