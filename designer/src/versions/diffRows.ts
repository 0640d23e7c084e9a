import type { WorkflowDefinition } from '@flowline/engine';
import type { DiffStatus, VersionDiff } from '../model';
import { fieldWords } from './definitionFile';

/** One line of a version diff's list: a step or connection, how it changed, which fields. */
export interface DiffRow {
  readonly id: string;
  readonly kind: 'node' | 'edge';
  /** The step's name, or a connection as `Manager approval → Granted (approved)`. */
  readonly name: string;
  readonly status: DiffStatus;
  /** For `changed`: the fields that differ, in words (`Policy › Count`). */
  readonly fields: readonly string[];
}

const STATUS_ORDER: Readonly<Record<DiffStatus, number>> = { added: 0, changed: 1, removed: 2, moved: 3 };

/** The rows of a diff in reading order: steps (added, changed, removed, moved), then connections. */
export function diffRows(
  before: WorkflowDefinition,
  after: WorkflowDefinition,
  diff: VersionDiff,
): DiffRow[] {
  const nodeName = (id: string) =>
    after.nodes.find((n) => n.id === id)?.name ?? before.nodes.find((n) => n.id === id)?.name ?? id;
  const edgeName = (id: string, from: WorkflowDefinition) => {
    const edge = from.edges.find((e) => e.id === id);
    if (!edge) return id;
    const exit = edge.sourceHandle === 'out' ? '' : ` (${edge.label ?? edge.sourceHandle})`;
    return `${nodeName(edge.source)} → ${nodeName(edge.target)}${exit}`;
  };
  const nodes: DiffRow[] = [
    ...diff.nodes.added.map((id) => ({ id, status: 'added' as const, fields: [] as string[] })),
    ...diff.nodes.changed.map(({ id, fields }) => ({
      id,
      status: 'changed' as const,
      fields: fields.map(fieldWords),
    })),
    ...diff.nodes.removed.map((id) => ({ id, status: 'removed' as const, fields: [] as string[] })),
    ...diff.moved
      .filter((id) => !diff.nodes.changed.some((c) => c.id === id))
      .map((id) => ({ id, status: 'moved' as const, fields: [] as string[] })),
  ].map((row) => ({ ...row, kind: 'node' as const, name: nodeName(row.id) }));
  const edges: DiffRow[] = [
    ...diff.edges.added.map((id) => ({
      id,
      status: 'added' as const,
      fields: [],
      name: edgeName(id, after),
    })),
    ...diff.edges.changed.map(({ id, fields }) => ({
      id,
      status: 'changed' as const,
      fields: fields.map(fieldWords),
      name: edgeName(id, after),
    })),
    ...diff.edges.removed.map((id) => ({
      id,
      status: 'removed' as const,
      fields: [],
      name: edgeName(id, before),
    })),
  ].map((row) => ({ ...row, kind: 'edge' as const }));
  const sorted = (rows: DiffRow[]) =>
    rows
      .map((row, i) => ({ row, i }))
      .sort((a, b) => STATUS_ORDER[a.row.status] - STATUS_ORDER[b.row.status] || a.i - b.i);
  return [...sorted(nodes), ...sorted(edges)].map(({ row }) => row);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One sentence for the whole diff: `2 steps added, 1 changed; 1 connection removed.` */
export function diffSummary(diff: VersionDiff): string {
  const part = (count: number, what: string) => (count > 0 ? [`${count} ${what}`] : []);
  const nodes = [
    ...part(diff.nodes.added.length, 'added'),
    ...part(diff.nodes.changed.length, 'changed'),
    ...part(diff.nodes.removed.length, 'removed'),
  ];
  const edges = [
    ...part(diff.edges.added.length, 'added'),
    ...part(diff.edges.changed.length, 'changed'),
    ...part(diff.edges.removed.length, 'removed'),
  ];
  const sentences: string[] = [];
  const nodeTotal = diff.nodes.added.length + diff.nodes.changed.length + diff.nodes.removed.length;
  const edgeTotal = diff.edges.added.length + diff.edges.changed.length + diff.edges.removed.length;
  if (nodes.length > 0) sentences.push(`${plural(nodeTotal, 'step', 'steps')}: ${nodes.join(', ')}`);
  if (edges.length > 0)
    sentences.push(`${plural(edgeTotal, 'connection', 'connections')}: ${edges.join(', ')}`);
  if (diff.workflow.length > 0)
    sentences.push(`workflow settings changed (${diff.workflow.map(fieldWords).join(', ')})`);
  if (sentences.length === 0)
    return diff.moved.length > 0 ||
      diff.notes.added.length + diff.notes.removed.length + diff.notes.changed.length > 0
      ? 'Only the layout differs: both versions behave the same.'
      : 'The two versions are the same.';
  const text = sentences.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
