import type { WorkflowDefinition } from '@flowline/engine';
import { CircleAlert, TriangleAlert } from 'lucide-react';
import { problemPlace, type Problem } from '../model';

/**
 * Live validation's problems as a list of buttons: what is wrong, and where (step and field, in
 * words); choosing one calls onChoose. The problems panel and the refused publish share it.
 */
export function ProblemList({
  problems,
  definition,
  onChoose,
  label = 'Problems',
  compact = false,
}: {
  problems: readonly Problem[];
  definition: WorkflowDefinition;
  onChoose: (problem: Problem) => void;
  label?: string;
  /** Where under what, for a narrow place such as a dialog. */
  compact?: boolean;
}) {
  return (
    <ul className={`problems${compact ? ' problems--compact' : ''}`} aria-label={label}>
      {problems.map((problem) => {
        const Icon = problem.severity === 'error' ? CircleAlert : TriangleAlert;
        const severity = problem.severity === 'error' ? 'Error' : 'Warning';
        return (
          <li key={problem.key}>
            <button
              type="button"
              className="problems__item"
              title={problem.fieldLabel ? `Go to ${problem.fieldLabel}` : 'Show where'}
              onClick={() => onChoose(problem)}
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
