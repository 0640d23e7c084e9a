import type { Box } from '../openingView';

/** Boxes bucketed by the cells of a square grid they touch, to find those near an area fast. */
export interface BoxGrid {
  /** The boxes that meet `area`, in the order they were given. */
  near(area: Box): Box[];
}

const CELL = 512;

/**
 * A grid over the boxes. An edge asks for the nodes near its route on every change of the canvas
 * (a pan, a drag): with a thousand nodes, looking through a few cells instead of every box.
 */
export function boxGrid(boxes: readonly Box[]): BoxGrid {
  const cells = new Map<string, number[]>();
  const span = (from: number, size: number) => [Math.floor(from / CELL), Math.floor((from + size) / CELL)];
  const eachCell = (box: Box, visit: (key: string) => void) => {
    const [left, right] = span(box.x, box.width);
    const [top, bottom] = span(box.y, box.height);
    for (let i = left!; i <= right!; i += 1) for (let j = top!; j <= bottom!; j += 1) visit(`${i}:${j}`);
  };
  boxes.forEach((box, index) =>
    eachCell(box, (key) => {
      const cell = cells.get(key);
      if (cell) cell.push(index);
      else cells.set(key, [index]);
    }),
  );
  return {
    near(area) {
      const found = new Set<number>();
      eachCell(area, (key) => {
        for (const index of cells.get(key) ?? []) {
          const box = boxes[index]!;
          if (
            box.x < area.x + area.width &&
            area.x < box.x + box.width &&
            box.y < area.y + area.height &&
            area.y < box.y + box.height
          )
            found.add(index);
        }
      });
      return [...found].sort((a, b) => a - b).map((index) => boxes[index]!);
    },
  };
}
