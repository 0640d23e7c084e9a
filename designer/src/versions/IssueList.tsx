import { CircleAlert, TriangleAlert } from 'lucide-react';
import type { ReadableIssue } from './definitionFile';

/** Issues as a list: where (step and field, in words), then what. Text only, never markup. */
export function IssueList({
  issues,
  label = 'Problems',
}: {
  issues: readonly ReadableIssue[];
  label?: string;
}) {
  if (issues.length === 0) return null;
  return (
    <ul className="issue-list" aria-label={label}>
      {issues.map((issue, index) => {
        const Icon = issue.severity === 'error' ? CircleAlert : TriangleAlert;
        return (
          <li key={index} className="issue-list__item">
            <Icon
              size={16}
              aria-label={issue.severity === 'error' ? 'Error' : 'Warning'}
              className={`issue-list__icon issue-list__icon--${issue.severity}`}
            />
            <span>
              <span className="issue-list__where">{issue.where}</span>
              <span className="issue-list__message">{issue.message}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
