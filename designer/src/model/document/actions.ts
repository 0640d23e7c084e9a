import {
  ok,
  type Connection,
  type Result,
  type WorkflowDefinition,
  type WorkflowNode,
} from '@flowline/engine';
import type { Selection } from '../graph/toFlow';
import { pasteText } from '../graph/clipboard';
import { existingSelection, isEmptySelection, type EditorDocument } from './document';
import * as edits from './edits';
import { expressionParser, loadExpressionParser } from './expressionParser';
import type { Path } from './paths';

/**
 * Every edit is a named action on the plain document (Excalidraw's idea): an id, a label for
 * menus and the command palette, its keyboard shortcuts, and `perform`, which returns the next
 * document or the reason it was refused. Undo, shortcuts and menus all come from this one list.
 */
export interface EditorAction<A> {
  readonly id: string;
  readonly label: string;
  /** Shortcuts (`Mod` is ⌘ on macOS, Ctrl elsewhere), each with the arguments it passes. */
  readonly shortcuts: readonly Shortcut<A>[];
  /** False for actions that only change the selection: they leave no undo entry. */
  readonly undoable: boolean;
  /** Whether it can run on this document now (menus grey it out, shortcuts do nothing). */
  readonly enabled: (doc: EditorDocument, args?: A) => boolean;
  readonly perform: (doc: EditorDocument, args: A) => Result<EditorDocument, string>;
}

export interface Shortcut<A> {
  readonly keys: string;
  readonly args: A;
}

/** The arguments of each action. */
export interface ActionArgs {
  addNode: edits.AddNodeArgs;
  insertNodeOnEdge: edits.InsertOnEdgeArgs;
  connect: Connection & { readonly label?: string };
  reconnect: Connection & { readonly edgeId: string };
  setEdgeLabel: { readonly edgeId: string; readonly label: string };
  move: { readonly positions: Readonly<Record<string, { x: number; y: number }>> };
  nudge: { readonly dx: number; readonly dy: number };
  remove: Partial<Selection> | undefined;
  duplicate: Partial<Pick<Selection, 'nodes' | 'notes'>> | undefined;
  paste: { readonly text: string; readonly at?: { x: number; y: number } };
  updateConfig: { readonly nodeId: string; readonly node: WorkflowNode };
  setField: { readonly nodeId: string; readonly path: Path; readonly value: unknown };
  rename: { readonly nodeId: string; readonly name?: string; readonly id?: string };
  updateWorkflow: edits.WorkflowChanges;
  alignLeft: { readonly sizes?: edits.Sizes } | undefined;
  alignCenter: { readonly sizes?: edits.Sizes } | undefined;
  alignRight: { readonly sizes?: edits.Sizes } | undefined;
  alignTop: { readonly sizes?: edits.Sizes } | undefined;
  alignMiddle: { readonly sizes?: edits.Sizes } | undefined;
  alignBottom: { readonly sizes?: edits.Sizes } | undefined;
  addNote: { readonly position: { x: number; y: number }; readonly text?: string };
  editNote: { readonly id: string; readonly changes: edits.NoteChanges };
  /** The whole definition at once (an imported file): one undo entry back to what was there. */
  replaceDefinition: { readonly definition: WorkflowDefinition };
  select: Partial<Selection>;
  selectAll: undefined;
  clearSelection: undefined;
}

export type ActionId = keyof ActionArgs;

const always = () => true;
const hasSelection = (doc: EditorDocument, args?: unknown) =>
  args !== undefined || !isEmptySelection(doc.selection);
const hasMovables = (doc: EditorDocument, args?: unknown) =>
  args !== undefined || doc.selection.nodes.length + doc.selection.notes.length > 0;
const severalMovables = (doc: EditorDocument) => doc.selection.nodes.length + doc.selection.notes.length > 1;

function action<K extends ActionId>(
  id: K,
  label: string,
  perform: EditorAction<ActionArgs[K]>['perform'],
  options: Partial<Pick<EditorAction<ActionArgs[K]>, 'shortcuts' | 'undoable' | 'enabled'>> = {},
): EditorAction<ActionArgs[K]> {
  return {
    id,
    label,
    perform,
    shortcuts: options.shortcuts ?? [],
    undoable: options.undoable ?? true,
    enabled: options.enabled ?? always,
  };
}

const alignAction = <K extends `align${string}` & ActionId>(
  id: K,
  label: string,
  mode: edits.AlignMode,
  keys: string,
) =>
  action(id, label, edits.align(mode) as EditorAction<ActionArgs[K]>['perform'], {
    enabled: severalMovables,
    shortcuts: [{ keys, args: undefined as ActionArgs[K] }],
  });

const NUDGE = 10;

export const ACTIONS: { readonly [K in ActionId]: EditorAction<ActionArgs[K]> } = {
  addNode: action('addNode', 'Add node', edits.addNode),
  insertNodeOnEdge: action('insertNodeOnEdge', 'Insert node on edge', edits.insertNodeOnEdge),
  connect: action('connect', 'Connect', edits.connect),
  reconnect: action('reconnect', 'Reconnect edge', edits.reconnect),
  setEdgeLabel: action('setEdgeLabel', 'Edit edge label', edits.setEdgeLabel),
  move: action('move', 'Move', edits.move),
  nudge: action('nudge', 'Nudge', edits.nudge, {
    enabled: (doc) => hasMovables(doc),
    shortcuts: [
      { keys: 'ArrowLeft', args: { dx: -NUDGE, dy: 0 } },
      { keys: 'ArrowRight', args: { dx: NUDGE, dy: 0 } },
      { keys: 'ArrowUp', args: { dx: 0, dy: -NUDGE } },
      { keys: 'ArrowDown', args: { dx: 0, dy: NUDGE } },
    ],
  }),
  remove: action('remove', 'Delete', edits.remove, {
    enabled: hasSelection,
    shortcuts: [
      { keys: 'Delete', args: undefined },
      { keys: 'Backspace', args: undefined },
    ],
  }),
  duplicate: action('duplicate', 'Duplicate', edits.duplicate, {
    enabled: hasMovables,
    shortcuts: [{ keys: 'Mod+D', args: undefined }],
  }),
  paste: action('paste', 'Paste', (doc, args) => pasteText(doc, args.text, args.at)),
  updateConfig: action('updateConfig', 'Change node', edits.updateConfig),
  setField: action('setField', 'Change field', edits.setField),
  rename: action('rename', 'Rename node', edits.rename),
  updateWorkflow: action('updateWorkflow', 'Change workflow', edits.updateWorkflow),
  alignLeft: alignAction('alignLeft', 'Align left', 'left', 'Mod+Shift+ArrowLeft'),
  alignCenter: alignAction('alignCenter', 'Align centres', 'center', 'Alt+Shift+H'),
  alignRight: alignAction('alignRight', 'Align right', 'right', 'Mod+Shift+ArrowRight'),
  alignTop: alignAction('alignTop', 'Align top', 'top', 'Mod+Shift+ArrowUp'),
  alignMiddle: alignAction('alignMiddle', 'Align middles', 'middle', 'Alt+Shift+V'),
  alignBottom: alignAction('alignBottom', 'Align bottom', 'bottom', 'Mod+Shift+ArrowDown'),
  addNote: action('addNote', 'Add sticky note', edits.addNote),
  editNote: action('editNote', 'Edit sticky note', edits.editNote),
  replaceDefinition: action('replaceDefinition', 'Replace the workflow', (doc, { definition }) =>
    ok({ definition, selection: existingSelection(definition, doc.selection) }),
  ),
  select: action('select', 'Select', edits.select, { undoable: false }),
  selectAll: action('selectAll', 'Select all', edits.selectAll, {
    undoable: false,
    shortcuts: [{ keys: 'Mod+A', args: undefined }],
  }),
  clearSelection: action('clearSelection', 'Clear selection', (doc) => edits.select(doc, {}), {
    undoable: false,
    enabled: hasSelection,
    shortcuts: [{ keys: 'Escape', args: undefined }],
  }),
};

/**
 * Commands the store (undo, redo) or the canvas (clipboard, view) carries out rather than an
 * action on the document; listed here so the help overlay and command palette show one list.
 */
export const COMMANDS = [
  { id: 'undo', label: 'Undo', keys: ['Mod+Z'] },
  { id: 'redo', label: 'Redo', keys: ['Mod+Shift+Z', 'Mod+Y'] },
  { id: 'copy', label: 'Copy', keys: ['Mod+C'] },
  { id: 'cut', label: 'Cut', keys: ['Mod+X'] },
  { id: 'paste', label: 'Paste', keys: ['Mod+V'] },
  { id: 'autoLayout', label: 'Auto-layout', keys: ['Shift+L'] },
  { id: 'connect', label: 'Connect the selected step…', keys: ['C'] },
  { id: 'fitView', label: 'Zoom to fit', keys: ['Shift+1'] },
  { id: 'help', label: 'Keyboard shortcuts', keys: ['?'] },
] as const;

export type CommandId = (typeof COMMANDS)[number]['id'];

/** Every shortcut with what it does, for the help overlay. */
export function shortcutList(): { keys: string; label: string; id: string }[] {
  const fromActions = Object.values(ACTIONS as Record<string, EditorAction<unknown>>).flatMap((a) =>
    a.shortcuts.map((s) => ({ keys: s.keys, label: a.label, id: a.id })),
  );
  const fromCommands = COMMANDS.flatMap((c) => c.keys.map((keys) => ({ keys, label: c.label, id: c.id })));
  return [...fromCommands, ...fromActions];
}

/** A keyboard event as the canvas sees it (a DOM KeyboardEvent fits). */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  /** The physical key (`Digit1`): Shift+1 types `!` on many layouts, and is still Shift+1. */
  readonly code?: string;
}

/** `Mod+Shift+Z` for a key press (`Mod` is ⌘ on macOS, Ctrl elsewhere). */
export function keysOf(press: KeyPress, mac: boolean): string {
  const mod = mac ? press.metaKey : press.ctrlKey;
  const digit = press.code !== undefined && /^Digit[0-9]$/.test(press.code) ? press.code.slice(5) : undefined;
  const key = digit ?? (press.key.length === 1 && press.key !== '?' ? press.key.toUpperCase() : press.key);
  return [mod ? 'Mod' : '', press.altKey ? 'Alt' : '', press.shiftKey && key !== '?' ? 'Shift' : '', key]
    .filter(Boolean)
    .join('+');
}

export type ShortcutMatch =
  | { readonly kind: 'action'; readonly id: ActionId; readonly args: unknown }
  | { readonly kind: 'command'; readonly id: CommandId };

/** What a key press does on the canvas, if anything. */
export function matchShortcut(press: KeyPress, mac: boolean): ShortcutMatch | undefined {
  const keys = keysOf(press, mac);
  const command = COMMANDS.find((c) => (c.keys as readonly string[]).includes(keys));
  if (command) return { kind: 'command', id: command.id };
  for (const [id, a] of Object.entries(ACTIONS as Record<string, EditorAction<unknown>>)) {
    const shortcut = a.shortcuts.find((s) => s.keys === keys);
    if (shortcut) return { kind: 'action', id: id as ActionId, args: shortcut.args };
  }
  return undefined;
}

/** Runs an action by id when it is enabled (a disabled one leaves the document as it is). */
export function perform<K extends ActionId>(
  doc: EditorDocument,
  id: K,
  args: ActionArgs[K],
): Result<EditorDocument, string> {
  const a = ACTIONS[id];
  return a.enabled(doc, args) ? a.perform(doc, args) : ok(doc);
}

/** Actions that can change a step's id, so rewrite the expressions reading it (with the parser). */
const REWRITE_EXPRESSIONS: ReadonlySet<ActionId> = new Set(['rename', 'duplicate', 'paste']);

/**
 * Undefined when the action can run now; otherwise it waits for code loaded on first use (the
 * expression parser): run it once the promise resolves. It rejects when that code cannot load.
 */
export function whenReady(id: ActionId): Promise<void> | undefined {
  if (!REWRITE_EXPRESSIONS.has(id) || expressionParser() !== undefined) return undefined;
  return loadExpressionParser().then(() => undefined);
}
