import {
  checkDefinitionLimits,
  parseDefinition,
  validate,
  type Catalog,
  type ValidationIssue,
  type WorkflowDefinition,
} from '@flowline/engine';
import { findUnsafeData } from '../executor/inputCheck';
import { DEFAULT_RUN_LIMITS } from '../limits/runLimits';

export interface DefinitionCheck {
  /** The definition, when the document follows the format. */
  readonly parsed: WorkflowDefinition | undefined;
  /** Errors and warnings, in the engine's order. */
  readonly issues: readonly ValidationIssue[];
}

/**
 * The checks publishing runs that need no server: the boundary's key rule, the schema, the graph
 * and expression rules against the catalog, and the definition limits at their defaults. What only
 * a runtime knows (its webhook secrets, its configured limits, subworkflow cycles through what it
 * has published) is checked when publishing.
 */
export function checkDefinition(document: unknown, catalog: Catalog): DefinitionCheck {
  const unsafe = findUnsafeData(document);
  if (unsafe !== undefined)
    return {
      parsed: undefined,
      issues: [
        {
          code: 'INVALID_DEFINITION',
          severity: 'error',
          path: unsafe.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
          message: unsafe.message,
        },
      ],
    };
  const parsed = parseDefinition(document);
  if (!parsed.ok) return { parsed: undefined, issues: parsed.error };
  return {
    parsed: parsed.value,
    issues: [...validate(parsed.value, catalog), ...checkDefinitionLimits(parsed.value, DEFAULT_RUN_LIMITS)],
  };
}
