import type { NodeHandle, Position } from '@xyflow/react';
import type { HandleInfo } from '../graph/flowTypes';
import { DEFAULT_NOTE_SIZE } from '../document/edits';

/**
 * A node's box and handles as the canvas will draw them, estimated from canvas.css's geometry
 * (`.fl-node`: 176 px wide, border-box, a head, the name in 15 px type, one 21.5 px row per
 * labelled exit), before React Flow has measured it.
 *
 * Why: React Flow draws every node it has no handle bounds for, to measure it, even with
 * `onlyRenderVisibleElements`; with a box and handles given up front it draws only the nodes in
 * view (a 1,000-node workflow opens drawing a dozen). The estimate is never taken for the real
 * thing: its width is off the pixel grid on purpose (176.25), so when a node does come into view
 * React Flow's measure (whole pixels) always differs and replaces the box and the handles with
 * measured ones. Until then it places off-screen edge ends, the minimap and fit-view.
 */
export interface EstimatedBox {
  readonly width: number;
  readonly height: number;
  readonly handles: NodeHandle[];
}

export const NODE_WIDTH = 176;
const BORDER = 1;
const BORDER_LEFT = 4;
const PAD_TOP = 6;
const PAD_BOTTOM = 8;
const HEAD = 22;
const NAME_GAP = 2;
const NAME_LINE = 19.5;
const NAME_CHARS_PER_LINE = 18;
const EXITS_GAP = 8 + 1;
const EXIT_ROW = 21.5;
const HANDLE = 10;
/** Off the pixel grid, so the real measure always replaces the estimate. */
const OFF_GRID = 0.25;

const LEFT = 'left' as Position;
const RIGHT = 'right' as Position;

export function estimateNodeBox(
  name: string,
  handles: readonly HandleInfo[],
  acceptsInput: boolean,
): EstimatedBox {
  const lines = Math.max(1, Math.ceil(name.length / NAME_CHARS_PER_LINE));
  const top = BORDER + PAD_TOP + HEAD + NAME_GAP + lines * NAME_LINE;
  const plain = handles.length === 1 && handles[0]?.label === '';
  const rows = plain ? 0 : handles.length;
  const height = rows === 0 ? top + PAD_BOTTOM + BORDER : top + EXITS_GAP + rows * EXIT_ROW + BORDER;
  const right = NODE_WIDTH - BORDER - HANDLE / 2;
  const result: NodeHandle[] = [];
  if (acceptsInput)
    result.push({
      id: 'in',
      type: 'target',
      position: LEFT,
      x: BORDER_LEFT - HANDLE / 2,
      y: height / 2 - HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    });
  handles.forEach((handle, index) => {
    const centre = plain ? height / 2 : top + EXITS_GAP + (index + 0.5) * EXIT_ROW;
    result.push({
      id: handle.id,
      type: 'source',
      position: RIGHT,
      x: right,
      y: centre - HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    });
  });
  return { width: NODE_WIDTH + OFF_GRID, height: height + OFF_GRID, handles: result };
}

/** A sticky note's box before it is measured: its stored size, or the note's default. */
export function estimateNoteBox(width: number | undefined, height: number | undefined): EstimatedBox {
  return {
    width: (width ?? DEFAULT_NOTE_SIZE.width) + OFF_GRID,
    height: (height ?? DEFAULT_NOTE_SIZE.height) + OFF_GRID,
    handles: [],
  };
}
