/**
 * The canvas for other parts of the designer: the editor's canvas, a read-only view of any
 * definition with marks (versions, diffs, runs), and the pieces they are made of.
 */
export { EditorCanvas } from './EditorCanvas';
export { WorkflowView, type WorkflowViewProps } from './WorkflowView';
export { WorkflowCanvas, GRID, type WorkflowCanvasProps } from './WorkflowCanvas';
export { KIND_VISUALS } from './kindVisuals';
export { PALETTE_MIME, useViewCentre } from './viewCentre';
export { canvasMarks, applyMarks, NO_MARKS, type CanvasMarks, type NodeMark } from '../model';
