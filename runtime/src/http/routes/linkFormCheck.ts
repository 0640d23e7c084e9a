import { formToValidator, type FormField } from '@flowline/engine';
import { AppError, fieldIssuesOf } from '../../errors';
import { checkFormUsers } from '../../executor/inputCheck';
import type { Store } from '../../store';
import { DecisionComment } from '../decisionComment';
import { formValuesOf, postedTexts, type FieldProblem, type PostedForm } from './linkFormValues';

/** What the confirmation page sends to decide(), or what is wrong with it, field by field. */
export interface LinkFormInput {
  readonly form?: Record<string, unknown>;
  readonly comment?: string;
  readonly problems: FieldProblem[];
}

/**
 * Reads a posted confirmation page as the API reads a decision: the task's fields (linkFormValues)
 * and the comment, checked by the API's own schema (as typed: never trimmed nor cut). When the page cannot be read, the form's
 * own checks run on the rest too, so the approver sees every message at once rather than one
 * round after another. When it can, decide() runs those checks, as it does for the API.
 */
export async function checkLinkForm(
  store: Pick<Store, 'getUser'>,
  fields: readonly FormField[],
  body: PostedForm,
): Promise<LinkFormInput> {
  const comment = postedTexts(body, 'comment')[0];
  const { values, problems } = formValuesOf(fields, body);
  // The API's own check, so a comment too long or with control characters is refused, never cut.
  const checked = comment === undefined ? undefined : DecisionComment.safeParse(comment);
  if (checked && !checked.success) problems.push(...fieldIssuesOf(checked.error.issues, ['comment']));
  if (problems.length > 0) {
    const marked = new Set(problems.map((p) => p.path));
    const more = (issues: readonly FieldProblem[]) => {
      for (const issue of issues) if (!marked.has(issue.path)) problems.push(issue);
    };
    const parsed = formToValidator(fields).safeParse(values);
    if (!parsed.success) more(fieldIssuesOf(parsed.error.issues, ['form']));
    // A person is looked up whatever else is wrong (the page's values are text, as it needs).
    await checkFormUsers(store, fields, values, 'form.').catch((error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      more((error.details as { issues?: FieldProblem[] } | undefined)?.issues ?? []);
    });
  }
  return {
    ...(fields.length > 0 ? { form: values } : {}),
    ...(comment ? { comment } : {}),
    problems,
  };
}
