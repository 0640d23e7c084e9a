/** The longest a detail's value is shown: it is a summary, and a mail line. */
const VALUE_MAX = 500;

/** One value as a person reads it: text as is, a list joined with commas, anything else as JSON. */
function asText(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)
        ? value.map(String).join(', ')
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : JSON.stringify(value);
  return text.length > VALUE_MAX ? `${text.slice(0, VALUE_MAX - 1)}…` : text;
}

/**
 * A task's details (label → value, evaluated by the engine when the task was created), as label
 * and text pairs; none for a task without them. Read from the stored task form.
 */
export function taskDetailsOf(form: unknown): [label: string, text: string][] {
  const details = (form as { details?: unknown } | null)?.details;
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return [];
  return Object.entries(details).map(([label, value]) => [label, asText(value)]);
}

/** The details as mail lines, "Label: value", one a line. */
export const taskDetailsText = (form: unknown): string =>
  taskDetailsOf(form)
    .map(([label, text]) => `${label}: ${text.replace(/\s*\n\s*/g, ' ')}`)
    .join('\n');
