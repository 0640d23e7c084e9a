import type { FitViewOptions } from '@xyflow/react';

/** How far a fit keeps the drawing from the canvas's edges: a twentieth each side, as before. */
export const FIT_PADDING: NonNullable<FitViewOptions['padding']> = 0.1;

/**
 * The editor's fits also clear its toolbar, a panel floating over the top of the canvas (about
 * 56 px with its margin): a fit by a share of the height put the top row of steps under it.
 */
export const EDITOR_FIT_PADDING: NonNullable<FitViewOptions['padding']> = {
  top: '72px',
  bottom: FIT_PADDING,
  x: FIT_PADDING,
};
