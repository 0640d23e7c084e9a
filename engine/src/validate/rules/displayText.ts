import { displayTextProblem } from '../../definition/displayText';
import type { FormField } from '../../definition/formField';
import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

type Path = readonly (string | number)[];

/**
 * Names, titles and labels people read (the workflow's, each step's, a form's, an edge's) hold no
 * control characters or text-direction controls, and only descriptions and instructions span lines.
 * A rule, not the schema, so a stored version that has one still loads and runs.
 */
export const displayTexts: Rule = ({ definition }) => {
  const issues: ValidationIssue[] = [];
  const check = (
    text: string | undefined,
    what: string,
    path: Path,
    where: { nodeId?: string; edgeId?: string } = {},
    multiline = false,
  ) => {
    const problem = text === undefined ? undefined : displayTextProblem(text, { multiline });
    // "The name" + "Must be one line…" → "The name must be one line…".
    if (problem)
      issues.push(
        issue('UNSAFE_TEXT', `${what} ${problem[0]!.toLowerCase()}${problem.slice(1)}`, { ...where, path }),
      );
  };
  const form = (fields: readonly FormField[], at: Path, nodeId?: string) =>
    fields.forEach((field, i) => {
      const where = nodeId ? { nodeId } : {};
      check(field.label, `The label of field "${field.key}"`, [...at, i, 'label'], where);
      check(field.help, `The help of field "${field.key}"`, [...at, i, 'help'], where);
      field.options?.forEach((option, j) =>
        check(option.label, `An option of field "${field.key}"`, [...at, i, 'options', j, 'label'], where),
      );
    });

  check(definition.name, "The workflow's name", ['name']);
  check(definition.description, "The workflow's description", ['description'], {}, true);
  form(definition.input, ['input']);
  definition.nodes.forEach((node, index) => {
    const at = (...rest: (string | number)[]) => ['nodes', index, ...rest];
    const where = { nodeId: node.id };
    check(node.name, 'The name', at('name'), where);
    check(node.description, 'The description', at('description'), where, true);
    if (node.kind === 'decision')
      node.conditions.forEach((condition, i) =>
        check(
          condition.label,
          `The label of condition "${condition.id}"`,
          at('conditions', i, 'label'),
          where,
        ),
      );
    if (node.kind === 'approval' || node.kind === 'manualTask') {
      check(node.title, 'The title', at('title'), where);
      check(node.instructions, 'The instructions', at('instructions'), where, true);
      node.outcomes.forEach((outcome, i) =>
        check(outcome.label, `The label of outcome "${outcome.id}"`, at('outcomes', i, 'label'), where),
      );
      for (const label of Object.keys(node.details ?? {}))
        check(label, 'A detail label', at('details', label), where);
      form(node.form, at('form'), node.id);
    }
  });
  definition.edges.forEach((edge, index) =>
    check(edge.label, 'The label', ['edges', index, 'label'], { edgeId: edge.id }),
  );
  return issues;
};
