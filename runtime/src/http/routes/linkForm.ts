import type { FormField } from '@flowline/engine';
import { taskDetailsOf } from '../../tasks/taskDetails';
import { postedTexts, type PostedForm } from './linkFormValues';

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The task's details as an HTML definition list (escaped), or nothing. */
export function taskDetailsHtml(form: unknown): string {
  const details = taskDetailsOf(form);
  if (details.length === 0) return '';
  const rows = details.map(([label, text]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(text)}</dd>`);
  return `<dl>${rows.join('')}</dl>`;
}

/** The form fields a task carries (its `form.fields`), or none. */
export const taskFieldsOf = (form: unknown): FormField[] =>
  ((form as { fields?: FormField[] } | null)?.fields ?? []).filter((f) => typeof f?.key === 'string');

const INPUT_TYPES: Partial<Record<FormField['type'], string>> = {
  string: 'text',
  email: 'email',
  number: 'number',
  integer: 'number',
  date: 'date',
  datetime: 'datetime-local',
};

/** What the page shows again after a refused confirmation: what was entered, and what is wrong where. */
export interface EnteredForm {
  readonly body: PostedForm;
  /** Message by path: `form.<key>` for a field, `comment`. */
  readonly problems: ReadonlyMap<string, string>;
}

const problemId = (key: string) => `problem.${escapeHtml(key)}`;

/** A field's message, beside it, and the attributes that tie the control to it. */
function problemOf(key: string, message: string | undefined) {
  if (message === undefined) return { attributes: '', html: '' };
  return {
    attributes: ` aria-invalid="true" aria-describedby="${problemId(key)}"`,
    html: `<br><strong class="problem" id="${problemId(key)}">${escapeHtml(message)}</strong>`,
  };
}

function control(field: FormField, entered: EnteredForm | undefined, attributes: string): string {
  const name = `field.${escapeHtml(field.key)}`;
  const required = field.required ? ' required' : '';
  // Shown again as it was entered, so a typo can be corrected rather than typed afresh.
  const texts = entered ? postedTexts(entered.body, `field.${field.key}`) : undefined;
  const fallback =
    typeof field.default === 'string' || typeof field.default === 'number' ? field.default : '';
  const value = texts ? (texts[0] ?? '') : String(fallback);
  const chosen = texts ?? (Array.isArray(field.default) ? field.default : [String(fallback)]);
  switch (field.type) {
    case 'text':
      return `<textarea name="${name}"${required}${attributes} dir="auto">${escapeHtml(value)}</textarea>`;
    case 'boolean': {
      const checked = texts ? texts.includes('true') : field.default === true;
      return `<input type="checkbox" name="${name}" value="true"${checked ? ' checked' : ''}${attributes}>`;
    }
    case 'select':
    case 'multiselect': {
      const options = (field.options ?? [])
        .map(
          (o) =>
            `<option value="${escapeHtml(o.value)}"${chosen.includes(o.value) ? ' selected' : ''}>${escapeHtml(o.label)}</option>`,
        )
        .join('');
      const multiple = field.type === 'multiselect' ? ' multiple' : '';
      const empty = field.type === 'select' ? '<option value=""></option>' : '';
      return `<select name="${name}"${multiple}${required}${attributes}>${empty}${options}</select>`;
    }
    default: {
      const step = field.type === 'number' ? ' step="any"' : '';
      return `<input type="${INPUT_TYPES[field.type] ?? 'text'}" name="${name}"${step}${required}${attributes} value="${escapeHtml(value)}">`;
    }
  }
}

/**
 * The task's form fields as HTML inputs for the link's confirmation page (values are text, never
 * markup); after a refusal, with what was entered and each field's message beside it.
 */
export function formFieldsHtml(fields: readonly FormField[], entered?: EnteredForm): string {
  return fields
    .map((f) => {
      const problem = problemOf(f.key, entered?.problems.get(`form.${f.key}`));
      return `<p><label>${escapeHtml(f.label)}${f.required ? ' *' : ''}<br>${control(f, entered, problem.attributes)}</label>${problem.html}${f.help ? `<br><small>${escapeHtml(f.help)}</small>` : ''}</p>`;
    })
    .join('');
}

/** The comment box, with what was entered and its message after a refusal. */
export function commentHtml(entered?: EnteredForm): string {
  const problem = problemOf('comment', entered?.problems.get('comment'));
  const text = entered ? (postedTexts(entered.body, 'comment')[0] ?? '') : '';
  return `<p><label>Comment<br><textarea name="comment" maxlength="10000" dir="auto"${problem.attributes}>${escapeHtml(text)}</textarea></label>${problem.html}</p>`;
}
