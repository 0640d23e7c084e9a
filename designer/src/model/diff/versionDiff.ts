import type { WorkflowDefinition, WorkflowEdge } from '@flowline/engine';
import { isStickyNote, notesOf } from '../graph/layoutEntries';

export interface ChangedItem {
  readonly id: string;
  /** Field paths that differ, e.g. `conditions.0.when`, `due.after`, `target`. */
  readonly fields: readonly string[];
}

export interface Changes {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly ChangedItem[];
}

/** What changed from one version of a workflow to another. */
export interface VersionDiff {
  readonly nodes: Changes;
  readonly edges: Changes;
  /** Nodes in both versions whose position differs (a move changes nothing that runs). */
  readonly moved: readonly string[];
  readonly notes: Changes;
  /** The workflow's own fields that differ: `name`, `input.1.label`, `variables`… */
  readonly workflow: readonly string[];
  /** True when nothing that runs differs (only positions and notes, or nothing at all). */
  readonly sameBehaviour: boolean;
}

export type DiffStatus = 'added' | 'removed' | 'changed' | 'moved';

/** Every path at which two JSON values differ (arrays by index, a missing key as a difference). */
export function changedPaths(a: unknown, b: unknown, prefix: readonly (string | number)[] = []): string[] {
  if (Object.is(a, b)) return [];
  const bothObjects = typeof a === 'object' && a !== null && typeof b === 'object' && b !== null;
  if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) return [prefix.join('.')];
  const keys = Array.isArray(a)
    ? Array.from({ length: Math.max(a.length, (b as unknown[]).length) }, (_, i) => i)
    : [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((key) =>
    changedPaths((a as Record<string | number, unknown>)[key], (b as Record<string | number, unknown>)[key], [
      ...prefix,
      key,
    ]),
  );
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function compare<T>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>): Changes {
  const added = [...after.keys()].filter((id) => !before.has(id));
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const changed = [...after.entries()].flatMap(([id, item]) => {
    const old = before.get(id);
    if (old === undefined) return [];
    const fields = changedPaths(old, item);
    return fields.length > 0 ? [{ id, fields }] : [];
  });
  return { added, removed, changed };
}

const connectionKey = (e: WorkflowEdge) => `${e.source}\u0000${e.sourceHandle}\u0000${e.target}`;

/** Edges compared by id; an edge drawn again under another id but joining the same exit and node is the same edge. */
function compareEdges(before: WorkflowDefinition, after: WorkflowDefinition): Changes {
  const compared = compare(byId(before.edges), byId(after.edges));
  // An id that now names an edge from another node is another edge: removed, and one added.
  const reused = new Set(compared.changed.filter((c) => c.fields.includes('source')).map((c) => c.id));
  const raw: Changes = {
    added: [...compared.added, ...reused],
    removed: [...compared.removed, ...reused],
    changed: compared.changed.filter((c) => !reused.has(c.id)),
  };
  const removedKeys = new Map(
    raw.removed.map((id) => [connectionKey(before.edges.find((e) => e.id === id)!), id]),
  );
  const addedSame = new Set<string>();
  const removedSame = new Set<string>();
  for (const id of raw.added) {
    const edge = after.edges.find((e) => e.id === id)!;
    const twin = removedKeys.get(connectionKey(edge));
    if (twin !== undefined && !removedSame.has(twin)) {
      addedSame.add(id);
      removedSame.add(twin);
    }
  }
  return {
    added: raw.added.filter((id) => !addedSame.has(id)),
    removed: raw.removed.filter((id) => !removedSame.has(id)),
    changed: raw.changed,
  };
}

const IGNORED_TOP_LEVEL = new Set(['nodes', 'edges', 'layout', 'version', '$schema']);

/**
 * The difference between two versions: nodes and edges added, removed or changed (with the
 * changed fields), moves apart, sticky notes, and the workflow's own fields.
 */
export function versionDiff(before: WorkflowDefinition, after: WorkflowDefinition): VersionDiff {
  const nodes = compare(byId(before.nodes), byId(after.nodes));
  const edges = compareEdges(before, after);
  const moved = after.nodes.flatMap((node) => {
    const a = before.layout[node.id];
    const b = after.layout[node.id];
    if (!before.nodes.some((n) => n.id === node.id) || a === undefined || b === undefined) return [];
    if (isStickyNote(a) || isStickyNote(b)) return [];
    return a.x !== b.x || a.y !== b.y ? [node.id] : [];
  });
  const notes = compare(new Map(notesOf(before)), new Map(notesOf(after)));
  const top = (d: WorkflowDefinition) =>
    Object.fromEntries(Object.entries(d).filter(([key]) => !IGNORED_TOP_LEVEL.has(key)));
  const workflow = changedPaths(top(before), top(after));
  const sameBehaviour =
    [nodes, edges].every((c) => c.added.length + c.removed.length + c.changed.length === 0) &&
    workflow.filter((f) => !/^(name|description)$/.test(f)).length === 0;
  return { nodes, edges, moved, notes, workflow, sameBehaviour };
}

/** How the canvas marks each node or edge of a diff (a changed node that also moved is `changed`). */
export function diffStatuses(diff: VersionDiff): {
  nodes: ReadonlyMap<string, DiffStatus>;
  edges: ReadonlyMap<string, DiffStatus>;
} {
  const nodes = new Map<string, DiffStatus>();
  for (const id of diff.moved) nodes.set(id, 'moved');
  for (const { id } of diff.nodes.changed) nodes.set(id, 'changed');
  for (const id of diff.nodes.added) nodes.set(id, 'added');
  for (const id of diff.nodes.removed) nodes.set(id, 'removed');
  const edges = new Map<string, DiffStatus>();
  for (const { id } of diff.edges.changed) edges.set(id, 'changed');
  for (const id of diff.edges.added) edges.set(id, 'added');
  for (const id of diff.edges.removed) edges.set(id, 'removed');
  return { nodes, edges };
}

/**
 * One definition to draw a diff on: the newer version plus the removed nodes and edges of the
 * older one (at their old positions), so a removed node can be shown struck out where it was.
 */
export function diffCanvas(
  before: WorkflowDefinition,
  after: WorkflowDefinition,
  diff: VersionDiff,
): WorkflowDefinition {
  const removedNodes = new Set(diff.nodes.removed);
  const removedEdges = new Set(diff.edges.removed);
  const layout = { ...after.layout };
  for (const id of removedNodes) {
    const position = before.layout[id];
    if (position) layout[id] = position;
  }
  return {
    ...after,
    nodes: [...after.nodes, ...before.nodes.filter((n) => removedNodes.has(n.id))],
    edges: [
      ...after.edges,
      ...before.edges.filter((e) => removedEdges.has(e.id) && !after.edges.some((a) => a.id === e.id)),
    ],
    layout,
  };
}
