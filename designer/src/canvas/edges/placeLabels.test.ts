import { getSmoothStepPath, Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import type { Box } from '../openingView';
import { boxGrid } from './boxGrid';
import type { LabelSpot } from './labelSpot';
import { placeLabels, type LabelRequest } from './placeLabels';
import { stepPathPoints, type Point } from './stepPathPoints';

const node = (x: number, y: number, height = 100): Box => ({ x, y, width: 176, height });
const request = (from: Point, to: Point, width = 60): LabelRequest => ({
  points: stepPathPoints(
    getSmoothStepPath({
      sourceX: from.x,
      sourceY: from.y,
      targetX: to.x,
      targetY: to.y,
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
    })[0],
  ),
  size: { width, height: 18 },
});
const boxOf = (spot: LabelSpot): Box => ({
  x: spot.x - spot.width / 2,
  y: spot.y - 9,
  width: spot.width,
  height: 18,
});
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('placing the labels of a canvas together', () => {
  // Two edges that cross between two columns, each from the top of one to the bottom of the
  // other: their middles are the same point, where they cross.
  const nodes = [node(0, -50), node(0, 150), node(400, -50), node(400, 150)];
  const grid = boxGrid(nodes);
  const requests = new Map([
    ['e1', request({ x: 176, y: 0 }, { x: 400, y: 200 })],
    ['e2', request({ x: 176, y: 200 }, { x: 400, y: 0 })],
    ['e3', request({ x: 176, y: 20 }, { x: 400, y: 20 })],
  ]);

  it('keeps every label off the nodes and off the other labels', () => {
    const spots = placeLabels(requests, (area) => grid.near(area));
    expect([...spots.keys()].sort()).toEqual(['e1', 'e2', 'e3']);
    const boxes = [...spots.values()].map(boxOf);
    for (const [i, box] of boxes.entries()) {
      for (const n of nodes) expect(overlaps(box, n)).toBe(false);
      for (const other of boxes.slice(i + 1)) expect(overlaps(box, other)).toBe(false);
    }
  });

  it('places the same labels the same way whatever order they were asked for in', () => {
    const reversed = new Map([...requests].reverse());
    expect(placeLabels(reversed, (area) => grid.near(area))).toEqual(
      placeLabels(requests, (area) => grid.near(area)),
    );
  });

  it('leaves a label that has room at its edge’s middle', () => {
    const alone = new Map([['e1', request({ x: 176, y: 50 }, { x: 400, y: 50 })]]);
    const spots = placeLabels(alone, () => [node(0, 0), node(400, 0)]);
    expect(spots.get('e1')).toEqual({ x: 288, y: 50, width: 60, clear: true });
  });
});
