import { describe, expect, it } from 'vitest';
import { blockMinSize, boundsOf, grownBox, MINIMAP_BLOCK_MIN_PX, MINIMAP_SIZE } from './miniMapBlocks';

const chain = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ x: i * 240, y: 0, width: 176, height: 60 }));
/** How many overview pixels a flow length takes when the overview fits `bounds`. */
const pixels = (length: number, bounds: { width: number; height: number }) =>
  length / Math.max(bounds.width / MINIMAP_SIZE.width, bounds.height / MINIMAP_SIZE.height);

describe('the nodes in the overview', () => {
  it('draws every step of a 1,000-step chain at least a few pixels each way', () => {
    const boxes = chain(1_000);
    const bounds = boundsOf(boxes)!;
    expect(bounds).toEqual({ x: 0, y: 0, width: 999 * 240 + 176, height: 60 });
    // As React Flow draws it: a tenth of a pixel wide, a thirtieth high.
    expect(pixels(176, bounds)).toBeLessThan(0.2);
    const min = blockMinSize(bounds);
    for (const box of [boxes[0]!, boxes[500]!]) {
      const drawn = grownBox(box, min);
      expect(pixels(drawn.width, bounds)).toBeCloseTo(MINIMAP_BLOCK_MIN_PX);
      expect(pixels(drawn.height, bounds)).toBeCloseTo(MINIMAP_BLOCK_MIN_PX);
      // Grown about its middle: it stays where the step is.
      expect(drawn.x + drawn.width / 2).toBeCloseTo(box.x + box.width / 2);
      expect(drawn.y + drawn.height / 2).toBeCloseTo(box.y + box.height / 2);
    }
  });

  it('leaves the nodes of a small workflow as they are', () => {
    const boxes = chain(5);
    const min = blockMinSize(boundsOf(boxes));
    expect(min).toBeLessThan(60);
    expect(grownBox(boxes[2]!, min)).toEqual(boxes[2]);
  });

  it('has nothing to draw for no nodes', () => {
    expect(boundsOf([])).toBeUndefined();
    expect(blockMinSize(undefined)).toBe(0);
  });
});
