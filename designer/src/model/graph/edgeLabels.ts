import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@flowline/engine';

/**
 * What the canvas writes on an edge, and where that text lives in the definition, so editing it
 * on the canvas changes the one place the engine keeps it:
 *
 * - the edge's own `label` (the engine's Edge has one, up to 120 characters), when it has one;
 * - otherwise the exit's label in its node: a decision condition's `label` (optional; the
 *   condition's id is shown without one), an approval's or manual task's outcome `label` (what
 *   the approver's button says, required);
 * - otherwise the exit's fixed name ('Otherwise', 'On error', 'Timed out'; nothing for a plain
 *   exit), which is not editable in place: editing gives the edge a label of its own.
 */
export type EdgeLabelSource =
  | { readonly type: 'edge' }
  | { readonly type: 'condition'; readonly nodeId: string; readonly index: number }
  | { readonly type: 'outcome'; readonly nodeId: string; readonly index: number };

export interface EdgeLabel {
  /** What the canvas writes on the edge ('' when nothing). */
  readonly text: string;
  readonly source: EdgeLabelSource;
}

const FIXED: Readonly<Record<string, string>> = {
  error: 'On error',
  timeout: 'Timed out',
  default: 'Otherwise',
};

/** Most edges carry no label; plain exits share one answer. */
const OWN: EdgeLabelSource = { type: 'edge' };
const NONE: EdgeLabel = { text: '', source: OWN };

export function edgeLabelOf(edge: WorkflowEdge, source: WorkflowNode | undefined): EdgeLabel {
  if (edge.label !== undefined) return { text: edge.label, source: OWN };
  if (source?.kind === 'decision') {
    const index = source.conditions.findIndex((c) => c.id === edge.sourceHandle);
    const condition = source.conditions[index];
    if (condition)
      return {
        text: condition.label ?? condition.id,
        source: { type: 'condition', nodeId: source.id, index },
      };
  }
  if (source?.kind === 'approval' || source?.kind === 'manualTask') {
    const index = source.outcomes.findIndex((o) => o.id === edge.sourceHandle);
    const outcome = source.outcomes[index];
    if (outcome) return { text: outcome.label, source: { type: 'outcome', nodeId: source.id, index } };
  }
  const fixed = FIXED[edge.sourceHandle];
  return fixed === undefined ? NONE : { text: fixed, source: OWN };
}

/**
 * What a screen reader calls an edge: its whole label (the canvas may cut it short, or show it only
 * while the edge is selected, for want of room), then the steps it joins by name. React Flow's
 * own name gives only the ids ("Edge from managerApproval to privileged").
 */
export function edgeAriaLabel(
  label: EdgeLabel,
  source: WorkflowNode | undefined,
  target: WorkflowNode | undefined,
  edge: WorkflowEdge,
): string {
  const joins = `from ${source?.name || edge.source} to ${target?.name || edge.target}`;
  return label.text === '' ? `Edge ${joins}` : `${label.text}: edge ${joins}`;
}

/** The label of every edge of a definition, by edge id. */
export function edgeLabels(definition: WorkflowDefinition): Map<string, EdgeLabel> {
  const nodes = new Map(definition.nodes.map((n) => [n.id, n]));
  return new Map(definition.edges.map((e) => [e.id, edgeLabelOf(e, nodes.get(e.source))]));
}
