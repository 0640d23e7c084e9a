/**
 * The inbox's rules, without React: the order of tasks (most urgent, then newest), how a due date
 * reads, which key does what in triage, and moving the selection.
 */

export interface TaskLike {
  readonly id: string;
  readonly createdAt: number;
  readonly dueAt?: number | undefined;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export type Urgency = 'overdue' | 'soon' | 'later' | 'none';

/** Overdue; due within a day; due later; no due date. */
export function urgencyOf(task: TaskLike, now: number): Urgency {
  if (task.dueAt === undefined) return 'none';
  if (task.dueAt <= now) return 'overdue';
  return task.dueAt - now <= DAY ? 'soon' : 'later';
}

const RANK: Readonly<Record<Urgency, number>> = { overdue: 0, soon: 1, later: 2, none: 2 };

/**
 * Most urgent first: overdue tasks and those due within a day, earliest due first; then the
 * rest, newest first (a fresh request is looked at before an old one that is not pressing).
 * Ties by id, so the order is stable between renders.
 */
export function sortTasks<T extends TaskLike>(tasks: readonly T[], now: number): T[] {
  return [...tasks].sort((a, b) => {
    const ra = RANK[urgencyOf(a, now)];
    const rb = RANK[urgencyOf(b, now)];
    if (ra !== rb) return ra - rb;
    if (ra < 2) return a.dueAt! - b.dueAt! || b.createdAt - a.createdAt || a.id.localeCompare(b.id);
    return b.createdAt - a.createdAt || a.id.localeCompare(b.id);
  });
}

/** "Overdue by 2 days", "Due in 3 hours", "Due in 4 days"; undefined without a due date. */
export function dueLabel(dueAt: number | undefined, now: number): string | undefined {
  if (dueAt === undefined) return undefined;
  const span = Math.abs(dueAt - now);
  const amount =
    span >= DAY
      ? plural(Math.round(span / DAY), 'day')
      : span >= HOUR
        ? plural(Math.round(span / HOUR), 'hour')
        : plural(Math.max(1, Math.round(span / 60_000)), 'minute');
  return dueAt <= now ? `Overdue by ${amount}` : `Due in ${amount}`;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

export type TriageAction = 'next' | 'previous' | 'approve' | 'reject' | 'help' | 'close';

/** The keyboard shortcuts as the help lists them. */
export const TRIAGE_KEYS: readonly { keys: string; action: TriageAction; label: string }[] = [
  { keys: 'j', action: 'next', label: 'Next task' },
  { keys: 'k', action: 'previous', label: 'Previous task' },
  { keys: 'a', action: 'approve', label: 'Approve the selected task' },
  { keys: 'r', action: 'reject', label: 'Reject the selected task (asks for a comment)' },
  { keys: '?', action: 'help', label: 'Show or hide these shortcuts' },
  { keys: 'Escape', action: 'close', label: 'Close the help' },
];

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey?: boolean;
  readonly metaKey?: boolean;
  readonly altKey?: boolean;
  /** The focused element: tag name, contenteditable, role. */
  readonly target?: {
    readonly tagName?: string;
    readonly isContentEditable?: boolean;
    readonly role?: string | null;
  } | null;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** True while the user types (a field, an editable element): shortcuts stay out of the way. */
export function isTyping(target: KeyLike['target']): boolean {
  if (!target) return false;
  return (
    TYPING_TAGS.has((target.tagName ?? '').toUpperCase()) ||
    target.isContentEditable === true ||
    target.role === 'textbox' ||
    target.role === 'combobox'
  );
}

/** The triage action a key press asks for, or undefined (typing, a modifier held, another key). */
export function triageAction(event: KeyLike): TriageAction | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  if (event.key === 'Escape') return 'close';
  if (isTyping(event.target)) return undefined;
  return TRIAGE_KEYS.find((k) => k.keys === event.key && k.action !== 'close')?.action;
}

/** The task to select after moving by `step` from `currentId` (the first one when none is). */
export function moveSelection(
  ids: readonly string[],
  currentId: string | undefined,
  step: 1 | -1,
): string | undefined {
  if (ids.length === 0) return undefined;
  const at = currentId === undefined ? -1 : ids.indexOf(currentId);
  if (at === -1) return ids[0];
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))];
}

/** The selection once the list changed (a task decided elsewhere): the same task, else its neighbour. */
export function keepSelection(
  previousIds: readonly string[],
  ids: readonly string[],
  currentId: string | undefined,
): string | undefined {
  if (currentId === undefined || ids.includes(currentId)) return currentId;
  const at = previousIds.indexOf(currentId);
  if (at === -1) return undefined;
  for (let i = at + 1; i < previousIds.length; i++) if (ids.includes(previousIds[i]!)) return previousIds[i];
  for (let i = at - 1; i >= 0; i--) if (ids.includes(previousIds[i]!)) return previousIds[i];
  return undefined;
}

/**
 * The task open here when it has left the list without a decision or delegation made here: its
 * request was withdrawn, or someone else decided it or handed it on. Said, so that it does not
 * vanish from under the person reading it without a word.
 */
export function openTaskGone<T extends { readonly id: string }>(
  before: readonly T[],
  ids: readonly string[],
  selectedId: string | undefined,
  handledHere: ReadonlySet<string>,
): T | undefined {
  if (selectedId === undefined || ids.includes(selectedId) || handledHere.has(selectedId)) return undefined;
  return before.find((task) => task.id === selectedId);
}

export const delegatedMessage = (title: string): string => `Delegated “${title}”.`;

export const goneMessage = (title: string): string =>
  `“${title}” is no longer yours to decide: its request was withdrawn, or someone else decided it or handed it on.`;

/** The outcome a triage key decides: the task's own "approved"/"done" or "rejected"-like outcome, if it has one. */
export function outcomeForKey(outcomes: readonly string[], action: 'approve' | 'reject'): string | undefined {
  // A manual task's "done" is its yes: `a` completes it.
  const wanted =
    action === 'approve' ? ['approved', 'approve', 'yes', 'done', 'completed'] : ['rejected', 'reject', 'no'];
  return outcomes.find((o) => wanted.includes(o));
}

/** An outcome id as a button label when the task gives none: "approved" → "Approve"-ish "Approved". */
export const outcomeLabel = (id: string, labels?: readonly { id: string; label: string }[]): string =>
  labels?.find((l) => l.id === id)?.label ?? id.charAt(0).toUpperCase() + id.slice(1).replace(/[_-]+/g, ' ');

/**
 * Why a decision asked for from the keyboard (a / r) is not sent at once: its outcome needs a
 * comment not written yet, or the task has a form to fill in. Then the key opens what is needed
 * (focuses the comment or the form) instead of deciding.
 */
export function keyDecisionNeeds(options: {
  readonly outcome: string;
  readonly requireCommentOn: readonly string[];
  readonly comment: string;
  readonly formFields: number;
}): 'comment' | 'form' | undefined {
  if (options.requireCommentOn.includes(options.outcome) && options.comment.trim() === '') return 'comment';
  if (options.formFields > 0) return 'form';
  return undefined;
}

/** What the inbox says once a task is decided: "Approved “Access request”". */
export function decidedMessage(
  outcome: string,
  title: string,
  labels?: readonly { id: string; label: string }[],
): string {
  const said = outcomeForKey([outcome], 'approve')
    ? outcome === 'done' || outcome === 'completed'
      ? 'Done'
      : 'Approved'
    : outcomeForKey([outcome], 'reject')
      ? 'Rejected'
      : undefined;
  return said ? `${said} “${title}”.` : `Decided “${title}”: ${outcomeLabel(outcome, labels)}.`;
}

/**
 * What tells one task from another of the same step in the list: the value of its first detail
 * (the step's `details`, e.g. the new hire's name), as text. A step's title is the same for every
 * request, so without it a list of "Access request" rows read alike.
 */
export function taskSubject(form: unknown): string | undefined {
  const details = (form as { details?: unknown } | null | undefined)?.details;
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return undefined;
  const first = Object.values(details)[0];
  const text = Array.isArray(first)
    ? first.filter((v) => typeof v === 'string' || typeof v === 'number').join(', ')
    : typeof first === 'string' || typeof first === 'number'
      ? String(first)
      : '';
  return text.trim() === '' ? undefined : text.trim();
}
