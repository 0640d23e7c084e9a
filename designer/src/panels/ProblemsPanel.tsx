import { CircleAlert, CircleCheck, LoaderCircle, TriangleAlert } from 'lucide-react';
import { useMemo } from 'react';
import { useEditor, useEditorSession, useEditorUi } from '../editor/editorSession';
import { requestFocus } from '../editor/uiStore';
import { focusOf, problemPlace, sortProblems, type Problem } from '../model';

/**
 * What live validation finds, errors first in drawing order, each with where it is in words;
 * choosing a problem selects its node or edge, brings it into view and has the inspector focus
 * its field (the workflow's settings for a problem of the workflow itself).
 */
export function ProblemsPanel() {
  const { store, ui } = useEditorSession();
  const problems = useEditorUi((state) => state.problems);
  const definition = useEditor((state) => state.doc.definition);
  const sorted = useMemo(
    () => (problems ? sortProblems(problems.all, definition) : []),
    [problems, definition],
  );

  const focus = (problem: Problem) => {
    const target = focusOf(problem);
    store.getState().dispatch('select', { nodes: target.nodes, edges: target.edges, notes: [] });
    requestFocus(ui, {
      ...(problem.nodeId !== undefined ? { nodeId: problem.nodeId } : {}),
      ...(problem.edgeId !== undefined ? { edgeId: problem.edgeId } : {}),
      ...(target.field !== undefined ? { field: target.field } : {}),
    });
  };

  if (!problems)
    return (
      <p className="problems__none" role="status">
        <LoaderCircle size={16} aria-hidden="true" /> Checking the workflow…
      </p>
    );
  if (sorted.length === 0)
    return (
      <p className="problems__none" role="status">
        <CircleCheck size={16} aria-hidden="true" /> The engine finds nothing wrong with this workflow.
      </p>
    );
  return (
    <ul className="problems" aria-label="Problems">
      {sorted.map((problem) => {
        const Icon = problem.severity === 'error' ? CircleAlert : TriangleAlert;
        const severity = problem.severity === 'error' ? 'Error' : 'Warning';
        return (
          <li key={problem.key}>
            <button
              type="button"
              className="problems__item"
              title={problem.fieldLabel ? `Go to ${problem.fieldLabel}` : 'Show where'}
              onClick={() => focus(problem)}
            >
              <Icon
                size={16}
                aria-label={severity}
                role="img"
                className={`problems__icon problems__icon--${problem.severity}`}
              />
              <span className="problems__message">{problem.message}</span>
              <span className="problems__where">{problemPlace(problem, definition)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
