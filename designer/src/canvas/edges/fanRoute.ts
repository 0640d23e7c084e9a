import type { EdgeLane } from '../../model';
import { corners, STUB } from './orthogonalRoute';
import type { Point } from './stepPathPoints';

/**
 * How far apart the lanes of edges joining the same two steps are: more than half React Flow's
 * 20 px click strip, so each edge keeps a strip of its own to be clicked on.
 */
export const LANE_GAP = 16;
/** The shortest an edge's first or last run may become: its arrow and its handle need it. */
const MIN_END = 6;

/**
 * How far an edge of a group runs from the group's shared route, to the left of its direction of
 * travel. The edge leaving by the highest exit is leftmost: travelling right, left is up, so the
 * bundle leaves its source in the order of its exits and, every lane shifted the same way round
 * each turn, no two lanes ever cross.
 */
export const laneOffset = (lane: EdgeLane, gap = LANE_GAP): number =>
  ((lane.count - 1) / 2 - lane.index) * gap;

const sign = (value: number) => (value > 0 ? 1 : value < 0 ? -1 : 0);

/** The route with its first and last runs cut STUB from their ends (where they are longer). */
function splitEnds(route: readonly Point[]): Point[] {
  const cut = (end: Point, toward: Point): Point | undefined => {
    const length = Math.abs(toward.x - end.x) + Math.abs(toward.y - end.y);
    if (length <= STUB + MIN_END) return undefined;
    return { x: end.x + sign(toward.x - end.x) * STUB, y: end.y + sign(toward.y - end.y) * STUB };
  };
  const first = cut(route[0]!, route[1]!);
  const withFirst = first ? [route[0]!, first, ...route.slice(1)] : [...route];
  const n = withFirst.length;
  const last = cut(withFirst[n - 1]!, withFirst[n - 2]!);
  return last ? [...withFirst.slice(0, -1), last, withFirst[n - 1]!] : withFirst;
}

interface Run {
  readonly from: Point;
  readonly to: Point;
  readonly horizontal: boolean;
  /** How far the run moves across (x for a vertical run, y for a horizontal one). */
  readonly across: number;
}

/**
 * An orthogonal route moved `offset` to the left of its direction of travel, all but its first
 * and last runs, which stay on the handles: the route of one lane of a group of edges between the
 * same two steps (laneOffset). Where the group's edges leave by different exits (an approval's
 * outcomes), their first runs already differ and the rest is moved; where they share their exit
 * and their ends coincide (`splitEnds`: a parallel split's branches), the first and last runs are
 * cut STUB from the handles, and the lane steps aside after the cut and back before the target.
 * Undefined where moving it would turn a run back on itself (or leave an end run too short for
 * its arrow): the caller then tries a narrower offset.
 */
export function fanRoute(
  points: readonly Point[],
  offset: number,
  options: { readonly splitEnds: boolean },
): Point[] | undefined {
  const base = corners(points);
  if (offset === 0 || base.length < 2) return base;
  const route = options.splitEnds ? splitEnds(base) : base;
  const lastRun = route.length - 2;
  if (lastRun < 2) return undefined;
  const runs: Run[] = route.slice(1).map((to, i) => {
    const from = route[i]!;
    const [dx, dy] = [sign(to.x - from.x), sign(to.y - from.y)];
    const shift = i === 0 || i === lastRun ? 0 : offset;
    // The left of travel (dx, dy) on a screen, y down: (dy, -dx).
    return { from, to, horizontal: dy === 0, across: dy === 0 ? -dx * shift : dy * shift };
  });
  const moved = (run: Run, at: Point): Point =>
    run.horizontal ? { x: at.x, y: at.y + run.across } : { x: at.x + run.across, y: at.y };
  const result: Point[] = [route[0]!];
  const starts: Point[] = [route[0]!];
  const ends: Point[] = [];
  for (let i = 0; i < lastRun; i += 1) {
    const [run, next] = [runs[i]!, runs[i + 1]!];
    if (run.horizontal !== next.horizontal) {
      // A turn: the corner is where the two moved runs meet.
      const [h, v] = run.horizontal ? [run, next] : [next, run];
      const corner = { x: v.from.x + v.across, y: h.from.y + h.across };
      result.push(corner);
      ends.push(corner);
      starts.push(corner);
    } else {
      // Straight on, where an end run was cut: the lane steps across at the cut.
      const [end, start] = [moved(run, run.to), moved(next, next.from)];
      result.push(end, start);
      ends.push(end);
      starts.push(start);
    }
  }
  const target = route[route.length - 1]!;
  result.push(target);
  ends.push(target);
  const keepsWay = runs.every((run, i) => {
    const along = (p: Point) => (run.horizontal ? p.x : p.y);
    const was = along(run.to) - along(run.from);
    const now = along(ends[i]!) - along(starts[i]!);
    if (i === 0 || i === lastRun) return sign(now) === sign(was) && Math.abs(now) >= MIN_END;
    return now === 0 || sign(now) === sign(was);
  });
  return keepsWay ? corners(result) : undefined;
}
