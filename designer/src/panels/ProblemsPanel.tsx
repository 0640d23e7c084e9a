import { CircleAlert, CircleCheck, TriangleAlert } from 'lucide-react';
import type { Issue } from '../editor/useWorkflow';

/** What the engine found wrong with the draft; a problem on a node focuses it. */
export function ProblemsPanel({
  issues,
  onFocusNode,
}: {
  issues: readonly Issue[];
  onFocusNode: (nodeId: string) => void;
}) {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  return (
    <section className="editor__problems panel" aria-labelledby="problems-title">
      <h2 className="panel__title" id="problems-title">
        Problems
        <span className="panel__count">
          {errors} {errors === 1 ? 'error' : 'errors'}, {warnings} {warnings === 1 ? 'warning' : 'warnings'}
        </span>
      </h2>
      {issues.length === 0 ? (
        <p className="problems__none">
          <CircleCheck size={16} aria-hidden="true" /> The engine finds nothing wrong with this workflow.
        </p>
      ) : (
        <ul className="problems">
          {issues.map((issue, index) => {
            const Icon = issue.severity === 'error' ? CircleAlert : TriangleAlert;
            const content = (
              <>
                <Icon
                  size={16}
                  aria-hidden="true"
                  className={`problems__icon problems__icon--${issue.severity}`}
                />
                <span className="problems__message">{issue.message}</span>
                {issue.nodeId && <span className="problems__where mono">{issue.nodeId}</span>}
              </>
            );
            return (
              <li key={`${issue.code}-${issue.nodeId ?? ''}-${index}`}>
                {issue.nodeId ? (
                  <button type="button" className="problems__item" onClick={() => onFocusNode(issue.nodeId!)}>
                    {content}
                  </button>
                ) : (
                  <div className="problems__item">{content}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
