import '../app/noEval';
import {
  hasErrors,
  parseDefinition,
  validate,
  type Catalog,
  type WorkflowDefinition,
} from '@flowline/engine';
import { readableIssues, type ReadableIssue } from './definitionFile';

// Import runs the engine's whole validation (and its expression type checker): this module is
// loaded when a file is picked, not with the editor.

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

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
