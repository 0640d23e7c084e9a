import type { DiffStatus, ProblemIndex } from '../model';
import { createStore, type StoreApi } from 'zustand/vanilla';

/** Where the editor's bottom panel is: the problems, the test run's steps, the compiled statechart. */
export type BottomPanelTab = 'problems' | 'testRun' | 'statechart';

/** What autosave says about the draft (the toolbar shows it). */
export interface SaveState {
  readonly status: 'saved' | 'saving' | 'unsaved' | 'conflict' | 'error';
  /** A sentence for conflict and error. */
  readonly message?: string;
  /** The draft revision the server last confirmed (sent back as the expected revision). */
  readonly draftRev: number;
}

/** The path a test run took, drawn over the canvas. */
export interface TestPath {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
  /** The node of the step the user is looking at in the step list. */
  readonly current?: string;
}

/** A request to bring a node, edge or field into view (from the problems panel, a test step…). */
export interface FocusRequest {
  readonly nodeId?: string;
  readonly edgeId?: string;
  /** A field path as the problems index names it (fieldKey), for the inspector to focus. */
  readonly field?: string;
  /** Increases on every request, so asking twice for the same node still moves the view. */
  readonly seq: number;
}

/**
 * The editor's view state beside the document: what live validation found, what a test run or a
 * version diff marks on the canvas, where focus is asked to go, and autosave's state. None of it
 * is undoable or saved.
 */
export interface EditorUiState {
  readonly problems: ProblemIndex | undefined;
  readonly testPath: TestPath | undefined;
  /** Diff statuses by node and edge id when the canvas shows a version diff. */
  readonly diff:
    { readonly nodes: Record<string, DiffStatus>; readonly edges: Record<string, DiffStatus> } | undefined;
  readonly focus: FocusRequest | undefined;
  readonly bottomPanel: BottomPanelTab;
  readonly save: SaveState;
}

export type EditorUiStore = StoreApi<EditorUiState>;

export function createEditorUiStore(draftRev: number): EditorUiStore {
  return createStore<EditorUiState>()(() => ({
    problems: undefined,
    testPath: undefined,
    diff: undefined,
    focus: undefined,
    bottomPanel: 'problems',
    save: { status: 'saved', draftRev },
  }));
}

/** Asks the canvas (and the inspector, for a field) to bring something into view. */
export function requestFocus(ui: EditorUiStore, target: Omit<FocusRequest, 'seq'>): void {
  ui.setState({ focus: { ...target, seq: (ui.getState().focus?.seq ?? 0) + 1 } });
}
