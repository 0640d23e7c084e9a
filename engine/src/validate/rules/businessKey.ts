import { describeType } from '../../expression/celTypes';
import { parseExpression } from '../../expression/parse';
import { SCOPES } from '../../expression/scope';
import { checkTypes } from '../../expression/typeCheck';
import type { Rule } from '../context';
import { issue, type ValidationIssue } from '../issue';
import { formType } from '../scopeTypes';

const PATH = ['businessKey'] as const;

/**
 * The workflow's business key expression reads only the request form and gives text. It belongs
 * to no node, so its issues carry only the path `businessKey` (the designer shows them in the
 * workflow's settings).
 */
export const businessKey: Rule = ({ definition }) => {
  const source = definition.businessKey;
  if (source === undefined) return [];
  const parsed = parseExpression(source, SCOPES.businessKey);
  if (!parsed.ok)
    return [issue(parsed.error.code, `${parsed.error.message} (in the business key)`, { path: PATH })];
  const fields = definition.input.map((f) => f.key);
  const unknown = parsed.value.references.find(
    (ref) => ref.root === 'input' && ref.path[0] !== undefined && !fields.includes(ref.path[0]),
  );
  if (unknown)
    return [
      issue(
        'UNKNOWN_FIELD',
        `The business key reads input.${unknown.path[0]}, but the request form has no such field (fields: ${fields.join(', ') || 'none'})`,
        { path: PATH, range: unknown.range },
      ),
    ];
  const { type, findings } = checkTypes(parsed.value.ast, {
    input: formType('the request form', definition.input),
  });
  const issues: ValidationIssue[] = findings.map((f) =>
    issue(f.code, f.message, { path: PATH, range: f.range }, f.severity),
  );
  if (issues.some((i) => i.severity === 'error')) return issues;
  if (type.kind !== 'string' && type.kind !== 'dyn')
    issues.push(
      issue(
        'EXPRESSION_TYPE',
        `The business key must give text, but this gives ${describeType(type)} (wrap it in string(…) to use it)`,
        { path: PATH },
      ),
    );
  return issues;
};
