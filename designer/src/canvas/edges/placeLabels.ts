import type { Box } from '../openingView';
import { LABEL_GAP, labelSpot, type LabelSize, type LabelSpot } from './labelSpot';
import type { Point } from './stepPathPoints';

/** One edge's label to place: the edge's drawn route and the label's own size. */
export interface LabelRequest {
  readonly points: readonly Point[];
  readonly size: LabelSize;
}

/** Where a label centred somewhere on the route may reach: the route's bounds, widened by half the label. */
export function reachOf(points: readonly Point[], size: LabelSize): Box {
  if (points.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [dx, dy] = [size.width / 2 + LABEL_GAP, size.height / 2 + LABEL_GAP];
  const [left, top] = [Math.min(...xs) - dx, Math.min(...ys) - dy];
  return { x: left, y: top, width: Math.max(...xs) + dx - left, height: Math.max(...ys) + dy - top };
}

const meets = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Edge ids in a fixed order (e2 before e10), so a label does not jump when others come and go. */
const byId = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * Where every label goes: each on its edge, clear of the nodes (`nodesNear`) and of the labels
 * placed before it (labelSpot.ts). Edges that turn back or share a run into the same node put
 * their middles in the same place; placed one by one, a later label moves along its edge.
 */
export function placeLabels(
  requests: ReadonlyMap<string, LabelRequest>,
  nodesNear: (area: Box) => readonly Box[],
): Map<string, LabelSpot> {
  const spots = new Map<string, LabelSpot>();
  const placed: Box[] = [];
  for (const id of [...requests.keys()].sort(byId)) {
    const { points, size } = requests.get(id)!;
    const reach = reachOf(points, size);
    const obstacles = [...nodesNear(reach), ...placed.filter((box) => meets(box, reach))];
    const spot = labelSpot({ points, size, obstacles });
    spots.set(id, spot);
    // A label with no room is shown only while its edge is selected, over whatever is there.
    if (spot.clear)
      placed.push({
        x: spot.x - spot.width / 2,
        y: spot.y - size.height / 2,
        width: spot.width,
        height: size.height,
      });
  }
  return spots;
}
