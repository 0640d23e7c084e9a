import { WorkflowDefinitionSchema } from '../definition/schema';
import type { WorkflowDefinition } from '../definition/types';
import { err, ok, type Result } from '../result';
import { issue, type ValidationIssue } from './issue';

// Its own module, apart from the rules: a caller that only parses (the designer opening a draft)
// does not bring every rule and the expression type checker into its bundle with it.

/**
 * Parses an unknown document as a definition. Schema problems come back as issues addressed to
 * the node they sit in, so the designer can point at it.
 */
export function parseDefinition(document: unknown): Result<WorkflowDefinition, ValidationIssue[]> {
  const parsed = WorkflowDefinitionSchema.safeParse(document);
  if (parsed.success) return ok(parsed.data);
  const nodes = isRecord(document) && Array.isArray(document['nodes']) ? document['nodes'] : [];
  return err(
    parsed.error.issues.map((zodIssue) => {
      const path = zodIssue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const node = path[0] === 'nodes' && typeof path[1] === 'number' ? nodes[path[1]] : undefined;
      const nodeId = isRecord(node) && typeof node['id'] === 'string' ? node['id'] : undefined;
      const field = path.length > 0 ? `${path.join('.')}: ` : '';
      return issue('INVALID_DEFINITION', `${field}${zodIssue.message}`, {
        path,
        ...(nodeId ? { nodeId } : {}),
      });
    }),
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
