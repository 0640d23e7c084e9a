import { useEffect } from 'react';
import { createValidationClient, indexProblems, positionsOnly, workerTransport } from '../model';
import { useEditorSession } from '../editor/editorSession';

/**
 * Live validation: every change of the definition (but a move) is checked by the engine in a web
 * worker (a burst of edits once, stale answers dropped), and the problems land in the view state for the
 * canvas, the inspector and the problems panel. The canvas's thread never validates.
 */
export function useLiveValidation(): void {
  const { store, ui, catalog } = useEditorSession();
  useEffect(() => {
    const worker = new Worker(new URL('./validation.worker.ts', import.meta.url), {
      type: 'module',
      name: 'validation',
    });
    const client = createValidationClient(workerTransport(worker), {
      onProblems: (response) => ui.setState({ problems: indexProblems(response.problems) }),
    });
    client.request(store.getState().doc.definition, catalog);
    client.flush();
    // A drag moves positions on every frame; they mean nothing to the engine's checks.
    const unsubscribe = store.subscribe((state, previous) => {
      if (!positionsOnly(previous.doc.definition, state.doc.definition))
        client.request(state.doc.definition, catalog);
    });
    return () => {
      unsubscribe();
      client.dispose();
      worker.terminate();
    };
  }, [store, ui, catalog]);
}
