import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Box } from '../openingView';
import { boxGrid } from './boxGrid';

const meets = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('a grid of boxes', () => {
  it('finds the boxes that meet an area, once each, in their order', () => {
    const wide = { x: -100, y: 0, width: 2000, height: 60 };
    const near = { x: 300, y: 100, width: 176, height: 60 };
    const far = { x: 5000, y: 5000, width: 176, height: 60 };
    const grid = boxGrid([wide, near, far]);
    expect(grid.near({ x: 250, y: 40, width: 100, height: 100 })).toEqual([wide, near]);
    expect(grid.near({ x: 4000, y: 4000, width: 10, height: 10 })).toEqual([]);
  });

  it('finds exactly what a look through every box finds', () => {
    const box = fc.record({
      x: fc.integer({ min: -3000, max: 3000 }),
      y: fc.integer({ min: -3000, max: 3000 }),
      width: fc.integer({ min: 1, max: 1500 }),
      height: fc.integer({ min: 1, max: 1500 }),
    });
    fc.assert(
      fc.property(fc.array(box, { maxLength: 40 }), box, (boxes, area) => {
        expect(boxGrid(boxes).near(area)).toEqual(boxes.filter((b) => meets(b, area)));
      }),
    );
  });
});
