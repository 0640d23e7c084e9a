import type { Box } from '../openingView';
import type { Point } from './stepPathPoints';

/** A side of a node an edge leaves or enters by. */
export type Side = 'left' | 'right' | 'top' | 'bottom';

export interface RouteInput {
  /** Where the edge leaves its source (the handle), and through which side. */
  readonly source: Point;
  readonly sourceSide: Side;
  /** Where it enters its target, and through which side. */
  readonly target: Point;
  readonly targetSide: Side;
  /** The steps near an area (its own two included): what the route goes around. */
  readonly stepsNear: (area: Box) => readonly Box[];
}

/** How far the route runs straight out of a handle before it may turn (React Flow's step offset). */
export const STUB = 20;
/** Room kept between a route and the steps it goes around. */
export const CLEARANCE = 12;
/** What a turn costs, in pixels of length: a longer route with fewer turns reads better. */
const BEND = 60;
/** How far beyond its two ends a route looks for a way around (at first). */
const REACH = 160;
/**
 * The most steps a route looks at: a long edge across a large drawing would search a grid of
 * thousands of lines on every change of the canvas. Beyond it the edge keeps React Flow's path.
 */
const MAX_STEPS = 24;
/** How often the area looked at grows (each time by twice as much) before the route gives up. */
const ATTEMPTS = 5;

const DIRECTION: Record<Side, Point> = {
  left: { x: -1, y: 0 },
  right: { x: 1, y: 0 },
  top: { x: 0, y: -1 },
  bottom: { x: 0, y: 1 },
};

const inside = (p: Point, b: Box) => p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.height;

/** Whether the segment a–b (horizontal or vertical) runs through the inside of the box. */
export function crosses(a: Point, b: Point, box: Box): boolean {
  const [left, right] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
  const [top, bottom] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
  if (top === bottom)
    return top > box.y && top < box.y + box.height && left < box.x + box.width && right > box.x;
  if (left === right)
    return left > box.x && left < box.x + box.width && top < box.y + box.height && bottom > box.y;
  return false;
}

/** Whether any segment of the route runs through a step (a step's border is not its inside). */
export function routeCrosses(points: readonly Point[], steps: readonly Box[]): boolean {
  for (let i = 1; i < points.length; i += 1)
    for (const box of steps) if (crosses(points[i - 1]!, points[i]!, box)) return true;
  return false;
}

const boundsOf = (points: readonly Point[], grow: number): Box => {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [left, top] = [Math.min(...xs) - grow, Math.min(...ys) - grow];
  return { x: left, y: top, width: Math.max(...xs) + grow - left, height: Math.max(...ys) + grow - top };
};
const holds = (outer: Box, inner: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;
const union = (a: Box, b: Box): Box => {
  const [left, top] = [Math.min(a.x, b.x), Math.min(a.y, b.y)];
  const right = Math.max(a.x + a.width, b.x + b.width);
  const bottom = Math.max(a.y + a.height, b.y + b.height);
  return { x: left, y: top, width: right - left, height: bottom - top };
};

/** Sorted distinct values, with the middle of each gap between neighbours (a channel's centre). */
function lines(values: number[]): number[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const result: number[] = [];
  sorted.forEach((value, i) => {
    if (i > 0) result.push((sorted[i - 1]! + value) / 2);
    result.push(value);
  });
  return result;
}

/** A small binary heap of state indices by cost. */
class Heap {
  private readonly items: number[] = [];
  constructor(private readonly cost: Float64Array) {}
  get size() {
    return this.items.length;
  }
  push(item: number) {
    const { items, cost } = this;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (cost[items[parent]!]! <= cost[item]!) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = item;
  }
  pop(): number {
    const { items, cost } = this;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= items.length) break;
        const r = l + 1;
        const child = r < items.length && cost[items[r]!]! < cost[items[l]!]! ? r : l;
        if (cost[items[child]!]! >= cost[last]!) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}

// Moves on the grid: right, down, left, up.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];
const dirOf = (v: Point) => (v.x > 0 ? 0 : v.y > 0 ? 1 : v.x < 0 ? 2 : 3);

/**
 * The shortest route with fewest turns from `from` (leaving in direction `start`) to `to` (arriving
 * in direction `end`) along the lines of a grid made of the steps' sides (kept CLEARANCE off) and
 * the channels between them, never through a step. Undefined when there is none.
 */
function searchGrid(
  from: Point,
  start: number,
  to: Point,
  end: number,
  steps: readonly Box[],
  area: Box,
): Point[] | undefined {
  const blocked = steps.map((b) => ({
    x: b.x - CLEARANCE,
    y: b.y - CLEARANCE,
    width: b.width + 2 * CLEARANCE,
    height: b.height + 2 * CLEARANCE,
  }));
  if (blocked.some((b) => inside(from, b) || inside(to, b))) return undefined;
  const xs = lines([
    from.x,
    to.x,
    area.x,
    area.x + area.width,
    ...blocked.flatMap((b) => [b.x, b.x + b.width]),
  ]);
  const ys = lines([
    from.y,
    to.y,
    area.y,
    area.y + area.height,
    ...blocked.flatMap((b) => [b.y, b.y + b.height]),
  ]);
  const [nx, ny] = [xs.length, ys.length];
  const index = (values: number[], v: number) => {
    let [lo, hi] = [0, values.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Which grid points, and which runs between neighbours, lie inside a step (with its clearance).
  const pointBlocked = new Uint8Array(nx * ny);
  const runXBlocked = new Uint8Array(nx * ny); // from (i, j) to (i + 1, j)
  const runYBlocked = new Uint8Array(nx * ny); // from (i, j) to (i, j + 1)
  for (const b of blocked) {
    const [i0, i1] = [index(xs, b.x), index(xs, b.x + b.width)];
    const [j0, j1] = [index(ys, b.y), index(ys, b.y + b.height)];
    for (let i = i0; i <= i1; i += 1)
      for (let j = j0; j <= j1; j += 1) {
        const at = j * nx + i;
        const insideX = i > i0 && i < i1;
        const insideY = j > j0 && j < j1;
        if (insideX && insideY) pointBlocked[at] = 1;
        if (insideY && i < i1) runXBlocked[at] = 1;
        if (insideX && j < j1) runYBlocked[at] = 1;
      }
  }
  const startAt = index(ys, from.y) * nx + index(xs, from.x);
  const goalAt = index(ys, to.y) * nx + index(xs, to.x);
  const cost = new Float64Array(nx * ny * 4).fill(Infinity);
  const previous = new Int32Array(nx * ny * 4).fill(-1);
  const done = new Uint8Array(nx * ny * 4);
  const heap = new Heap(cost);
  const first = startAt * 4 + start;
  cost[first] = 0;
  heap.push(first);
  let reached = -1;
  while (heap.size > 0) {
    const state = heap.pop();
    if (done[state]) continue;
    done[state] = 1;
    const at = state >> 2;
    const dir = state & 3;
    if (at === goalAt && dir === end) {
      reached = state;
      break;
    }
    const [i, j] = [at % nx, Math.floor(at / nx)];
    for (let d = 0; d < 4; d += 1) {
      if (d === ((dir + 2) & 3)) continue;
      const [ni, nj] = [i + DX[d]!, j + DY[d]!];
      if (ni < 0 || nj < 0 || ni >= nx || nj >= ny) continue;
      const next = nj * nx + ni;
      if (pointBlocked[next]) continue;
      if (d === 0 && runXBlocked[at]) continue;
      if (d === 2 && runXBlocked[next]) continue;
      if (d === 1 && runYBlocked[at]) continue;
      if (d === 3 && runYBlocked[next]) continue;
      const length = Math.abs(xs[ni]! - xs[i]!) + Math.abs(ys[nj]! - ys[j]!);
      const nextState = next * 4 + d;
      const total = cost[state]! + length + (d === dir ? 0 : BEND);
      if (total < cost[nextState]!) {
        cost[nextState] = total;
        previous[nextState] = state;
        heap.push(nextState);
      }
    }
  }
  if (reached < 0) return undefined;
  const points: Point[] = [];
  for (let state = reached; state >= 0; state = previous[state]!) {
    const at = state >> 2;
    points.push({ x: xs[at % nx]!, y: ys[Math.floor(at / nx)]! });
  }
  return points.reverse();
}

/** The points with those in the middle of a straight run dropped. */
export function corners(points: readonly Point[]): Point[] {
  const result: Point[] = [];
  for (const p of points) {
    const last = result[result.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    const before = result[result.length - 2];
    if (
      last &&
      before &&
      ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))
    )
      result[result.length - 1] = p;
    else result.push(p);
  }
  return result;
}

/**
 * An orthogonal route from the source's handle to the target's around the steps: out of the source
 * and into the target straight for STUB, between them along the steps' sides and the channels
 * between steps, as short as it can be with as few turns as it can. The steps looked at are those
 * near the two ends; when the route found leaves that area, the area grows to take it in and the
 * route is looked for again. Undefined when there is no way round (a handle boxed in by steps) or
 * none was found close by.
 */
export function orthogonalRoute(input: RouteInput): Point[] | undefined {
  return channelRoute(input) ?? gridRoute(input);
}

/**
 * The cheap way round, tried first: out of the source sideways, along one vertical channel, into
 * the target (React Flow's step path, its vertical run moved to a channel clear of the steps, the
 * one nearest the middle). Most edges that need routing in a drawing laid out in columns take it;
 * only when none is clear is the grid searched. Only for a left-to-right edge with room between.
 */
function channelRoute({
  source,
  sourceSide,
  target,
  targetSide,
  stepsNear,
}: RouteInput): Point[] | undefined {
  if (sourceSide !== 'right' || targetSide !== 'left') return undefined;
  const [from, to] = [source.x + STUB, target.x - STUB];
  if (to < from) return undefined;
  const steps = stepsNear(boundsOf([source, target], 0));
  if (steps.length > MAX_STEPS) return undefined;
  const kept = steps.map((b) => ({
    x: b.x - CLEARANCE,
    y: b.y - CLEARANCE,
    width: b.width + 2 * CLEARANCE,
    height: b.height + 2 * CLEARANCE,
  }));
  const shrunk = steps.map((b) => ({ x: b.x + 1, y: b.y + 1, width: b.width - 2, height: b.height - 2 }));
  const middle = (source.x + target.x) / 2;
  const candidates = lines([from, to, middle, ...kept.flatMap((b) => [b.x, b.x + b.width])])
    .filter((x) => x >= from && x <= to)
    .sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle));
  for (const x of candidates) {
    const points = corners([source, { x, y: source.y }, { x, y: target.y }, target]);
    const vertical = [
      { x, y: source.y },
      { x, y: target.y },
    ];
    if (!routeCrosses(points, shrunk) && !routeCrosses(vertical, kept)) return points;
  }
  return undefined;
}

/** The grid search (searchGrid) over the steps near the two ends, looking further afield as needed. */
function gridRoute({ source, sourceSide, target, targetSide, stepsNear }: RouteInput): Point[] | undefined {
  const out = DIRECTION[sourceSide];
  const into = DIRECTION[targetSide];
  const from = { x: source.x + out.x * STUB, y: source.y + out.y * STUB };
  const to = { x: target.x + into.x * STUB, y: target.y + into.y * STUB };
  const start = dirOf(out);
  const end = dirOf({ x: -into.x, y: -into.y });
  let area = boundsOf([from, to], REACH);
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const steps = stepsNear(area);
    if (steps.length > MAX_STEPS) return undefined;
    const route = searchGrid(from, start, to, end, steps, area);
    if (!route) return undefined;
    const points = corners([source, ...route, target]);
    if (holds(area, boundsOf(points, CLEARANCE + 1))) return points;
    area = union(area, boundsOf(points, REACH * 2 ** (attempt + 1)));
  }
  return undefined;
}

/** An SVG path through the route's corners, each rounded (as React Flow's step edges are). */
export function roundedPath(points: readonly Point[], radius = 5): string {
  if (points.length === 0) return '';
  let d = `M${points[0]!.x} ${points[0]!.y}`;
  for (let i = 1; i < points.length - 1; i += 1) {
    const [a, b, c] = [points[i - 1]!, points[i]!, points[i + 1]!];
    const r = Math.min(
      radius,
      (Math.abs(b.x - a.x) + Math.abs(b.y - a.y)) / 2,
      (Math.abs(c.x - b.x) + Math.abs(c.y - b.y)) / 2,
    );
    const inX = Math.sign(b.x - a.x);
    const inY = Math.sign(b.y - a.y);
    const outX = Math.sign(c.x - b.x);
    const outY = Math.sign(c.y - b.y);
    d += `L${b.x - inX * r} ${b.y - inY * r}Q${b.x} ${b.y} ${b.x + outX * r} ${b.y + outY * r}`;
  }
  const last = points[points.length - 1]!;
  return `${d}L${last.x} ${last.y}`;
}
