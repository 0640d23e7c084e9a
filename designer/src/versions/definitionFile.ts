import {
  hasErrors,
  parseDefinition,
  validate,
  type Catalog,
  type WorkflowDefinition,
} from '@flowline/engine';
import { fieldLabel } from '../model';

/** One problem of a file or a publish, in words: where (node name and field) and what. */
export interface ReadableIssue {
  /** `Step “Manager approval” (managerApproval) › Approver 1 › Value`, `Connection e3`, `The workflow › Name`. */
  readonly where: string;
  readonly message: string;
  readonly nodeId?: string;
  readonly edgeId?: string;
  readonly severity: 'error' | 'warning';
}

/** An issue as the engine or the server (its OpenAPI type) gives it. */
export interface IssueLike {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly severity: 'error' | 'warning';
  readonly nodeId?: string | undefined;
  readonly edgeId?: string | undefined;
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const listOf = (document: unknown, key: string): Record<string, unknown>[] => {
  const list = record(document)?.[key];
  return Array.isArray(list) ? list.map((item) => record(item) ?? {}) : [];
};

/**
 * The engine's issues (or the server's, which are the engine's too) as lines a process owner
 * reads: the node by its name and id, the field in words, the message without document paths.
 * `document` may be anything (a file that does not follow the format): names are read when there.
 */
export function readableIssues(issues: readonly IssueLike[], document: unknown): ReadableIssue[] {
  const nodes = listOf(document, 'nodes');
  const edges = listOf(document, 'edges');
  return issues.map((issue) => {
    const [root, position] = issue.path;
    const nodeAt = root === 'nodes' && typeof position === 'number' ? nodes[position] : undefined;
    const edgeAt = root === 'edges' && typeof position === 'number' ? edges[position] : undefined;
    const nodeId = issue.nodeId ?? (typeof nodeAt?.['id'] === 'string' ? nodeAt['id'] : undefined);
    const edgeId = issue.edgeId ?? (typeof edgeAt?.['id'] === 'string' ? edgeAt['id'] : undefined);
    const node = nodeId !== undefined ? nodes.find((n) => n['id'] === nodeId) : nodeAt;
    const inside =
      nodeAt || edgeAt || ((root === 'nodes' || root === 'edges') && typeof position === 'number')
        ? issue.path.slice(2)
        : issue.path;
    const name = typeof node?.['name'] === 'string' && node['name'] !== '' ? node['name'] : undefined;
    const subject =
      nodeId !== undefined
        ? name !== undefined
          ? `Step “${name}” (${nodeId})`
          : `Step ${nodeId}`
        : edgeId !== undefined
          ? `Connection ${edgeId}`
          : root === 'nodes' && typeof position === 'number'
            ? `Step ${position + 1}`
            : 'The workflow';
    const where = inside.length > 0 ? `${subject} › ${fieldLabel(inside)}` : subject;
    const prefix = `${issue.path.join('.')}: `;
    const message = issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message;
    return {
      where,
      message,
      severity: issue.severity,
      ...(nodeId !== undefined ? { nodeId } : {}),
      ...(edgeId !== undefined ? { edgeId } : {}),
    };
  });
}

export type ImportResult =
  | {
      readonly ok: true;
      readonly definition: WorkflowDefinition;
      /** What was adjusted or is worth knowing (the id taken over, warnings). */
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly summary: string; readonly issues: readonly ReadableIssue[] };

/** The largest file import reads (the runtime refuses larger requests anyway). */
export const MAX_IMPORT_BYTES = 2_000_000;

/**
 * Reads a definition file for import into the workflow `workflowId`: JSON, the format, then the
 * engine's validation with the installed connectors (as publishing checks it). A file with errors
 * is refused with each error named by node and field; a good one takes this workflow's id.
 */
export function importDefinition(text: string, workflowId: string, catalog: Catalog): ImportResult {
  if (text.length > MAX_IMPORT_BYTES)
    return { ok: false, summary: 'The file is too large to be a workflow definition.', issues: [] };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? ` (${error.message})` : '';
    return { ok: false, summary: `The file is not JSON${detail}.`, issues: [] };
  }
  if (!record(document))
    return {
      ok: false,
      summary:
        'The file is JSON but not a workflow definition (it should be one object with nodes and edges).',
      issues: [],
    };
  const fileId = record(document)?.['id'];
  // The file becomes this workflow's draft, whatever it was called where it came from.
  const adopted = { ...record(document), id: workflowId };
  const parsed = parseDefinition(adopted);
  if (!parsed.ok)
    return {
      ok: false,
      summary: 'The file does not follow the workflow format:',
      issues: readableIssues(parsed.error, adopted),
    };
  const issues = validate(parsed.value, catalog);
  if (hasErrors(issues))
    return {
      ok: false,
      summary: 'The workflow in the file has errors; it would not publish:',
      issues: readableIssues(
        issues.filter((i) => i.severity === 'error'),
        parsed.value,
      ),
    };
  const warnings = readableIssues(
    issues.filter((i) => i.severity === 'warning'),
    parsed.value,
  );
  return {
    ok: true,
    definition: parsed.value,
    notes: [
      ...(typeof fileId === 'string' && fileId !== workflowId
        ? [`The file was exported from “${fileId}”; it is imported as “${workflowId}”.`]
        : []),
      ...warnings.map((w) => `${w.where}: ${w.message}`),
    ],
  };
}

/** The file an export downloads: the definition as the server would store it, indented. */
export function exportFile(definition: WorkflowDefinition, version?: number): { name: string; text: string } {
  const suffix = version !== undefined ? `-v${version}` : '';
  return {
    name: `${definition.id}${suffix}.json`,
    text: `${JSON.stringify(definition, null, 2)}\n`,
  };
}

/** `policy.count` → `Policy › Count`, `conditions.0.when` → `Condition 1 › When`. */
export function fieldWords(dotted: string): string {
  if (dotted === '') return 'Everything';
  return fieldLabel(dotted.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)));
}
