import type { WorkflowDefinition } from '@flowline/engine';
import { DEFAULT_NODE_SIZE, DEFAULT_NOTE_SIZE, type Sizes } from '../document/edits';
import { isStickyNote, notesOf } from '../graph/layoutEntries';
import { fallbackPosition } from '../graph/toFlow';

type Point = { x: number; y: number };
type Box = { x: number; y: number; width: number; height: number };

/**
 * Room kept between a note and a step, or another note. More than a grid cell (20 px): the canvas
 * snaps every laid-out position to the grid, which moves a step and a note up to 10 px each.
 */
export const NOTE_GAP = 24;

const meets = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const grown = (box: Box, by: number): Box => ({
  x: box.x - by,
  y: box.y - by,
  width: box.width + 2 * by,
  height: box.height + 2 * by,
});
/** How far apart two boxes are (0 where they touch or overlap). */
const gapBetween = (a: Box, b: Box) =>
  Math.hypot(
    Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width)),
    Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height)),
  );
const centreDistance = (a: Box, b: Box) =>
  Math.hypot(a.x + a.width / 2 - (b.x + b.width / 2), a.y + a.height / 2 - (b.y + b.height / 2));

/**
 * The spot nearest `wanted` where a box of its size meets none of the obstacles (each already
 * grown by the gap to keep). The nearest free spot has each side on an obstacle's side or where it
 * was wanted: those are the spots tried, nearest first, among the obstacles close by; with none
 * free, it goes below them all.
 */
function clearSpot(wanted: Box, obstacles: readonly Box[]): Point {
  const free = (box: Box) => !obstacles.some((o) => meets(box, o));
  if (free(wanted)) return { x: wanted.x, y: wanted.y };
  const { width, height } = wanted;
  const near = obstacles.filter((o) => meets(o, grown(wanted, 2 * (width + height))));
  const xs = [wanted.x, ...near.flatMap((o) => [o.x - width, o.x + o.width])];
  const ys = [wanted.y, ...near.flatMap((o) => [o.y - height, o.y + o.height])];
  const spots = xs
    .flatMap((x) => ys.map((y) => ({ x, y, away: Math.hypot(x - wanted.x, y - wanted.y) })))
    .sort((a, b) => a.away - b.away);
  const found = spots.find((spot) => free({ ...spot, width, height }));
  if (found) return { x: found.x, y: found.y };
  return { x: wanted.x, y: Math.max(...obstacles.map((o) => o.y + o.height)) };
}

export interface NotePlacement {
  /** The definition as it was drawn before the layout (its steps' and notes' positions). */
  readonly definition: WorkflowDefinition;
  /** Where the layout put each step. */
  readonly laidOut: Readonly<Record<string, Point>>;
  /** Measured sizes of steps and notes; the canvas's defaults otherwise. */
  readonly sizes?: Sizes | undefined;
}

/**
 * Where the sticky notes go after an auto-layout, which moved the steps under and over them: each
 * note keeps its place beside the step it was nearest (what it annotates, most likely), moving
 * with it, then steps aside to the nearest spot where it covers no step and no note placed before
 * it, NOTE_GAP clear of them. A note with no step to follow stays where it was.
 */
export function placeNotes({ definition, laidOut, sizes }: NotePlacement): Record<string, Point> {
  const steps = definition.nodes.flatMap((node, index) => {
    const after = laidOut[node.id];
    if (!after) return [];
    const stored = definition.layout[node.id];
    const before = stored && !isStickyNote(stored) ? stored : fallbackPosition(index);
    const size = sizes?.[node.id] ?? DEFAULT_NODE_SIZE;
    return [{ before: { ...before, ...size }, after: { ...after, ...size } }];
  });
  const obstacles = steps.map((step) => grown(step.after, NOTE_GAP));
  const placed: Record<string, Point> = {};
  for (const [id, note] of notesOf(definition)) {
    const size = sizes?.[id] ?? {
      width: note.width ?? DEFAULT_NOTE_SIZE.width,
      height: note.height ?? DEFAULT_NOTE_SIZE.height,
    };
    const box = { x: note.x, y: note.y, ...size };
    let anchor: (typeof steps)[number] | undefined;
    for (const step of steps) {
      if (!anchor) anchor = step;
      else {
        const [gap, best] = [gapBetween(box, step.before), gapBetween(box, anchor.before)];
        if (
          gap < best ||
          (gap === best && centreDistance(box, step.before) < centreDistance(box, anchor.before))
        )
          anchor = step;
      }
    }
    const wanted = anchor
      ? {
          x: anchor.after.x + note.x - anchor.before.x,
          y: anchor.after.y + note.y - anchor.before.y,
          ...size,
        }
      : box;
    const spot = clearSpot(wanted, obstacles);
    placed[id] = spot;
    obstacles.push(grown({ ...spot, ...size }, NOTE_GAP));
  }
  return placed;
}
