import type { WorkflowDefinition } from '@flowline/engine';
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
