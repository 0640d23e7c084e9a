import { WorkflowDefinitionSchema } from '../definition/schema';
import type { WorkflowDefinition } from '../definition/types';
import type { Catalog } from '../catalog';
import { err, ok, type Result } from '../result';
import { createRuleContext, type Rule } from './context';
import { issue, type ValidationIssue } from './issue';
import { approvals } from './rules/approvals';
import { cancelOn } from './rules/cancelOn';
import { cycleNeedsWait } from './rules/cycleNeedsWait';
import { displayTexts } from './rules/displayText';
import { edges } from './rules/edges';
import { exits } from './rules/exits';
import { expressions } from './rules/expressions';
import { joinMatchesSplit } from './rules/joinMatchesSplit';
import { manualTasks } from './rules/manualTasks';
import { mappings } from './rules/mappings';
import { singleTrigger } from './rules/singleTrigger';
import { triggerConfig } from './rules/triggerConfig';
import { uniqueIds } from './rules/uniqueIds';
import { variableTypes } from './rules/variableTypes';

/** Rules run in this order; each returns its issues and none depends on another's. */
const RULES: readonly Rule[] = [
  uniqueIds,
  displayTexts,
  edges,
  singleTrigger,
  triggerConfig,
  exits,
  approvals,
  manualTasks,
  cancelOn,
  joinMatchesSplit,
  cycleNeedsWait,
  expressions,
  mappings,
  variableTypes,
];

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

/** Every problem of a parsed definition against a catalog, errors and warnings. Never throws. */
export function validate(definition: WorkflowDefinition, catalog: Catalog): ValidationIssue[] {
  const ctx = createRuleContext(definition, catalog);
  return RULES.flatMap((rule) => rule(ctx));
}

/** parseDefinition + validate in one call, for documents straight from a user. */
export function validateDocument(document: unknown, catalog: Catalog): ValidationIssue[] {
  const parsed = parseDefinition(document);
  return parsed.ok ? validate(parsed.value, catalog) : parsed.error;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
