import { CircleAlert, TriangleAlert } from 'lucide-react';
import type { Issue } from '../editor/useWorkflow';

/** What the server found wrong with a draft the editor cannot open (it does not follow the format). */
export function ServerIssuesPanel({ issues }: { issues: readonly Issue[] }) {
  return (
    <section className="editor__problems panel" aria-labelledby="server-issues-title">
      <h2 className="panel__title" id="server-issues-title">
        Problems <span className="panel__count">{issues.length}</span>
      </h2>
      <ul className="problems">
        {issues.map((issue, index) => {
          const Icon = issue.severity === 'error' ? CircleAlert : TriangleAlert;
          return (
            <li key={`${issue.code}-${index}`} className="problems__item">
              <Icon
                size={16}
                aria-hidden="true"
                className={`problems__icon problems__icon--${issue.severity}`}
              />
              <span className="problems__message">{issue.message}</span>
              {issue.nodeId && <span className="problems__where mono">{issue.nodeId}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
