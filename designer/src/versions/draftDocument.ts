import { NODE_KINDS, parseDefinition, type NodeKind, type WorkflowDefinition } from '@flowline/engine';
import { newNode } from '../model';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string';
const kinds = new Set<string>(NODE_KINDS);

/**
 * A stored draft as the editor's document. A draft may be work in progress that the engine's
 * schema refuses (autosave keeps a new approval before it has an approver); the editor still
 * opens it when it has the shape the canvas draws (nodes with id, kind and name; edges joining
 * them), and live validation says what is missing. Undefined when it has not even that.
 */
export function draftDocument(document: unknown): WorkflowDefinition | undefined {
  const parsed = parseDefinition(document);
  if (parsed.ok) return parsed.value;
  if (!isRecord(document)) return undefined;
  const { id, name, nodes, edges } = document;
  const shaped =
    isText(id) &&
    isText(name) &&
    Array.isArray(nodes) &&
    nodes.every((n) => isRecord(n) && isText(n['id']) && isText(n['name']) && kinds.has(String(n['kind']))) &&
    Array.isArray(edges) &&
    edges.every(
      (e) =>
        isRecord(e) &&
        isText(e['id']) &&
        isText(e['source']) &&
        (e['sourceHandle'] === undefined || isText(e['sourceHandle'])) &&
        isText(e['target']),
    ) &&
    ['input', 'variables'].every((key) => document[key] === undefined || Array.isArray(document[key])) &&
    (document['layout'] === undefined || isRecord(document['layout']));
  if (!shaped) return undefined;
  return {
    schemaVersion: 1,
    version: 1,
    input: [],
    variables: [],
    layout: {},
    ...document,
    // Each node with its kind's defaults (as a new node starts), what it says over them.
    nodes: nodes.map((n) => {
      const node = n as Record<string, unknown> & { id: string; name: string; kind: NodeKind };
      return newNode(node.kind, { id: node.id, name: node.name, preset: node });
    }),
    // The schema's one default the canvas needs: an edge leaves through `out` unless it says.
    edges: edges.map((e) => ({ sourceHandle: 'out', ...(e as Record<string, unknown>) })),
  } as unknown as WorkflowDefinition;
}
