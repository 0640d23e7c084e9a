import { fixedDurationProblem, isDurationExpression } from '../../definition/computedDuration';
import { durationFields } from '../../definition/durationFields';
import type { Rule } from '../context';
import { issue, type ValidationIssue } from '../issue';

/**
 * A fixed due date, reminder interval, wait or timeout must be one the run could use: longer
 * than zero and at most P366D, as a computed one must be when the step is entered. Without this
 * `P99999D` published fine and scheduled a timer centuries away. Computed ones are checked with
 * the expressions (expressionTypes.ts).
 */
export const durations: Rule = ({ definition }) => {
  const issues: ValidationIssue[] = [];
  definition.nodes.forEach((node, index) => {
    for (const { path, field, value } of durationFields(node)) {
      if (isDurationExpression(value)) continue;
      const problem = fixedDurationProblem(field, value);
      if (problem)
        issues.push(issue('INVALID_DURATION', problem, { nodeId: node.id, path: ['nodes', index, ...path] }));
    }
  });
  return issues;
};
