import { useCallback } from 'react';
import { useEditorSession } from '../editor/editorSession';
import { requestFocus } from '../editor/uiStore';
import { focusOf, type Problem } from '../model';

/**
 * Going to a problem: selects its node or edge, brings it into view and has the inspector focus
 * its field (the workflow's settings for a problem of the workflow itself).
 */
export function useFocusProblem(): (problem: Problem) => void {
  const { store, ui } = useEditorSession();
  return useCallback(
    (problem: Problem) => {
      const target = focusOf(problem);
      store.getState().dispatch('select', { nodes: target.nodes, edges: target.edges, notes: [] });
      requestFocus(ui, {
        ...(problem.nodeId !== undefined ? { nodeId: problem.nodeId } : {}),
        ...(problem.edgeId !== undefined ? { edgeId: problem.edgeId } : {}),
        ...(target.field !== undefined ? { field: target.field } : {}),
      });
    },
    [store, ui],
  );
}
