/**
 * The connection picker of a task: which stored connections (GET /api/connections) fit the task's
 * connector, and what to say about the name in the field. A typed name stays allowed (the
 * connection may be stored later, by an admin), so an unknown one is a note, not an error.
 */

/** A connection as the list answers it to a designer: its name and its connector. */
export interface ListedConnection {
  readonly name: string;
  readonly connectorId: string;
}

/** The connector of an action reference: `http.request` → `http` (undefined without a dot). */
export function connectorOfAction(action: string): string | undefined {
  const dot = action.indexOf('.');
  return dot > 0 ? action.slice(0, dot) : undefined;
}

/** The names of the connector's stored connections, each once, in alphabetical order. */
export function connectionChoices(
  listed: readonly ListedConnection[],
  connectorId: string | undefined,
): string[] {
  if (connectorId === undefined) return [];
  const names = new Set(listed.filter((c) => c.connectorId === connectorId).map((c) => c.name));
  return [...names].sort((a, b) => a.localeCompare(b));
}

/**
 * A sentence under the field about the name in it, or undefined when there is nothing to say
 * (the list is not loaded, or the name is one of the choices).
 */
export function connectionNote(
  choices: readonly string[] | undefined,
  current: string | undefined,
  connectorTitle: string,
): string | undefined {
  if (choices === undefined) return undefined;
  const name = current?.trim() ?? '';
  if (name !== '' && choices.includes(name)) return undefined;
  if (choices.length === 0)
    return `No connection for ${connectorTitle} is stored yet: an admin adds one; you can type its name now.`;
  if (name === '') {
    // The runtime falls back to the connection named "default" when a task names none.
    if (choices.includes(DEFAULT_CONNECTION)) return undefined;
    const pick = choices.length === 1 ? `“${choices[0]}”` : `one of the ${choices.length} stored`;
    return `None is named, so runs use ${connectorTitle}’s “default”, which is not stored. Pick ${pick}, or another name.`;
  }
  return `No stored connection of ${connectorTitle} is called “${name}” (yet): runs fail until an admin adds it.`;
}

/** The connection a task that names none uses (the runtime's fallback). */
export const DEFAULT_CONNECTION = 'default';

/**
 * The label of the picker's empty choice: a task that names no connection runs with the one
 * called "default" when it is stored, so "None" would say the opposite of what happens.
 */
export const noConnectionLabel = (choices: readonly string[]): string =>
  choices.includes(DEFAULT_CONNECTION) ? `Default (“${DEFAULT_CONNECTION}”)` : 'None';

/** The picker's option for a name not among the stored ones (typed in a text field beside it). */
export const OTHER_CONNECTION = '\u0000other';

/**
 * What the picker shows: a stored name, none (''), or "another name" — for a name not stored,
 * or once the user asked to type one (`typing`).
 */
export function connectionPick(
  choices: readonly string[],
  current: string | undefined,
  typing: boolean,
): string {
  const name = current ?? '';
  if (typing) return OTHER_CONNECTION;
  if (name === '') return '';
  return choices.includes(name) ? name : OTHER_CONNECTION;
}
