/**
 * How far a fit keeps the drawing from the canvas's edges, as React Flow reads a number: a
 * twentieth each side. The panels floating over the canvas are kept clear on top of it
 * (clearFit.ts).
 */
export const FIT_PADDING = 0.1;
