import { CircleCheck, LoaderCircle } from 'lucide-react';
import { useMemo } from 'react';
import { useEditor, useEditorUi } from '../editor/editorSession';
import { sortProblems } from '../model';
import { ProblemList } from './ProblemList';
import { useFocusProblem } from './useFocusProblem';

/**
 * What live validation finds, errors first in drawing order, each with where it is in words;
 * choosing a problem goes to it (panels/useFocusProblem).
 */
export function ProblemsPanel() {
  const problems = useEditorUi((state) => state.problems);
  const definition = useEditor((state) => state.doc.definition);
  const focus = useFocusProblem();
  const sorted = useMemo(
    () => (problems ? sortProblems(problems.all, definition) : []),
    [problems, definition],
  );

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
  return <ProblemList problems={sorted} definition={definition} onChoose={focus} />;
}
