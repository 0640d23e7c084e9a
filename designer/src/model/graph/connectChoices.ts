import { canConnect, handlesOf, type NodeKind, type WorkflowDefinition } from '@flowline/engine';
import { handleList } from './handles';

/**
 * Connecting by keyboard ("Connect…" on a selected step): which of its exits can take a new
 * edge, and which steps that edge may lead to — every other step, with the engine's reason
 * (canConnect) when it would refuse it, so the picker shows refused targets and says why.
 */
export interface ConnectExit {
  readonly id: string;
  readonly label: string;
  /** The engine wants this exit connected (an outcome, a condition, …) rather than offering it. */
  readonly required: boolean;
}

export interface ConnectTarget {
  readonly id: string;
  readonly name: string;
  readonly kind: NodeKind;
  /** Why the engine refuses an edge from the chosen exit to this step; absent when it allows it. */
  readonly refusal?: string;
}

export type ConnectSource =
  | { readonly ok: true; readonly name: string; readonly exits: readonly ConnectExit[] }
  | { readonly ok: false; readonly reason: string };

/**
 * The exits of a step that can take a new edge: those no edge leaves through yet (a parallel
 * split's one exit takes many). Not ok, with the reason, for a step that can lead nowhere (an
 * end) or whose every exit is taken.
 */
export function connectSource(definition: WorkflowDefinition, nodeId: string): ConnectSource {
  const node = definition.nodes.find((n) => n.id === nodeId);
  if (!node) return { ok: false, reason: 'That step is no longer there' };
  if (node.kind === 'end') {
    // The engine's own sentence for an edge leaving an end.
    const refused = canConnect(definition, { source: node.id, sourceHandle: 'out', target: node.id });
    return { ok: false, reason: refused.ok ? `"${node.name}" has no exits` : refused.error.message };
  }
  const many = handlesOf(node).many;
  const taken = new Set(definition.edges.filter((e) => e.source === node.id).map((e) => e.sourceHandle));
  const exits = handleList(node)
    .filter((exit) => many || !taken.has(exit.id))
    .map(({ id, label, required }) => ({ id, label: label === '' ? 'Next' : label, required }));
  if (exits.length === 0)
    return {
      ok: false,
      reason: `Every exit of "${node.name}" already has an edge; select an edge and drag its end to change where it goes`,
    };
  return { ok: true, name: node.name, exits };
}

const normalise = (text: string) => text.toLocaleLowerCase().normalize('NFKD');

/**
 * The steps an edge from `source`'s exit `sourceHandle` may lead to, matching `query` (in the
 * name or id, any case), allowed ones first, each group in the definition's order (a loop back to
 * the step itself last of the allowed); refused ones carry the engine's reason.
 */
export function connectTargets(
  definition: WorkflowDefinition,
  source: string,
  sourceHandle: string,
  query = '',
): ConnectTarget[] {
  const wanted = normalise(query.trim());
  const matches = definition.nodes.filter(
    (n) => wanted === '' || normalise(n.name).includes(wanted) || normalise(n.id).includes(wanted),
  );
  const targets = matches.map((n): ConnectTarget => {
    const allowed = canConnect(definition, { source, sourceHandle, target: n.id });
    return {
      id: n.id,
      name: n.name,
      kind: n.kind,
      ...(allowed.ok ? {} : { refusal: allowed.error.message }),
    };
  });
  const allowed = targets.filter((t) => !t.refusal);
  return [
    ...allowed.filter((t) => t.id !== source),
    ...allowed.filter((t) => t.id === source),
    ...targets.filter((t) => t.refusal),
  ];
}
