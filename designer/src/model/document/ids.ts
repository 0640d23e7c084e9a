import type { WorkflowDefinition } from '@flowline/engine';
import { NOTE_PREFIX } from '../graph/layoutEntries';

/** The first `base1`, `base2`… not in `taken` (node ids stay identifiers of at most 64 characters). */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.replace(/\d+$/, '').slice(0, 56) || 'node';
  for (let n = 1; ; n += 1) {
    const id = `${stem}${n}`;
    if (!taken.has(id)) return id;
  }
}

export const nodeIdsOf = (definition: WorkflowDefinition): Set<string> =>
  new Set(definition.nodes.map((n) => n.id));
export const edgeIdsOf = (definition: WorkflowDefinition): Set<string> =>
  new Set(definition.edges.map((e) => e.id));

/** A node id base from a name: `Manager approval` → `managerApproval`. */
export function idBaseFrom(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const joined = words
    .map((w, i) =>
      i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join('');
  return /^[A-Za-z]/.test(joined) ? joined : `node${joined}`;
}

/**
 * `e<n>` after the highest `e<n>` in use: an edge id is never given again to another edge while
 * the workflow has it, and a deleted edge's id is not reused by the next one (versions compare
 * edges by id).
 */
export function freshEdgeId(taken: ReadonlySet<string>): string {
  let highest = 0;
  for (const id of taken) {
    const match = /^e(\d+)$/.exec(id);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `e${highest + 1}`;
}

/** `note-1`, `note-2`…: never an identifier, so never a node id. */
export function freshNoteId(definition: WorkflowDefinition, also: ReadonlySet<string> = new Set()): string {
  for (let n = 1; ; n += 1) {
    const id = `${NOTE_PREFIX}${n}`;
    if (!(id in definition.layout) && !also.has(id)) return id;
  }
}
