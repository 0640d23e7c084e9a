/** A point in flow coordinates. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;

/**
 * The corners of an orthogonal path as React Flow's `getSmoothStepPath` writes it (absolute
 * `M`, `L` and `Q` only): every coordinate pair in it lies on the route, a `Q`'s control point
 * being the corner its curve rounds. The label placement walks these points, so the label sits on
 * the line that is drawn rather than on a route of our own.
 */
export function stepPathPoints(path: string): Point[] {
  const numbers = (path.match(NUMBER) ?? []).map(Number);
  const points: Point[] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) {
    const point = { x: numbers[i]!, y: numbers[i + 1]! };
    const last = points[points.length - 1];
    if (!last || last.x !== point.x || last.y !== point.y) points.push(point);
  }
  return points;
}
