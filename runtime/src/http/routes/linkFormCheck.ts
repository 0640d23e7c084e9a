import { formToValidator, freeTextProblem, type FormField } from '@flowline/engine';
import { AppError, fieldIssuesOf } from '../../errors';
import { checkFormUsers } from '../../executor/inputCheck';
import type { Store } from '../../store';
import { formValuesOf, postedTexts, type FieldProblem, type PostedForm } from './linkFormValues';

/** What the confirmation page sends to decide(), or what is wrong with it, field by field. */
export interface LinkFormInput {
  readonly form?: Record<string, unknown>;
  readonly comment?: string;
  readonly problems: FieldProblem[];
}

/**
 * Reads a posted confirmation page as the API reads a decision: the task's fields (linkFormValues)
 * and the comment, which holds no control characters. When the page cannot be read, the form's
 * own checks run on the rest too, so the approver sees every message at once rather than one
 * round after another. When it can, decide() runs those checks, as it does for the API.
 */
export async function checkLinkForm(
  store: Pick<Store, 'getUser'>,
  fields: readonly FormField[],
  body: PostedForm,
): Promise<LinkFormInput> {
  const comment = postedTexts(body, 'comment')[0]?.slice(0, 10_000);
  const { values, problems } = formValuesOf(fields, body);
  const commentProblem = comment === undefined ? undefined : freeTextProblem(comment);
  if (commentProblem) problems.push({ path: 'comment', message: commentProblem });
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
