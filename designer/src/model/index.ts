/**
 * The designer's headless model: everything the canvas, inspector and panels need, with no
 * React in it (it runs and is tested in Node). Components stay thin over these modules.
 */
export * from './graph/flowTypes';
export { toFlow, fallbackPosition, EMPTY_SELECTION, type Selection } from './graph/toFlow';
export { fromFlow, type WorkflowMeta } from './graph/fromFlow';
export { handleList } from './graph/handles';
export {
  connectSource,
  connectTargets,
  type ConnectExit,
  type ConnectSource,
  type ConnectTarget,
} from './graph/connectChoices';
export { edgeLabelOf, edgeLabels, type EdgeLabel, type EdgeLabelSource } from './graph/edgeLabels';
export { parallelLanes, type EdgeLane } from './graph/parallelEdges';
export { isStickyNote, notesOf } from './graph/layoutEntries';
export { copySelection, parseClipboard, pasteText } from './graph/clipboard';
export { fragmentOf, insertFragment, type Fragment } from './graph/fragment';
export {
  createDocument,
  existingSelection,
  isEmptySelection,
  type EditorDocument,
} from './document/document';
export {
  ACTIONS,
  COMMANDS,
  matchShortcut,
  keysOf,
  perform,
  shortcutList,
  whenReady,
  type ActionArgs,
  type ActionId,
  type CommandId,
  type EditorAction,
  type KeyPress,
  type ShortcutMatch,
} from './document/actions';
export {
  DEFAULT_NODE_SIZE,
  DEFAULT_NOTE_SIZE,
  type AddNodeArgs,
  type AlignMode,
  type Sizes,
} from './document/edits';
export { kindMeta, newNode } from './document/newNode';
export {
  createEditorStore,
  canRedo,
  canUndo,
  HISTORY_LIMIT,
  type EditorState,
  type EditorStore,
} from './document/store';
export {
  paletteItems,
  paletteOrigin,
  searchPalette,
  nodeArgsOf,
  KIND_ICONS,
  type PaletteItem,
} from './palette/paletteItems';
export * from './validation/problems';
export type { ValidationRequest, ValidationResponse } from './validation/validationWorker';
export {
  createValidationClient,
  workerTransport,
  type ValidationClient,
  type ValidationTransport,
} from './validation/validationClient';
export { positionsOnly } from './validation/positionsOnly';
export {
  expressionScope,
  completionsFor,
  scopeOfPlace,
  shortType,
  type ExpressionPlace,
  type ScopeEntry,
} from './scope/expressionScope';
export * from './diff/versionDiff';
export { autoLayout, elkGraph, type ElkLike, type Positions } from './layout/autoLayout';
export { estimateNodeBox, estimateNoteBox, type EstimatedBox } from './layout/nodeBox';
export {
  EDGE_LABEL_GAP,
  EDGE_LABEL_HEIGHT,
  EDGE_LABEL_MAX_WIDTH,
  estimateEdgeLabelWidth,
} from './layout/edgeLabelSize';
export type { LayoutRequest, LayoutResponse } from './layout/layoutWorker';
export * from './testRun/testRunModel';
export { sampleFromSchema, sampleInput } from './testRun/sampleData';
export {
  canvasMarks,
  applyMarks,
  markClassName,
  markKey,
  markText,
  NO_MARKS,
  type CanvasMarks,
  type MarkSources,
  type NodeMark,
} from './graph/canvasMarks';
export { stableNodes, stableEdges, type Measured } from './graph/stableFlow';
export { freePosition, newNodeSize, snapPoint } from './graph/placement';
export * from './forms/schemaToFields';
export * from './forms/nodeForm';
export * from './forms/fieldProblems';
export * from './forms/connectionChoices';
export { getAt, setAt, pathText, type Path } from './document/paths';
export { durationWords } from './forms/durationWords';
export {
  durationExpressionOf,
  durationModeOf,
  switchDurationMode,
  type DurationMode,
} from './forms/durationMode';
export { movedItem } from './forms/listItems';
export * from './testRun/testRunForm';
export * from './testRun/statechart';
