import type { WorkflowDefinition } from '../definition/types';
import type { Catalog } from '../catalog';
import { createRuleContext, type Rule } from './context';
import type { ValidationIssue } from './issue';
import { parseDefinition } from './parseDefinition';
import { approvals } from './rules/approvals';
import { businessKey } from './rules/businessKey';
import { cancelOn } from './rules/cancelOn';
import { cycleNeedsWait } from './rules/cycleNeedsWait';
import { displayTexts } from './rules/displayText';
import { durations } from './rules/durations';
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
  durations,
  cancelOn,
  joinMatchesSplit,
  cycleNeedsWait,
  expressions,
  businessKey,
  mappings,
  variableTypes,
];

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

// Still here for callers of the validation module; the engine's index takes it from its own module.
export { parseDefinition };
