import fc from 'fast-check';
import { getSmoothStepPath, Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import type { Box } from '../openingView';
import { LABEL_GAP, LABEL_MIN_WIDTH, labelSpot, type LabelSize, type LabelSpot } from './labelSpot';
import { stepPathPoints, type Point } from './stepPathPoints';

const LABEL: LabelSize = { width: 60, height: 18 };
/** A node as the canvas draws it: 176 wide. */
const node = (x: number, y: number, height = 100): Box => ({ x, y, width: 176, height });
/** The drawn route from a node's exit at (x, y) on its right to the entry on another's left. */
const route = (from: Point, to: Point) =>
  stepPathPoints(
    getSmoothStepPath({
      sourceX: from.x,
      sourceY: from.y,
      targetX: to.x,
      targetY: to.y,
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
    })[0],
  );
/** The label's box at a spot, with the clear space kept around it. */
const boxAt = (spot: Omit<LabelSpot, 'clear'>, height = LABEL.height): Box => ({
  x: spot.x - spot.width / 2 - LABEL_GAP,
  y: spot.y - height / 2 - LABEL_GAP,
  width: spot.width + 2 * LABEL_GAP,
  height: height + 2 * LABEL_GAP,
});
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
/** Whether a point lies on the route (on one of its horizontal or vertical runs). */
const onRoute = (at: Point, points: readonly Point[]) =>
  points.slice(1).some((b, i) => {
    const a = points[i]!;
    const within = (v: number, p: number, q: number) =>
      v >= Math.min(p, q) - 1e-6 && v <= Math.max(p, q) + 1e-6;
    return within(at.x, a.x, b.x) && within(at.y, a.y, b.y);
  });

describe('where an edge label goes', () => {
  it('sits at the middle of an edge with room there, whole', () => {
    const [from, to] = [node(0, 0), node(400, 0)];
    const points = route({ x: 176, y: 50 }, { x: 400, y: 50 });
    const spot = labelSpot({ points, size: LABEL, obstacles: [from, to] });
    expect(spot).toEqual({ x: 288, y: 50, width: LABEL.width, clear: true });
  });

  it('moves off the head of a node the edge turns back to (the access-approval example’s “Timed out”)', () => {
    // An approval's last exit leads to an approval drawn just below it, in the same column: the
    // middle between the two ends lies on the lower one's head.
    const manager = node(220, 120, 120);
    const serviceDesk = node(220, 270, 100);
    const points = route({ x: 396, y: 226 }, { x: 224, y: 320 });
    const middleOfEnds = { x: (396 + 224) / 2, y: (226 + 320) / 2 };
    expect(overlaps(boxAt({ ...middleOfEnds, width: LABEL.width }), serviceDesk)).toBe(true);
    const spot = labelSpot({ points, size: LABEL, obstacles: [manager, serviceDesk] });
    expect(spot.width).toBe(LABEL.width);
    expect(onRoute(spot, points)).toBe(true);
    expect(overlaps(boxAt(spot), manager)).toBe(false);
    expect(overlaps(boxAt(spot), serviceDesk)).toBe(false);
  });

  it('cuts a label wider than the gap between two columns short to the room there', () => {
    const [from, to] = [node(0, 0), node(236, 0)];
    const points = route({ x: 176, y: 50 }, { x: 236, y: 50 });
    const spot = labelSpot({ points, size: { width: 160, height: 18 }, obstacles: [from, to] });
    expect(spot.width).toBe(60 - 2 * LABEL_GAP);
    expect(spot.x).toBe(206);
    expect(overlaps(boxAt(spot), from) || overlaps(boxAt(spot), to)).toBe(false);
  });

  it('prefers a spot for the whole label further along the edge to cutting it short at the middle', () => {
    // A step from one column down to the next: the columns are close, but the run into the
    // target, below the source, has room beside it.
    const from = node(0, 0);
    const to = node(236, 300);
    const points = route({ x: 176, y: 50 }, { x: 236, y: 350 });
    const spot = labelSpot({ points, size: LABEL, obstacles: [from, to] });
    expect(spot.width).toBe(LABEL.width);
    expect(onRoute(spot, points)).toBe(true);
    expect(overlaps(boxAt(spot), from) || overlaps(boxAt(spot), to)).toBe(false);
  });

  it('covers as little as it can where there is no room at all', () => {
    // A note lies along the whole edge: thick over its first half, a thin strip over the rest.
    const points = route({ x: 0, y: 50 }, { x: 400, y: 50 });
    const thick = { x: -20, y: 0, width: 260, height: 100 };
    const thin = { x: 240, y: 48, width: 180, height: 4 };
    const spot = labelSpot({ points, size: LABEL, obstacles: [thick, thin] });
    expect(spot.clear).toBe(false);
    expect(spot.width).toBe(LABEL.width);
    expect(spot.x - LABEL.width / 2).toBeGreaterThanOrEqual(thick.x + thick.width + LABEL_GAP);
    expect(onRoute(spot, points)).toBe(true);
  });

  it('is always on the edge, and clear of every node unless it says it is not', () => {
    const box = fc.record({
      x: fc.integer({ min: -400, max: 800 }),
      y: fc.integer({ min: -400, max: 800 }),
      width: fc.integer({ min: 40, max: 300 }),
      height: fc.integer({ min: 40, max: 200 }),
    });
    const point = fc.record({
      x: fc.integer({ min: -400, max: 800 }),
      y: fc.integer({ min: -400, max: 800 }),
    });
    fc.assert(
      fc.property(
        point,
        point,
        fc.array(box, { maxLength: 8 }),
        fc.integer({ min: 20, max: 160 }),
        (from, to, obstacles, width) => {
          const points = route(from, to);
          const size = { width, height: 18 };
          const spot = labelSpot({ points, size, obstacles });
          expect(onRoute(spot, points)).toBe(true);
          expect(spot.width).toBeLessThanOrEqual(width);
          if (spot.width < width) expect(spot.width).toBeGreaterThanOrEqual(LABEL_MIN_WIDTH);
          if (spot.clear)
            for (const obstacle of obstacles) expect(overlaps(boxAt(spot), obstacle)).toBe(false);
        },
      ),
    );
  });
});
