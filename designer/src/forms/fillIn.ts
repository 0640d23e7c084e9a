/**
 * The fill-in forms of the runtime: a workflow's request form (its input fields) and the fields an
 * approver or a manual task's assignee fills. Fields are the engine's `FormField` (type only: the
 * engine's validators stay on the server, which checks every value and answers field by field).
 * Plain data, no React: what the inputs hold as text, turned into the values the API takes, and
 * the API's problems turned into a message per field.
 */
import type { FormField } from '@flowline/engine';
import type { FieldProblem } from '../app/apiErrors';

export type { FormField };

/** What the inputs hold: text for text-like inputs, a flag for a checkbox, the chosen values of a multiselect. */
export type DraftValue = string | boolean | readonly string[];
export type FormDraft = Readonly<Record<string, DraftValue>>;

const FIELD_TYPES = new Set<FormField['type']>([
  'string',
  'text',
  'number',
  'integer',
  'boolean',
  'date',
  'datetime',
  'email',
  'select',
  'multiselect',
]);

/** The fields of an untyped document (a task's `form`, a version's `input`): well-formed ones only. */
export function fieldsOf(value: unknown): FormField[] {
  const list = Array.isArray(value)
    ? value
    : Array.isArray((value as { fields?: unknown } | null)?.fields)
      ? (value as { fields: unknown[] }).fields
      : [];
  return list.filter(
    (f): f is FormField =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as FormField).key === 'string' &&
      typeof (f as FormField).label === 'string' &&
      FIELD_TYPES.has((f as FormField).type),
  );
}

/** A datetime default (ISO with offset) as a datetime-local input shows it (UTC, minutes). */
const toLocalInput = (iso: string): string => {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? '' : new Date(at).toISOString().slice(0, 16);
};

/** The inputs' starting values: each field's default, else empty. */
export function initialDraft(fields: readonly FormField[]): Record<string, DraftValue> {
  const draft: Record<string, DraftValue> = {};
  for (const field of fields) {
    const d = field.default;
    if (field.type === 'boolean') draft[field.key] = d === true;
    else if (field.type === 'multiselect')
      draft[field.key] = Array.isArray(d) ? d.filter((v): v is string => typeof v === 'string') : [];
    else if (field.type === 'datetime' && typeof d === 'string') draft[field.key] = toLocalInput(d);
    else draft[field.key] = typeof d === 'string' || typeof d === 'number' ? String(d) : '';
  }
  return draft;
}

/**
 * The values to send, typed as the form says: numbers as numbers, a checkbox as a boolean, a
 * datetime-local read as UTC with an offset. Empty inputs are left out, so the server's checks
 * (required, defaults) decide and name the field; text that is not a number is sent as it is, for
 * the server to refuse with its own message.
 */
export function valuesOf(fields: readonly FormField[], draft: FormDraft): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = draft[field.key];
    if (field.type === 'boolean') {
      values[field.key] = raw === true;
      continue;
    }
    if (field.type === 'multiselect') {
      if (Array.isArray(raw) && raw.length > 0) values[field.key] = [...raw];
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') continue;
    if (field.type === 'number' || field.type === 'integer') {
      const number = Number(text);
      values[field.key] = Number.isFinite(number) ? number : text;
    } else if (field.type === 'datetime' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text))
      values[field.key] = `${text.length === 16 ? `${text}:00` : text}Z`;
    else values[field.key] = field.type === 'text' ? (raw as string) : text;
  }
  return values;
}

/**
 * The server's field problems as a message per field key. `prefix` is where the form sits in the
 * request's problems (`form` for a decision; none for a start, whose problems name the input's
 * keys). Problems outside the prefix are someone else's (the comment, the outcome) and left out;
 * a problem about the form as a whole (unknown fields) is kept under ''.
 */
export function messagesByField(
  problems: readonly FieldProblem[],
  fields: readonly FormField[],
  prefix = '',
): Record<string, string> {
  const keys = new Set(fields.map((f) => f.key));
  const messages: Record<string, string> = {};
  const add = (at: string, message: string) => {
    messages[at] = messages[at] ? `${messages[at]} ${message}` : message;
  };
  for (const { path, message } of problems) {
    let rest = path;
    if (prefix) {
      if (path === prefix) rest = '';
      else if (path.startsWith(`${prefix}.`)) rest = path.slice(prefix.length + 1);
      else continue;
    }
    const key = rest.split('.')[0] ?? '';
    add(keys.has(key) ? key : '', message);
  }
  return messages;
}

/** A value as a person reads it in a request's details (a select's label, yes/no, a list). */
export function displayValue(field: FormField | undefined, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  const label = (v: unknown) => field?.options?.find((o) => o.value === v)?.label ?? String(v);
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(label).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') return JSON.stringify(value);
  return label(value);
}

/** A request's values, in the order of its form, then whatever else it holds. */
export function detailRows(
  fields: readonly FormField[],
  values: unknown,
  /** Names by user id, for the fields that name a person (format "user"). */
  people: Readonly<Record<string, string>> = {},
): { key: string; label: string; value: string }[] {
  const record = typeof values === 'object' && values !== null ? (values as Record<string, unknown>) : {};
  const shown = (f: FormField, value: unknown) =>
    f.format === 'user' && typeof value === 'string' && Object.hasOwn(people, value)
      ? people[value]!
      : displayValue(f, value);
  const known = fields.map((f) => ({ key: f.key, label: f.label, value: shown(f, record[f.key]) }));
  const others = Object.keys(record)
    .filter((k) => !fields.some((f) => f.key === k))
    .map((k) => ({ key: k, label: k, value: displayValue(undefined, record[k]) }));
  return [...known, ...others];
}
