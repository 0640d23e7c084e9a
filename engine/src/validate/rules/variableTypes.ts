import type { Variable } from '../../definition/types';
import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/** Whether a JSON value is of a declared variable type (null: not set yet, always allowed). */
function holds(type: Variable['type'], value: unknown): boolean {
  if (value === null || type === 'any') return true;
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'list':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
  }
}

/**
 * A variable's initial value is of its declared type: expressions are checked against that
 * type, so a value of another type would make those checks wrong.
 */
export const variableTypes: Rule = ({ definition }) => {
  const issues: ValidationIssue[] = [];
  definition.variables.forEach((variable, i) => {
    if (variable.initial === undefined || holds(variable.type, variable.initial)) return;
    issues.push(
      issue(
        'VARIABLE_TYPE',
        `"${variable.name}" is declared as ${variable.type}, but its initial value ${JSON.stringify(variable.initial).slice(0, 60)} is not`,
        { path: ['variables', i, 'initial'] },
      ),
    );
  });
  return issues;
};
