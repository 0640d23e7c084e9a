import { createStore, type StoreApi } from 'zustand/vanilla';
import { ok, type Result, type WorkflowDefinition } from '@flowline/engine';
import { ACTIONS, type ActionArgs, type ActionId } from './actions';
import { createDocument, existingSelection, type EditorDocument } from './document';

/** How many edits undo reaches back. */
export const HISTORY_LIMIT = 500;

export interface DispatchOptions {
  /**
   * Edits with the same key in a row make one undo entry: a drag sends `move` on every frame
   * with one key per gesture, typing in a field one key per field.
   */
  readonly coalesce?: string;
}

export interface EditorState {
  readonly doc: EditorDocument;
  /** Earlier definitions (snapshots sharing structure), the last one the most recent. */
  readonly past: readonly WorkflowDefinition[];
  readonly future: readonly WorkflowDefinition[];
  /** Increases on every change of the definition (autosave watches it). */
  readonly revision: number;
  /** Why the last action was refused, for the canvas to say; cleared by the next one that runs. */
  readonly refusal: string | undefined;
  readonly coalescing: string | undefined;
  dispatch<K extends ActionId>(
    id: K,
    args: ActionArgs[K],
    options?: DispatchOptions,
  ): Result<EditorDocument, string>;
  undo(): void;
  redo(): void;
  /** Opens another definition: a new document, no history. */
  load(definition: WorkflowDefinition): void;
}

export type EditorStore = StoreApi<EditorState>;

/**
 * The editor's document store (zustand, no React): actions from the one list, and a history of
 * definition snapshots. Selection changes are not undoable; undo keeps what is still there selected.
 */
export function createEditorStore(definition: WorkflowDefinition): EditorStore {
  return createStore<EditorState>()((set, get) => ({
    doc: createDocument(definition),
    past: [],
    future: [],
    revision: 0,
    refusal: undefined,
    coalescing: undefined,
    dispatch(id, args, options = {}) {
      const state = get();
      const action = ACTIONS[id];
      if (!action.enabled(state.doc, args)) return ok(state.doc);
      const result = action.perform(state.doc, args);
      if (!result.ok) {
        set({ refusal: result.error });
        return result;
      }
      const next = result.value;
      if (next.definition === state.doc.definition || !action.undoable) {
        set({ doc: next, refusal: undefined });
        return result;
      }
      const joins = options.coalesce !== undefined && options.coalesce === state.coalescing;
      set({
        doc: next,
        past: joins ? state.past : [...state.past, state.doc.definition].slice(-HISTORY_LIMIT),
        future: [],
        revision: state.revision + 1,
        refusal: undefined,
        coalescing: options.coalesce,
      });
      return result;
    },
    undo() {
      const { past, future, doc, revision } = get();
      const previous = past.at(-1);
      if (!previous) return;
      set({
        doc: { definition: previous, selection: existingSelection(previous, doc.selection) },
        past: past.slice(0, -1),
        future: [doc.definition, ...future],
        revision: revision + 1,
        coalescing: undefined,
        refusal: undefined,
      });
    },
    redo() {
      const { past, future, doc, revision } = get();
      const next = future[0];
      if (!next) return;
      set({
        doc: { definition: next, selection: existingSelection(next, doc.selection) },
        past: [...past, doc.definition],
        future: future.slice(1),
        revision: revision + 1,
        coalescing: undefined,
        refusal: undefined,
      });
    },
    load(next) {
      set({
        doc: createDocument(next),
        past: [],
        future: [],
        revision: 0,
        coalescing: undefined,
        refusal: undefined,
      });
    },
  }));
}

export const canUndo = (state: EditorState): boolean => state.past.length > 0;
export const canRedo = (state: EditorState): boolean => state.future.length > 0;
