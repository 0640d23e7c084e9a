import { CircleAlert, CircleCheck, LoaderCircle, TriangleAlert } from 'lucide-react';
import { useMemo } from 'react';
import { useEditor, useEditorSession, useEditorUi } from '../editor/editorSession';
import { requestFocus } from '../editor/uiStore';
import { focusOf, sortProblems, type Problem } from '../model';

/**
 * What live validation finds, errors first in drawing order; choosing a problem selects its node
 * or edge, brings it into view and asks the inspector for its field.
 */
export function ProblemsPanel() {
  const { store, ui } = useEditorSession();
  const problems = useEditorUi((state) => state.problems);
  const definition = useEditor((state) => state.doc.definition);
  const sorted = useMemo(
    () => (problems ? sortProblems(problems.all, definition) : []),
    [problems, definition],
  );
  const nodeName = (id: string | undefined) => definition.nodes.find((n) => n.id === id)?.name;

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
      <p className="problems__none">
        <LoaderCircle size={16} aria-hidden="true" /> Checking the workflow…
      </p>
    );
  if (sorted.length === 0)
    return (
      <p className="problems__none">
        <CircleCheck size={16} aria-hidden="true" /> The engine finds nothing wrong with this workflow.
      </p>
    );
  return (
    <ul className="problems" aria-label="Problems">
      {sorted.map((problem) => {
        const Icon = problem.severity === 'error' ? CircleAlert : TriangleAlert;
        const where = [nodeName(problem.nodeId), problem.fieldLabel].filter(Boolean).join(' › ');
        return (
          <li key={problem.key}>
            <button type="button" className="problems__item" onClick={() => focus(problem)}>
              <Icon
                size={16}
                aria-label={problem.severity === 'error' ? 'Error' : 'Warning'}
                className={`problems__icon problems__icon--${problem.severity}`}
              />
              <span className="problems__message">{problem.message}</span>
              {where && <span className="problems__where">{where}</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
