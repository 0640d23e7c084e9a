import type { FormField } from '@flowline/engine';
import { taskDetailsOf } from '../../tasks/taskDetails';

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

function control(field: FormField): string {
  const name = `field.${escapeHtml(field.key)}`;
  const required = field.required ? ' required' : '';
  const value = typeof field.default === 'string' || typeof field.default === 'number' ? field.default : '';
  switch (field.type) {
    case 'text':
      return `<textarea name="${name}"${required}>${escapeHtml(String(value))}</textarea>`;
    case 'boolean':
      return `<input type="checkbox" name="${name}" value="true"${field.default === true ? ' checked' : ''}>`;
    case 'select':
    case 'multiselect': {
      const options = (field.options ?? [])
        .map((o) => `<option value="${escapeHtml(o.value)}">${escapeHtml(o.label)}</option>`)
        .join('');
      const multiple = field.type === 'multiselect' ? ' multiple' : '';
      const empty = field.type === 'select' ? '<option value=""></option>' : '';
      return `<select name="${name}"${multiple}${required}>${empty}${options}</select>`;
    }
    default: {
      const step = field.type === 'number' ? ' step="any"' : '';
      return `<input type="${INPUT_TYPES[field.type] ?? 'text'}" name="${name}"${step}${required} value="${escapeHtml(String(value))}">`;
    }
  }
}

/** The task's form fields as HTML inputs for the link's confirmation page (values are text, never markup). */
export function formFieldsHtml(fields: readonly FormField[]): string {
  return fields
    .map(
      (f) =>
        `<p><label>${escapeHtml(f.label)}${f.required ? ' *' : ''}<br>${control(f)}</label>${f.help ? `<br><small>${escapeHtml(f.help)}</small>` : ''}</p>`,
    )
    .join('');
}

/**
 * The posted page's values, typed as the form says (numbers as numbers, a checkbox as a boolean,
 * a datetime-local with the server's offset-free value read as UTC); empty inputs are left out so
 * the form's own checks (required, defaults) decide. THE form validator runs on the result.
 */
export function formValuesOf(
  fields: readonly FormField[],
  body: Record<string, string | File | (string | File)[]>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = body[`field.${field.key}`];
    const texts = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
      (v): v is string => typeof v === 'string',
    );
    const text = texts[0]?.trim() ?? '';
    if (field.type === 'boolean') values[field.key] = text === 'true';
    else if (field.type === 'multiselect') {
      if (texts.length > 0) values[field.key] = texts;
    } else if (text === '') continue;
    else if (field.type === 'number' || field.type === 'integer') {
      const number = Number(text);
      values[field.key] = Number.isFinite(number) ? number : text;
    } else if (field.type === 'datetime' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text))
      values[field.key] = `${text.length === 16 ? `${text}:00` : text}Z`;
    else values[field.key] = text;
  }
  return values;
}
