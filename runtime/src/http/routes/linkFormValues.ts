import { fieldName, type FormField } from '@flowline/engine';

/** A posted urlencoded form, as Hono's parseBody({ all: true }) gives it. */
export type PostedForm = Record<string, string | File | (string | File)[]>;

/** What is wrong with one posted value, at the path the API would name (`form.ram`, `comment`). */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** The texts posted under one name (a file is no answer to any field). */
export function postedTexts(body: PostedForm, name: string): string[] {
  const raw = body[name];
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (v): v is string => typeof v === 'string',
  );
}

// What the API's JSON would carry, written out: decimal digits, no hex, exponent, spaces or sign +.
const DECIMAL = /^-?(\d+(\.\d+)?|\.\d+)$/;
const WHOLE = /^-?\d+$/;
// A datetime-local input's value: a wall-clock time without a zone, read as UTC (the server's
// own zone is no one's business), with or without seconds.
const LOCAL_DATETIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?$/;

/** One posted field as the value the API would be sent, or what is wrong with it. */
function valueOf(field: FormField, text: string): { value: unknown } | { problem: string } {
  switch (field.type) {
    case 'number':
      return DECIMAL.test(text)
        ? { value: Number(text) }
        : { problem: `${fieldName(field.label)} must be a number in decimal digits, such as 12.5` };
    case 'integer':
      return WHOLE.test(text) && Number.isSafeInteger(Number(text))
        ? { value: Number(text) }
        : { problem: `${fieldName(field.label)} must be a whole number in decimal digits, such as 12` };
    case 'datetime': {
      const local = LOCAL_DATETIME.exec(text);
      return { value: local ? `${local[1]}${local[2] ?? ':00'}Z` : text };
    }
    // Everything else (dates, text, e-mail, a person) is judged by the form's validator, as the
    // API's values are: sent as typed, spaces included.
    default:
      return { value: text };
  }
}

/**
 * The confirmation page's posted values, typed as the form says, and what is wrong with those
 * the page must read itself: a number is decimal digits (`Number()` took `0x10` as 16 and `1e3`
 * as 1000), a checkbox is ticked (`true`) or absent, one value per field. Empty inputs are left
 * out so the form's own checks (required, defaults) decide; THE form validator runs on the rest.
 */
export function formValuesOf(
  fields: readonly FormField[],
  body: PostedForm,
): { values: Record<string, unknown>; problems: FieldProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const field of fields) {
    const texts = postedTexts(body, `field.${field.key}`);
    const path = `form.${field.key}`;
    if (field.type === 'multiselect') {
      if (texts.length > 0) values[field.key] = texts;
      continue;
    }
    if (texts.length > 1) {
      problems.push({ path, message: `${fieldName(field.label)} was sent more than once` });
      continue;
    }
    const text = texts[0];
    if (field.type === 'boolean') {
      // An unticked box sends nothing; a ticked one its value, "true". Anything else was not this page.
      if (text === undefined || text === 'true') values[field.key] = text === 'true';
      else problems.push({ path, message: `${fieldName(field.label)} is a box to tick or leave empty` });
      continue;
    }
    // An input left empty sends "": not sent, so required and defaults apply as in the API.
    if (text === undefined || text === '') continue;
    const read = valueOf(field, text);
    if ('problem' in read) problems.push({ path, message: read.problem });
    else values[field.key] = read.value;
  }
  return { values, problems };
}
