/**
 * Text people read as someone else wrote it (a name, a title, a label, a description) may not
 * carry characters that change how it displays: control characters (NUL and the other C0 and C1
 * controls, DEL) and the bidirectional embeddings, overrides and isolates U+202A–U+202E and
 * U+2066–U+2069. The latter make "Approve" and "evorppA" look alike, so a name could show an
 * approver other text than it holds. Marks that only nudge direction (U+200E, U+200F) stay allowed.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const LINE_BREAKS = new Set(['\n', '\r', '\t']);

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why `text` cannot be shown as it is, or undefined when it can. `multiline` text (descriptions,
 * instructions) may hold line breaks and tabs; a name or a title is one line. Only free text
 * (freeTextProblem) may hold `directionControls`.
 */
export function displayTextProblem(
  text: string,
  options: { readonly multiline?: boolean; readonly directionControls?: boolean } = {},
): string | undefined {
  if (!UNSAFE.test(text)) return undefined;
  for (const [index, char] of [...text].entries()) {
    if (!UNSAFE.test(char)) continue;
    const at = `${codePoint(char)} at character ${index + 1}`;
    if (LINE_BREAKS.has(char)) {
      if (options.multiline) continue;
      return `Must be one line: remove the line break or tab (${at})`;
    }
    if (char >= '\u202a') {
      if (options.directionControls) continue;
      return `Must not contain a text-direction control (${at}): it can make the text display differently from what it says`;
    }
    return `Must not contain control characters (${at})`;
  }
  return undefined;
}

/**
 * Why free text (a decision comment, a cancel or withdraw reason, a publish note) cannot be
 * kept, or undefined when it can. It may span lines and hold text-direction controls: right-to-left
 * writing uses them, and whoever shows it isolates it (`dir="auto"`, `unicode-bidi: isolate`) so
 * they reorder nothing around it. Control characters (NUL, the other C0 and C1 controls, DEL)
 * have no place in text people read and confuse terminals, logs and exports.
 */
export const freeTextProblem = (text: string): string | undefined =>
  displayTextProblem(text, { multiline: true, directionControls: true });
