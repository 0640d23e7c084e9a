import type { WorkflowDefinition } from '@flowline/engine';
import { DEFAULT_NODE_SIZE } from '../document/edits';

type Point = { readonly x: number; readonly y: number };

/** A point snapped to the canvas's grid. */
export const snapPoint = (point: Point, grid: number): Point => ({
  x: Math.round(point.x / grid) * grid,
  y: Math.round(point.y / grid) * grid,
});

/**
 * Where a node added by keyboard or click goes: at the point (the view's centre), or the first
 * place below it where it covers no other node's position, so nodes added in a row do not stack.
 */
export function freePosition(definition: WorkflowDefinition, point: Point, grid = 20): Point {
  const taken = Object.values(definition.layout);
  const { width, height } = DEFAULT_NODE_SIZE;
  let candidate = snapPoint(point, grid);
  for (let step = 0; step < 200; step += 1) {
    const c = candidate;
    const clash = taken.some((p) => Math.abs(p.x - c.x) < width && Math.abs(p.y - c.y) < height);
    if (!clash) return candidate;
    candidate = { x: c.x, y: c.y + height + grid };
  }
  return candidate;
}
