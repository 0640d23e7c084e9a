import type { WorkflowDefinition, WorkflowNode } from '@flowline/engine';
import { DEFAULT_NODE_SIZE, type AddNodeArgs } from '../document/edits';
import { newNode } from '../document/newNode';
import { estimateNodeBox, estimateNoteBox } from '../layout/nodeBox';
import { handleList } from './handles';
import { isStickyNote } from './layoutEntries';

type Point = { readonly x: number; readonly y: number };
type Size = { readonly width: number; readonly height: number };

/** A node's size as the canvas draws it (one row per labelled exit), estimated before it is drawn. */
export const estimatedNodeSize = (node: WorkflowNode): Size =>
  estimateNodeBox(node.name, handleList(node), node.kind !== 'trigger');

/** The estimated size of the node an add (a palette entry) creates. */
export const newNodeSize = (args: Omit<AddNodeArgs, 'position'>): Size =>
  estimatedNodeSize(
    newNode(args.kind, {
      id: 'new',
      ...(args.name !== undefined ? { name: args.name } : {}),
      ...(args.action !== undefined ? { action: args.action } : {}),
      ...(args.preset !== undefined ? { preset: args.preset } : {}),
    }),
  );

/** A point snapped to the canvas's grid. */
export const snapPoint = (point: Point, grid: number): Point => ({
  x: Math.round(point.x / grid) * grid,
  y: Math.round(point.y / grid) * grid,
});

/**
 * Where a node added by keyboard or click goes: at the point (the view's centre), or the first
 * place below it where its box (`size`) overlaps no other node or note, so nodes added in a row
 * do not stack. Boxes are the estimated drawn sizes: a task with its error exit or an approval
 * with its outcomes is taller than a bare node, and a fixed height let the next one cover them.
 */
export function freePosition(
  definition: WorkflowDefinition,
  point: Point,
  grid = 20,
  size: Size = DEFAULT_NODE_SIZE,
): Point {
  const nodes = new Map(definition.nodes.map((node) => [node.id, node]));
  const taken = Object.entries(definition.layout).map(([id, entry]) => {
    const node = nodes.get(id);
    const box = isStickyNote(entry)
      ? estimateNoteBox(entry.width, entry.height)
      : node
        ? estimatedNodeSize(node)
        : DEFAULT_NODE_SIZE;
    return { x: entry.x, y: entry.y, width: box.width, height: box.height };
  });
  let candidate = snapPoint(point, grid);
  for (let step = 0; step < 200; step += 1) {
    const c = candidate;
    const clash = taken.find(
      (b) => c.x < b.x + b.width && b.x < c.x + size.width && c.y < b.y + b.height && b.y < c.y + size.height,
    );
    if (!clash) return candidate;
    candidate = { x: c.x, y: Math.ceil((clash.y + clash.height + grid) / grid) * grid };
  }
  return candidate;
}
