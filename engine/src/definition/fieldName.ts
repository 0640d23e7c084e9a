/**
 * A field as a message names it: its label (or path) in quotes, so any label reads as a name
 * in a sentence, a question ("Why do you need it?") or a phrase alike.
 */
export function fieldName(label: string): string {
  return `"${label}"`;
}

/** What every form check says of a required field left out or empty: `"Why do you need it?" is required`. */
export function requiredMessage(label: string): string {
  return `${fieldName(label)} is required`;
}
