/**
 * A headless designer for tests (tldraw's TestEditor idea): the editor store with the catalog,
 * and what the canvas, the problems panel and the clipboard would show, without a browser.
 */
import { emptyCatalog, type Catalog, type WorkflowDefinition } from '@flowline/engine';
import type { ActionArgs, ActionId } from '../document/actions';
import { createEditorStore, type DispatchOptions } from '../document/store';
import { copySelection } from '../graph/clipboard';
import { toFlow } from '../graph/toFlow';
import { validateForEditor } from '../validation/problems';

export function createTestDesigner(definition: WorkflowDefinition, catalog: Catalog = emptyCatalog) {
  const store = createEditorStore(definition);
  const state = () => store.getState();
  const designer = {
    store,
    get doc() {
      return state().doc;
    },
    get definition() {
      return state().doc.definition;
    },
    /** Runs an action; throws with the refusal's reason when it is refused. */
    do<K extends ActionId>(id: K, args: ActionArgs[K], options?: DispatchOptions) {
      const result = state().dispatch(id, args, options);
      if (!result.ok) throw new Error(`${id} refused: ${result.error}`);
      return designer;
    },
    /** Runs an action that should be refused; returns the reason. */
    refused<K extends ActionId>(id: K, args: ActionArgs[K]): string {
      const result = state().dispatch(id, args);
      if (result.ok) throw new Error(`${id} was not refused`);
      return result.error;
    },
    undo: (times = 1) => {
      for (let i = 0; i < times; i += 1) state().undo();
      return designer;
    },
    redo: (times = 1) => {
      for (let i = 0; i < times; i += 1) state().redo();
      return designer;
    },
    /** What the canvas draws. */
    flow: () => toFlow(state().doc.definition, state().doc.selection),
    /** What the problems panel lists (validated at once, not in a worker). */
    problems: () => validateForEditor(state().doc.definition, catalog),
    /** The clipboard text a copy of the selection gives. */
    copy: () => copySelection(state().doc),
  };
  return designer;
}

export type TestDesigner = ReturnType<typeof createTestDesigner>;
