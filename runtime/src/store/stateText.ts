/**
 * The JSON text of a state already serialized once (the step's size check serializes it to measure
 * it), handed on to the SQLite adapter, which stores text, so the same state is not serialized
 * twice: about 5 % of a fired timer's CPU. A stepped state is never changed afterwards, so its text
 * cannot go stale; the SQLite adapter takes the text as it stores it, and the executor forgets any
 * left once the write is done, so a state the instance cache keeps does not keep its text beside it.
 */
const texts = new WeakMap<object, string>();

export function rememberStateText(state: object, text: string): void {
  texts.set(state, text);
}

/**
 * Forgets a state's text once its write is done, whichever adapter wrote it (MongoDB stores no
 * text, so it never takes one): a state kept in the instance cache must not keep its text too.
 */
export function forgetStateText(state: unknown): void {
  if (typeof state === 'object' && state !== null) texts.delete(state);
}

/** The state's JSON text: the one remembered (and forgotten now), else serialized here. */
export function takeStateText(state: unknown): string {
  if (typeof state === 'object' && state !== null) {
    const text = texts.get(state);
    if (text !== undefined) {
      texts.delete(state);
      return text;
    }
  }
  return JSON.stringify(state);
}
