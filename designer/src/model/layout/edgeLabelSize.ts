/**
 * An edge label's size as the canvas draws it (canvas.css `.fl-edge-label`: 12 px type, 6 px
 * padding each side, at most 160 px wide, one line), for the auto-layout, which cannot measure
 * text, and for the canvas's first guess before it measures.
 */
export const EDGE_LABEL_MAX_WIDTH = 160;
export const EDGE_LABEL_HEIGHT = 18;
/** Clear space the canvas keeps between a label and a node. */
export const EDGE_LABEL_GAP = 4;

/** About 6.5 px a character in the canvas's sans-serif at 12 px. */
export const estimateEdgeLabelWidth = (text: string): number =>
  text === '' ? 0 : Math.min(EDGE_LABEL_MAX_WIDTH, 14 + text.length * 6.5);
