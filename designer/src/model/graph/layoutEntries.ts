import type { LayoutEntry, StickyNote, WorkflowDefinition } from '@flowline/engine';

/** A layout entry that is a sticky note (it has text); the others are node positions. */
export const isStickyNote = (entry: LayoutEntry): entry is StickyNote => 'note' in entry;

/** The sticky notes of a definition, by note id, in layout order. */
export function notesOf(definition: WorkflowDefinition): [string, StickyNote][] {
  return Object.entries(definition.layout).filter((e): e is [string, StickyNote] => isStickyNote(e[1]));
}

/** Note ids are never identifiers, so they never collide with a node id. */
export const NOTE_PREFIX = 'note-';
