import type { Box } from '../openingView';
import { LABEL_GAP, labelSpot, type LabelSize, type LabelSpot } from './labelSpot';
import type { Point } from './stepPathPoints';

/** One edge's label to place: the edge's drawn route and the label's own size. */
export interface LabelRequest {
  readonly points: readonly Point[];
  readonly size: LabelSize;
  /**
   * The edges joining the same two steps share a group (each on a lane of its own, fanRoute.ts):
   * a label keeps off the others' lines where it can, so it is read as its own edge's and does not
   * hide another edge of the group.
   */
  readonly group?: string;
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

/** A box LABEL_GAP in from each side: another label keeps the gap off it, so they touch. */
const shrunk = (box: Box): Box => ({
  x: box.x + LABEL_GAP,
  y: box.y + LABEL_GAP,
  width: Math.max(0, box.width - 2 * LABEL_GAP),
  height: Math.max(0, box.height - 2 * LABEL_GAP),
});

const meets = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** A route's runs as boxes with no thickness (the label's gap round an obstacle gives them some). */
const runsOf = (points: readonly Point[]): Box[] =>
  points.slice(1).map((b, i) => {
    const a = points[i]!;
    const [left, top] = [Math.min(a.x, b.x), Math.min(a.y, b.y)];
    return { x: left, y: top, width: Math.max(a.x, b.x) - left, height: Math.max(a.y, b.y) - top };
  });

/** The runs of the other edges of each edge's group. */
function siblingRuns(requests: ReadonlyMap<string, LabelRequest>): Map<string, Box[]> {
  const groups = new Map<string, string[]>();
  for (const [id, { group }] of requests)
    if (group !== undefined) groups.set(group, [...(groups.get(group) ?? []), id]);
  const runs = new Map<string, Box[]>();
  for (const ids of groups.values())
    if (ids.length > 1)
      for (const id of ids)
        runs.set(
          id,
          ids.filter((other) => other !== id).flatMap((other) => runsOf(requests.get(other)!.points)),
        );
  return runs;
}

/** Edge ids in a fixed order (e2 before e10), so a label does not jump when others come and go. */
const byId = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * Where every label goes: each on its edge, clear of the nodes (`nodesNear`) and of the labels
 * placed before it (labelSpot.ts). Edges that turn back or share a run into the same node put
 * their middles in the same place; placed one by one, a later label moves along its edge. A label
 * of a group of edges between the same two steps also keeps off its group's other lines, unless
 * only its own edge has room for the whole of it.
 */
export function placeLabels(
  requests: ReadonlyMap<string, LabelRequest>,
  nodesNear: (area: Box) => readonly Box[],
): Map<string, LabelSpot> {
  const spots = new Map<string, LabelSpot>();
  const placed: { readonly box: Box; readonly group: string | undefined }[] = [];
  const siblings = siblingRuns(requests);
  for (const id of [...requests.keys()].sort(byId)) {
    const { points, size, group } = requests.get(id)!;
    const reach = reachOf(points, size);
    // The labels of one group may touch: its edges leave by neighbouring exits, 21.5 px apart,
    // and their labels (21 px high) stack there, beside the exits they name.
    const labels = placed
      .filter((label) => meets(label.box, reach))
      .map(({ box, group: other }) => (group !== undefined && other === group ? shrunk(box) : box));
    const obstacles = [...nodesNear(reach), ...labels];
    const lines = siblings.get(id)?.filter((run) => meets(run, reach)) ?? [];
    let spot = labelSpot({ points, size, obstacles: [...obstacles, ...lines] });
    if (lines.length > 0 && !(spot.clear && spot.width >= size.width)) {
      const alone = labelSpot({ points, size, obstacles });
      if (alone.clear && (!spot.clear || alone.width > spot.width)) spot = alone;
    }
    spots.set(id, spot);
    // A label with no room is shown only while its edge is selected, over whatever is there.
    if (spot.clear)
      placed.push({
        box: {
          x: spot.x - spot.width / 2,
          y: spot.y - size.height / 2,
          width: spot.width,
          height: size.height,
        },
        group,
      });
  }
  return spots;
}
