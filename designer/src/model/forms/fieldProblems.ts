import type { WorkflowDefinition } from '@flowline/engine';
import type { Path } from '../document/paths';
import { fieldKey, type Problem, type ProblemIndex } from '../validation/problems';

/** The problems reported at exactly this field of a node (or of the workflow when nodeId is undefined). */
export function problemsOfField(
  index: ProblemIndex | undefined,
  nodeId: string | undefined,
  path: Path,
): readonly Problem[] {
  return index?.byField.get(fieldKey(nodeId, path.join('.'))) ?? [];
}

/** A node's problems that name no field (an unreachable node, a missing exit…). */
export function problemsOfNodeItself(index: ProblemIndex | undefined, nodeId: string): readonly Problem[] {
  return (index?.byNode.get(nodeId) ?? []).filter((p) => p.field === undefined);
}

/** An expression problem as an editor marks it: a character range inside the current text. */
export interface ExpressionMark {
  readonly from: number;
  readonly to: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/**
 * Marks for an expression editor from the problems at its field: the engine's range where it gave
 * one (clamped to the text, which may have changed since it was checked), else the whole text.
 */
export function expressionMarks(problems: readonly Problem[], length: number): ExpressionMark[] {
  return problems.map((p) => {
    const from = Math.min(Math.max(p.range?.start ?? 0, 0), length);
    const to = Math.min(Math.max(p.range?.end ?? length, from), length);
    return { from, to, severity: p.severity, message: p.message };
  });
}

/**
 * The field to focus for a problem's field path among the fields the form shows: the path
 * itself, else the nearest enclosing field shown (`assignees.0.type` → `assignees.0` → `assignees`).
 */
export function nearestField(field: string, shown: (candidate: string) => boolean): string | undefined {
  const parts = field.split('.');
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('.');
    if (shown(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Where a problem is, in words for the problems panel: `Manager approval › Approver 1`, a
 * connection by its ends, or the workflow's settings.
 */
export function problemPlace(problem: Problem, definition: WorkflowDefinition): string {
  const nodeName = (id: string | undefined) => definition.nodes.find((n) => n.id === id)?.name ?? id;
  if (problem.nodeId !== undefined)
    return [nodeName(problem.nodeId), problem.fieldLabel].filter(Boolean).join(' › ');
  if (problem.edgeId !== undefined) {
    const edge = definition.edges.find((e) => e.id === problem.edgeId);
    return edge
      ? `Connection ${nodeName(edge.source)} → ${nodeName(edge.target)}`
      : `Connection ${problem.edgeId}`;
  }
  return ['Workflow settings', problem.fieldLabel].filter(Boolean).join(' › ');
}
