import {
  IdentifierSchema,
  canConnect,
  err,
  ok,
  type Connection,
  type NodeKind,
  type Result,
  type StickyNote,
  type WorkflowDefinition,
  type WorkflowEdge,
  type WorkflowNode,
} from '@flowline/engine';
import { edgeLabelOf } from '../graph/edgeLabels';
import { fragmentOf, insertFragment } from '../graph/fragment';
import { handleList } from '../graph/handles';
import { isStickyNote } from '../graph/layoutEntries';
import { EMPTY_SELECTION, existingSelection, type EditorDocument, type Selection } from './document';
import { edgeIdsOf, freshEdgeId, freshId, freshNoteId, idBaseFrom, nodeIdsOf } from './ids';
import { newNode } from './newNode';
import { getAt, setAt, type Path } from './paths';
import { renameReferences } from './references';

export type Edit<A> = (doc: EditorDocument, args: A) => Result<EditorDocument, string>;
type Point = { readonly x: number; readonly y: number };

const withDefinition = (doc: EditorDocument, definition: WorkflowDefinition, selection = doc.selection) =>
  ok<EditorDocument>({ definition, selection: existingSelection(definition, selection) });

const nodeById = (definition: WorkflowDefinition, id: string) => definition.nodes.find((n) => n.id === id);

function replaceNode(definition: WorkflowDefinition, id: string, next: WorkflowNode): WorkflowDefinition {
  return { ...definition, nodes: definition.nodes.map((n) => (n.id === id ? next : n)) };
}

const words = (id: string): string => {
  const spaced = id.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

export interface AddNodeArgs {
  readonly kind: NodeKind;
  readonly position: Point;
  readonly name?: string;
  readonly action?: string;
  readonly preset?: Readonly<Record<string, unknown>>;
}

function createNode(definition: WorkflowDefinition, args: Omit<AddNodeArgs, 'position'>): WorkflowNode {
  const actionId = args.action?.split('.')[1];
  const base = actionId ? idBaseFrom(actionId) : args.kind;
  // A task is named after its action (`createIncident` → "Create incident") unless named.
  const name = args.name ?? (actionId ? words(actionId) : undefined);
  return newNode(args.kind, {
    id: freshId(base, nodeIdsOf(definition)),
    ...(name !== undefined ? { name } : {}),
    ...(args.action !== undefined ? { action: args.action } : {}),
    ...(args.preset !== undefined ? { preset: args.preset } : {}),
  });
}

/** A new node with a fresh id and the kind's defaults, at a position, selected. */
export const addNode: Edit<AddNodeArgs> = (doc, args) => {
  const node = createNode(doc.definition, args);
  const definition = {
    ...doc.definition,
    nodes: [...doc.definition.nodes, node],
    layout: { ...doc.definition.layout, [node.id]: { x: args.position.x, y: args.position.y } },
  };
  return withDefinition(doc, definition, { ...EMPTY_SELECTION, nodes: [node.id] });
};

export interface InsertOnEdgeArgs extends Omit<AddNodeArgs, 'position'> {
  readonly edgeId: string;
  readonly position?: Point;
}

/** A new node dropped on an edge: the edge now ends at it, and its first exit leads on. */
export const insertNodeOnEdge: Edit<InsertOnEdgeArgs> = (doc, args) => {
  const { definition } = doc;
  const edge = definition.edges.find((e) => e.id === args.edgeId);
  if (!edge) return err('That edge is no longer there');
  const node = createNode(definition, args);
  const exit = handleList(node)[0];
  if (!exit)
    return err(
      `A${node.kind === 'end' ? 'n end' : ` ${node.kind}`} has no exit, so it cannot go between two nodes`,
    );
  const from = definition.layout[edge.source];
  const to = definition.layout[edge.target];
  const position =
    args.position ?? (from && to ? { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 } : { x: 0, y: 0 });
  const taken = edgeIdsOf(definition);
  const onward: WorkflowEdge = {
    id: freshEdgeId(taken),
    source: node.id,
    sourceHandle: exit.id,
    target: edge.target,
  };
  const withNode: WorkflowDefinition = {
    ...definition,
    nodes: [...definition.nodes, node],
    edges: definition.edges.map((e) => (e.id === edge.id ? { ...e, target: node.id } : e)),
    layout: { ...definition.layout, [node.id]: { x: position.x, y: position.y } },
  };
  const allowed = canConnect(withNode, onward);
  if (!allowed.ok) return err(allowed.error.message);
  return withDefinition(
    doc,
    { ...withNode, edges: [...withNode.edges, onward] },
    { ...EMPTY_SELECTION, nodes: [node.id] },
  );
};

/** A new edge, when the engine allows it; otherwise the engine's reason. */
export const connect: Edit<Connection & { readonly label?: string }> = (doc, args) => {
  const allowed = canConnect(doc.definition, args);
  if (!allowed.ok) return err(allowed.error.message);
  const edge: WorkflowEdge = {
    id: freshEdgeId(edgeIdsOf(doc.definition)),
    source: args.source,
    sourceHandle: args.sourceHandle,
    target: args.target,
    ...(args.label !== undefined ? { label: args.label } : {}),
  };
  return withDefinition(doc, { ...doc.definition, edges: [...doc.definition.edges, edge] });
};

/** An edge dragged to another exit or node: it keeps its id when the engine allows the new ends. */
export const reconnect: Edit<Connection & { readonly edgeId: string }> = (doc, args) => {
  const edge = doc.definition.edges.find((e) => e.id === args.edgeId);
  if (!edge) return err('That edge is no longer there');
  const others = { ...doc.definition, edges: doc.definition.edges.filter((e) => e.id !== edge.id) };
  const allowed = canConnect(others, args);
  if (!allowed.ok) return err(allowed.error.message);
  const moved = { ...edge, source: args.source, sourceHandle: args.sourceHandle, target: args.target };
  return withDefinition(doc, {
    ...doc.definition,
    edges: doc.definition.edges.map((e) => (e.id === edge.id ? moved : e)),
  });
};

/** New positions for nodes and sticky notes (a drag sends many; the store keeps one undo entry). */
export const move: Edit<{ readonly positions: Readonly<Record<string, Point>> }> = (doc, { positions }) => {
  const nodes = nodeIdsOf(doc.definition);
  const layout = { ...doc.definition.layout };
  let changed = false;
  for (const [id, { x, y }] of Object.entries(positions)) {
    const entry = layout[id];
    if (entry && isStickyNote(entry)) layout[id] = { ...entry, x, y };
    else if (nodes.has(id)) layout[id] = { x, y };
    else continue;
    changed ||= entry?.x !== x || entry.y !== y;
  }
  return changed ? withDefinition(doc, { ...doc.definition, layout }) : ok(doc);
};

/** Nodes (with their edges and positions), edges and notes; the selection when none are named. */
export const remove: Edit<Partial<Selection> | undefined> = (doc, args) => {
  const target = { ...doc.selection, ...args };
  const nodes = new Set(target.nodes);
  const edges = new Set(target.edges);
  const gone = (id: string) => nodes.has(id) || target.notes.includes(id);
  const definition = doc.definition;
  const next: WorkflowDefinition = {
    ...definition,
    nodes: definition.nodes.filter((n) => !nodes.has(n.id)),
    edges: definition.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
    layout: Object.fromEntries(Object.entries(definition.layout).filter(([id]) => !gone(id))),
  };
  const same =
    next.nodes.length === definition.nodes.length &&
    next.edges.length === definition.edges.length &&
    Object.keys(next.layout).length === Object.keys(definition.layout).length;
  return same ? ok(doc) : withDefinition(doc, next, EMPTY_SELECTION);
};

/** Copies of the selected nodes (and the edges among them) and notes, offset, selected. */
export const duplicate: Edit<Partial<Pick<Selection, 'nodes' | 'notes'>> | undefined> = (doc, args) => {
  const target = { ...doc.selection, ...args };
  if (target.nodes.length === 0 && target.notes.length === 0) return ok(doc);
  const fragment = fragmentOf(doc.definition, target);
  const { definition, inserted } = insertFragment(doc.definition, fragment, { offset: { x: 40, y: 40 } });
  return withDefinition(doc, definition, inserted);
};

/**
 * Exits follow a change of configuration: an outcome or condition renamed in place keeps its
 * edge (the edge's sourceHandle is renamed), an exit that is gone takes its edge with it.
 */
function reconcileExits(
  before: WorkflowNode,
  after: WorkflowNode,
  edges: readonly WorkflowEdge[],
): readonly WorkflowEdge[] {
  const old = handleList(before).map((h) => h.id);
  const now = handleList(after).map((h) => h.id);
  if (old.join('\u0000') === now.join('\u0000')) return edges;
  const renamed = new Map<string, string>();
  old.forEach((id, i) => {
    const next = now[i];
    if (next !== undefined && !now.includes(id) && !old.includes(next) && old.length === now.length)
      renamed.set(id, next);
  });
  const kept = new Set(now);
  let changed = false;
  const result = edges.flatMap((edge) => {
    if (edge.source !== before.id || kept.has(edge.sourceHandle)) return [edge];
    changed = true;
    const to = renamed.get(edge.sourceHandle);
    return to !== undefined && old.includes(edge.sourceHandle)
      ? [{ ...edge, sourceHandle: to }]
      : old.includes(edge.sourceHandle)
        ? []
        : [edge];
  });
  return changed ? result : edges;
}

function changeNode(
  doc: EditorDocument,
  before: WorkflowNode,
  after: WorkflowNode,
): Result<EditorDocument, string> {
  if (after.id !== before.id) return err('Rename a node to change its id');
  if (after.kind !== before.kind) return err('A node keeps its kind; add a new node instead');
  const definition = replaceNode(doc.definition, before.id, after);
  const edges = reconcileExits(before, after, definition.edges);
  return withDefinition(doc, edges === definition.edges ? definition : { ...definition, edges: [...edges] });
}

/** A node's whole configuration, as the inspector's form gives it (same id and kind). */
export const updateConfig: Edit<{ readonly nodeId: string; readonly node: WorkflowNode }> = (doc, args) => {
  const before = nodeById(doc.definition, args.nodeId);
  return before ? changeNode(doc, before, args.node) : err(`There is no node "${args.nodeId}"`);
};

/** One field of a node, e.g. `['conditions', 0, 'when']` (undefined removes it). */
export const setField: Edit<{ readonly nodeId: string; readonly path: Path; readonly value: unknown }> = (
  doc,
  args,
) => {
  const before = nodeById(doc.definition, args.nodeId);
  if (!before) return err(`There is no node "${args.nodeId}"`);
  if (getAt(before, args.path) === args.value) return ok(doc);
  return changeNode(doc, before, setAt(before, args.path, args.value));
};

/**
 * A node's name, and its id: the id must be an identifier no other node has; edges, positions,
 * the selection and every expression reading `nodes.<old id>` follow it.
 */
export const rename: Edit<{ readonly nodeId: string; readonly name?: string; readonly id?: string }> = (
  doc,
  args,
) => {
  const before = nodeById(doc.definition, args.nodeId);
  if (!before) return err(`There is no node "${args.nodeId}"`);
  let definition = doc.definition;
  if (args.name !== undefined && args.name !== before.name) {
    if (args.name.trim() === '') return err('A node needs a name');
    definition = replaceNode(definition, before.id, { ...before, name: args.name });
  }
  const id = args.id;
  if (id === undefined || id === before.id)
    return definition === doc.definition ? ok(doc) : withDefinition(doc, definition);
  const valid = IdentifierSchema.safeParse(id);
  if (!valid.success) return err(valid.error.issues[0]?.message ?? 'Not a valid id');
  if (nodeIdsOf(definition).has(id)) return err(`Another node already has the id "${id}"`);
  const renames = new Map([[before.id, id]]);
  const swap = (x: string) => (x === before.id ? id : x);
  const { [before.id]: position, ...layout } = definition.layout;
  definition = {
    ...definition,
    nodes: definition.nodes.map((n) => renameReferences(n.id === before.id ? { ...n, id } : n, renames)),
    edges: definition.edges.map((e) =>
      e.source === before.id || e.target === before.id
        ? { ...e, source: swap(e.source), target: swap(e.target) }
        : e,
    ),
    layout: position ? { ...layout, [id]: position } : layout,
  };
  return withDefinition(doc, definition, { ...doc.selection, nodes: doc.selection.nodes.map(swap) });
};

export type AlignMode = 'left' | 'center' | 'right' | 'top' | 'middle' | 'bottom';
export type Sizes = Readonly<Record<string, { readonly width: number; readonly height: number }>>;

/** Sizes the canvas draws when it has not measured (its node and note defaults). */
export const DEFAULT_NODE_SIZE = { width: 220, height: 80 };
export const DEFAULT_NOTE_SIZE = { width: 200, height: 120 };

/** Lines the selected nodes and notes up on one edge or centre line of their bounding box. */
export function align(mode: AlignMode): Edit<{ readonly sizes?: Sizes } | undefined> {
  return (doc, args) => {
    const ids = [...doc.selection.nodes, ...doc.selection.notes];
    const boxes = ids.flatMap((id) => {
      const entry = doc.definition.layout[id];
      if (!entry) return [];
      const size =
        args?.sizes?.[id] ??
        (isStickyNote(entry)
          ? {
              width: entry.width ?? DEFAULT_NOTE_SIZE.width,
              height: entry.height ?? DEFAULT_NOTE_SIZE.height,
            }
          : DEFAULT_NODE_SIZE);
      return [{ id, x: entry.x, y: entry.y, ...size }];
    });
    if (boxes.length < 2) return ok(doc);
    const left = Math.min(...boxes.map((b) => b.x));
    const right = Math.max(...boxes.map((b) => b.x + b.width));
    const top = Math.min(...boxes.map((b) => b.y));
    const bottom = Math.max(...boxes.map((b) => b.y + b.height));
    const positions: Record<string, Point> = {};
    for (const b of boxes) {
      const x =
        mode === 'left'
          ? left
          : mode === 'right'
            ? right - b.width
            : mode === 'center'
              ? (left + right) / 2 - b.width / 2
              : b.x;
      const y =
        mode === 'top'
          ? top
          : mode === 'bottom'
            ? bottom - b.height
            : mode === 'middle'
              ? (top + bottom) / 2 - b.height / 2
              : b.y;
      positions[b.id] = { x, y };
    }
    return move(doc, { positions });
  };
}

/** A sticky note at a position, selected. */
export const addNote: Edit<{ readonly position: Point; readonly text?: string }> = (doc, args) => {
  const id = freshNoteId(doc.definition);
  const note: StickyNote = { x: args.position.x, y: args.position.y, note: args.text ?? '' };
  return withDefinition(
    doc,
    { ...doc.definition, layout: { ...doc.definition.layout, [id]: note } },
    { ...EMPTY_SELECTION, notes: [id] },
  );
};

export type NoteChanges = Partial<Pick<StickyNote, 'note' | 'width' | 'height' | 'color'>>;

/** A sticky note's text, size or colour. */
export const editNote: Edit<{ readonly id: string; readonly changes: NoteChanges }> = (doc, args) => {
  const entry = doc.definition.layout[args.id];
  if (!entry || !isStickyNote(entry)) return err('That note is no longer there');
  const next = { ...entry, ...args.changes };
  if (Object.entries(args.changes).every(([k, v]) => entry[k as keyof StickyNote] === v)) return ok(doc);
  return withDefinition(doc, { ...doc.definition, layout: { ...doc.definition.layout, [args.id]: next } });
};

export type WorkflowChanges = Partial<
  Pick<WorkflowDefinition, 'name' | 'description' | 'input' | 'variables'>
>;

/** The workflow's own fields: name, description, request form, variables. */
export const updateWorkflow: Edit<WorkflowChanges> = (doc, changes) =>
  withDefinition(doc, { ...doc.definition, ...changes });

/** What is selected (no undo entry). */
export const select: Edit<Partial<Selection>> = (doc, selection) =>
  ok({ ...doc, selection: existingSelection(doc.definition, { ...EMPTY_SELECTION, ...selection }) });

export const selectAll: Edit<undefined> = (doc) =>
  ok({
    ...doc,
    selection: {
      nodes: doc.definition.nodes.map((n) => n.id),
      edges: doc.definition.edges.map((e) => e.id),
      notes: Object.keys(doc.definition.layout).filter((id) => isStickyNote(doc.definition.layout[id]!)),
    },
  });

/** Moves the selection by a step (arrow keys). */
export const nudge: Edit<{ readonly dx: number; readonly dy: number }> = (doc, { dx, dy }) => {
  const positions: Record<string, Point> = {};
  for (const id of [...doc.selection.nodes, ...doc.selection.notes]) {
    const entry = doc.definition.layout[id];
    if (entry) positions[id] = { x: entry.x + dx, y: entry.y + dy };
  }
  return move(doc, { positions });
};

/** Longest edge label the engine takes (its Edge schema). */
const EDGE_LABEL_MAX = 120;

/**
 * The text on an edge, edited on the canvas: written where edgeLabelOf says it lives (the edge's
 * own label, a decision condition's label, an approval or manual task outcome's label); an empty
 * text removes an edge's or a condition's label, and is refused for an outcome (its button needs
 * words).
 */
export const setEdgeLabel: Edit<{ readonly edgeId: string; readonly label: string }> = (doc, args) => {
  const edge = doc.definition.edges.find((e) => e.id === args.edgeId);
  if (!edge) return err('That edge is no longer there');
  const text = args.label.trim();
  const { source } = edgeLabelOf(edge, nodeById(doc.definition, edge.source));
  if (source.type === 'outcome') {
    if (text === '') return err('An outcome needs a label: it is what the approver’s button says');
    return setField(doc, { nodeId: source.nodeId, path: ['outcomes', source.index, 'label'], value: text });
  }
  if (text.length > EDGE_LABEL_MAX) return err(`A label has at most ${EDGE_LABEL_MAX} characters`);
  if (source.type === 'condition')
    return setField(doc, {
      nodeId: source.nodeId,
      path: ['conditions', source.index, 'label'],
      value: text === '' ? undefined : text,
    });
  if ((edge.label ?? '') === text) return ok(doc);
  const { label: _old, ...rest } = edge;
  const next: WorkflowEdge = text === '' ? rest : { ...rest, label: text };
  return withDefinition(doc, {
    ...doc.definition,
    edges: doc.definition.edges.map((e) => (e.id === edge.id ? next : e)),
  });
};
