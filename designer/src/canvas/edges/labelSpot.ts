import { EDGE_LABEL_GAP } from '../../model';
import type { Box } from '../openingView';
import type { Point } from './stepPathPoints';

export interface LabelSize {
  readonly width: number;
  readonly height: number;
}

/** Where a label's middle goes, and how wide it may be there (its own width, or less: cut short). */
export interface LabelSpot {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  /** False where no spot along the edge has room: the label there covers a node. */
  readonly clear: boolean;
}

export interface LabelSpotInput {
  /** The edge's route, source to target (stepPathPoints). */
  readonly points: readonly Point[];
  /** The label's own size, uncut. */
  readonly size: LabelSize;
  /** What the label must not cover: the boxes of the nodes and notes near the edge. */
  readonly obstacles: readonly Box[];
}

/** Clear space kept between a label and a node's border (the auto-layout leaves room for it too). */
export const LABEL_GAP = EDGE_LABEL_GAP;
/** Narrower than this a cut-short label says nothing (about five letters and the ellipsis). */
export const LABEL_MIN_WIDTH = 48;
/** How far apart the spots tried along the edge are. */
const STEP = 4;

/**
 * How wide a label centred at `at` can be without coming within LABEL_GAP of an obstacle: 0 when
 * one is right under its middle.
 */
function roomAt(at: Point, height: number, obstacles: readonly Box[]): number {
  const top = at.y - height / 2 - LABEL_GAP;
  const bottom = at.y + height / 2 + LABEL_GAP;
  let half = Infinity;
  for (const box of obstacles) {
    if (box.y >= bottom || box.y + box.height <= top) continue;
    const left = box.x - LABEL_GAP;
    const right = box.x + box.width + LABEL_GAP;
    if (left < at.x && at.x < right) return 0;
    half = Math.min(half, at.x <= left ? left - at.x : at.x - right);
  }
  return 2 * half;
}

/** How much of the label's box, centred at `at`, lies on obstacles (with the gap around them). */
function overlapAt(at: Point, size: LabelSize, obstacles: readonly Box[]): number {
  let area = 0;
  for (const box of obstacles) {
    const w =
      Math.min(at.x + size.width / 2, box.x + box.width + LABEL_GAP) -
      Math.max(at.x - size.width / 2, box.x - LABEL_GAP);
    const h =
      Math.min(at.y + size.height / 2, box.y + box.height + LABEL_GAP) -
      Math.max(at.y - size.height / 2, box.y - LABEL_GAP);
    if (w > 0 && h > 0) area += w * h;
  }
  return area;
}

/**
 * Points along the route every STEP, from its middle outwards (nearest the middle first), made
 * as they are asked for: most labels take the first.
 */
function* spotsFromMiddle(points: readonly Point[]): Generator<Point> {
  const lengths = points.slice(1).map((p, i) => Math.abs(p.x - points[i]!.x) + Math.abs(p.y - points[i]!.y));
  const total = lengths.reduce((a, b) => a + b, 0);
  const pointAt = (distance: number): Point => {
    let left = distance;
    for (let i = 0; i < lengths.length; i += 1) {
      const length = lengths[i]!;
      if (left <= length && length > 0) {
        const [a, b] = [points[i]!, points[i + 1]!];
        return { x: a.x + ((b.x - a.x) * left) / length, y: a.y + ((b.y - a.y) * left) / length };
      }
      left -= length;
    }
    return points[points.length - 1]!;
  };
  yield pointAt(total / 2);
  for (let k = 1; k * STEP <= total / 2; k += 1) {
    yield pointAt(total / 2 - k * STEP);
    yield pointAt(total / 2 + k * STEP);
  }
}

/**
 * Where an edge's label goes: on the edge, as near its middle as it can be without covering a
 * node. React Flow's own spot, the middle between the two ends, lies on a node whenever the edge
 * turns back or the columns are closer than the label is wide (the access-approval example's
 * "Timed out" sat on the head of the approval it leads to). Where no spot along the edge has room
 * for the whole label, it is cut short to the widest room there is; with not even that, it goes
 * where it covers least, marked as not clear (the canvas then shows it only while its edge is
 * selected).
 */
export function labelSpot({ points, size, obstacles }: LabelSpotInput): LabelSpot {
  if (points.length === 0) return { x: 0, y: 0, width: size.width, clear: true };
  let roomiest: { at: Point; width: number } | undefined;
  for (const at of spotsFromMiddle(points)) {
    const room = roomAt(at, size.height, obstacles);
    if (room >= size.width) return { ...at, width: size.width, clear: true };
    if (room >= LABEL_MIN_WIDTH && room > (roomiest?.width ?? 0)) roomiest = { at, width: room };
  }
  if (roomiest) return { ...roomiest.at, width: Math.floor(roomiest.width), clear: true };
  let least = points[0]!;
  let leastArea = Infinity;
  for (const at of spotsFromMiddle(points)) {
    const area = overlapAt(at, size, obstacles);
    if (area < leastArea) [least, leastArea] = [at, area];
  }
  return { ...least, width: size.width, clear: false };
}
