import type { WorkflowDefinition } from '@flowline/engine';
import { isStickyNote } from '../graph/layoutEntries';
import { EMPTY_SELECTION, type Selection } from '../graph/toFlow';

/** The editor's document: a plain value, the definition being drawn and what is selected. */
export interface EditorDocument {
  readonly definition: WorkflowDefinition;
  readonly selection: Selection;
}

export const createDocument = (definition: WorkflowDefinition): EditorDocument => ({
  definition,
  selection: EMPTY_SELECTION,
});

/** The selection without ids that no longer exist (after undo, remove…). */
export function existingSelection(definition: WorkflowDefinition, selection: Selection): Selection {
  const nodes = new Set(definition.nodes.map((n) => n.id));
  const edges = new Set(definition.edges.map((e) => e.id));
  const keep = <T extends string>(ids: readonly T[], has: (id: T) => boolean) =>
    ids.every(has) ? ids : ids.filter(has);
  const next = {
    nodes: keep(selection.nodes, (id) => nodes.has(id)),
    edges: keep(selection.edges, (id) => edges.has(id)),
    notes: keep(selection.notes, (id) => {
      const entry = definition.layout[id];
      return entry !== undefined && isStickyNote(entry);
    }),
  };
  return next.nodes === selection.nodes && next.edges === selection.edges && next.notes === selection.notes
    ? selection
    : next;
}

export const isEmptySelection = (s: Selection): boolean =>
  s.nodes.length === 0 && s.edges.length === 0 && s.notes.length === 0;

export { EMPTY_SELECTION, type Selection };
