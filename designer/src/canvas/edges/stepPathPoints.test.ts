import { getSmoothStepPath, Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { stepPathPoints } from './stepPathPoints';

const route = (sourceX: number, sourceY: number, targetX: number, targetY: number) =>
  stepPathPoints(
    getSmoothStepPath({
      sourceX,
      sourceY,
      targetX,
      targetY,
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
    })[0],
  );

/** Each step between consecutive points is horizontal or vertical. */
const orthogonal = (points: { x: number; y: number }[]) =>
  points.slice(1).every((p, i) => p.x === points[i]!.x || p.y === points[i]!.y);

describe('the corners of a drawn step edge', () => {
  it('runs a straight edge from its source to its target', () => {
    expect(route(0, 10, 100, 10)).toEqual([
      { x: 0, y: 10 },
      { x: 100, y: 10 },
    ]);
  });

  it('follows an edge that steps down to the next column, through each corner', () => {
    const points = route(0, 0, 200, 100);
    expect(points[0]).toEqual({ x: 0, y: 0 });
    expect(points.at(-1)).toEqual({ x: 200, y: 100 });
    expect(orthogonal(points)).toBe(true);
    expect(points).toContainEqual({ x: 100, y: 0 });
    expect(points).toContainEqual({ x: 100, y: 100 });
  });

  it('follows an edge that turns back to a node left of its source, around both ends', () => {
    const points = route(396, 345, 224, 420);
    expect(orthogonal(points)).toBe(true);
    // Out to the right of the source, back left past the target, and in from its left.
    expect(Math.max(...points.map((p) => p.x))).toBe(416);
    expect(Math.min(...points.map((p) => p.x))).toBe(204);
    expect(points.at(-1)).toEqual({ x: 224, y: 420 });
  });
});
