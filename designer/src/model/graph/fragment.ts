import type { LayoutEntry, WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@flowline/engine';
import { edgeIdsOf, freshEdgeId, freshId, freshNoteId, nodeIdsOf } from '../document/ids';
import { renameReferences } from '../document/references';
import { isStickyNote } from './layoutEntries';
import type { Selection } from './toFlow';

/** A piece of a definition: some nodes, the edges between them, their positions and notes. */
export interface Fragment {
  readonly nodes: readonly WorkflowNode[];
  readonly edges: readonly WorkflowEdge[];
  readonly layout: Readonly<Record<string, LayoutEntry>>;
}

/** The selected nodes (in definition order), the edges among them, their layout and the selected notes. */
export function fragmentOf(
  definition: WorkflowDefinition,
  selection: Pick<Selection, 'nodes' | 'notes'>,
): Fragment {
  const ids = new Set(selection.nodes);
  const nodes = definition.nodes.filter((n) => ids.has(n.id));
  const edges = definition.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  const layout: Record<string, LayoutEntry> = {};
  for (const id of [...selection.nodes, ...selection.notes]) {
    const entry = definition.layout[id];
    if (entry && isStickyNote(entry) === selection.notes.includes(id)) layout[id] = entry;
  }
  return { nodes, edges, layout };
}

export type Placement =
  { readonly offset: { x: number; y: number } } | { readonly at: { x: number; y: number } };

/**
 * Adds a fragment to a definition: node ids already taken get fresh ones (and the fragment's
 * expressions follow the renames), edges and notes get fresh ids, positions move by the offset
 * (or so that the fragment's top-left corner lands `at`). Returns the new ids as a selection.
 */
export function insertFragment(
  definition: WorkflowDefinition,
  fragment: Fragment,
  placement: Placement,
): { definition: WorkflowDefinition; inserted: Selection } {
  const takenNodes = nodeIdsOf(definition);
  const renames = new Map<string, string>();
  for (const node of fragment.nodes) {
    const id = takenNodes.has(node.id) ? freshId(node.id, takenNodes) : node.id;
    takenNodes.add(id);
    renames.set(node.id, id);
  }
  const changed = new Map([...renames].filter(([from, to]) => from !== to));
  const nodes = fragment.nodes.map((node) => ({
    ...renameReferences(node, changed),
    id: renames.get(node.id)!,
  }));
  const takenEdges = edgeIdsOf(definition);
  const edges = fragment.edges
    .filter((e) => renames.has(e.source) && renames.has(e.target))
    .map((edge) => {
      const id = freshEdgeId(takenEdges);
      takenEdges.add(id);
      return { ...edge, id, source: renames.get(edge.source)!, target: renames.get(edge.target)! };
    });
  const entries = Object.entries(fragment.layout);
  const delta =
    'offset' in placement
      ? placement.offset
      : {
          x: placement.at.x - Math.min(...entries.map(([, p]) => p.x), placement.at.x),
          y: placement.at.y - Math.min(...entries.map(([, p]) => p.y), placement.at.y),
        };
  const layout = { ...definition.layout };
  const notes: string[] = [];
  const newNotes = new Set<string>();
  for (const [id, entry] of entries) {
    const moved = { ...entry, x: entry.x + delta.x, y: entry.y + delta.y };
    if (isStickyNote(entry)) {
      const noteId = freshNoteId(definition, newNotes);
      newNotes.add(noteId);
      notes.push(noteId);
      layout[noteId] = moved;
    } else if (renames.has(id)) {
      layout[renames.get(id)!] = moved;
    }
  }
  return {
    definition: {
      ...definition,
      nodes: [...definition.nodes, ...nodes],
      edges: [...definition.edges, ...edges],
      layout,
    },
    inserted: { nodes: nodes.map((n) => n.id), edges: edges.map((e) => e.id), notes },
  };
}
