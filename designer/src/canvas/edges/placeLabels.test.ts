import { getSmoothStepPath, Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import type { Box } from '../openingView';
import { boxGrid } from './boxGrid';
import { fanRoute, laneOffset } from './fanRoute';
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
const boxOf = (spot: LabelSpot, height = 18): Box => ({
  x: spot.x - spot.width / 2,
  y: spot.y - height / 2,
  width: spot.width,
  height,
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

  describe('of edges joining the same two steps', () => {
    // A decision's "small" and "large" exits (21.5 px apart) into one step above them, each on its
    // lane: their vertical runs 16 px apart, shorter than either label is wide.
    const [decision, done] = [node(0, 0, 120), node(300, 0, 60)];
    // Labels as the canvas measures them: 21 px high, a little less than the exits are apart.
    const laned = (y: number, index: number, width: number, group?: string): LabelRequest => {
      const { points } = request({ x: 176, y }, { x: 300, y: 30 }, width);
      const moved = fanRoute(points, laneOffset({ index, count: 2, sharedExit: false }), {
        splitEnds: false,
      })!;
      return { points: moved, size: { width, height: 21 }, ...(group !== undefined ? { group } : {}) };
    };
    const runs = (points: readonly Point[]): Box[] =>
      points.slice(1).map((b, i) => {
        const a = points[i]!;
        return {
          x: Math.min(a.x, b.x),
          y: Math.min(a.y, b.y),
          width: Math.abs(b.x - a.x) || 1,
          height: Math.abs(b.y - a.y) || 1,
        };
      });
    const covered = (spots: Map<string, LabelSpot>, requests: Map<string, LabelRequest>) =>
      [...spots].flatMap(([id, spot]) =>
        [...requests]
          .filter(([other]) => other !== id)
          .filter(([, r]) => runs(r.points).some((run) => overlaps(boxOf(spot, 21), run)))
          .map(([other]) => `${id} over ${other}`),
      );
    const near = (area: Box) => boxGrid([decision, done]).near(area);

    it('keeps each label off the other edges’ lines, on a run of its own edge', () => {
      const apart = new Map([
        ['e5', laned(80, 0, 44)],
        ['e6', laned(101.5, 1, 44)],
      ]);
      // Alone, each label takes the middle of its edge, on the vertical runs, over the other's line.
      expect(covered(placeLabels(apart, near), apart)).not.toEqual([]);
      const grouped = new Map([
        ['e5', laned(80, 0, 44, 'route>done')],
        ['e6', laned(101.5, 1, 44, 'route>done')],
      ]);
      const spots = placeLabels(grouped, near);
      expect(covered(spots, grouped)).toEqual([]);
      for (const spot of spots.values()) expect(spot).toMatchObject({ width: 44, clear: true });
      // Each on its edge's own first run, level with the exit it leaves by, the two stacked.
      expect(spots.get('e5')!.y).toBe(80);
      expect(spots.get('e6')!.y).toBe(101.5);
      expect(overlaps(boxOf(spots.get('e5')!, 21), boxOf(spots.get('e6')!, 21))).toBe(false);
    });

    it('lays a label over another line of its group rather than cut it short or hide it', () => {
      // Labels too wide for the first runs: only a vertical run has room for the whole of one.
      const grouped = new Map([
        ['e5', laned(80, 0, 80, 'route>done')],
        ['e6', laned(101.5, 1, 80, 'route>done')],
      ]);
      const spots = placeLabels(grouped, near);
      // At its edge's middle, across the other's vertical run.
      expect(spots.get('e5')).toEqual({ x: 230, y: 47, width: 80, clear: true });
      expect(spots.get('e6')?.clear).toBe(true);
    });
  });
});
