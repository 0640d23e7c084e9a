import type { StepResult, WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@flowline/engine';

/**
 * The exit a node left by, read from the record it keeps (`nodes.<id>` in expressions): an
 * approval's and a decision's records name their handle (an escalated approval, its timeout); a task or subworkflow that failed
 * left by `error`; a wait that timed out by `timeout`. Undefined when the record shows no exit
 * (the node was cancelled, or is still waiting).
 */
export function exitTaken(node: WorkflowNode, record: unknown): string | undefined {
  const r = typeof record === 'object' && record !== null ? (record as Record<string, unknown>) : {};
  switch (node.kind) {
    case 'trigger':
    case 'transform':
    case 'join':
      return 'out';
    case 'approval':
      // An escalation is recorded as `escalated` and leaves by the timeout exit.
      if (r['timedOut'] === true && node.due?.onTimeout.type === 'escalate') return 'timeout';
      return typeof r['outcome'] === 'string' ? r['outcome'] : undefined;
    case 'manualTask':
      // Its record names the outcome, or `timeout` when it fell due.
      return typeof r['outcome'] === 'string' ? r['outcome'] : undefined;
    case 'decision':
      return typeof r['branch'] === 'string' ? r['branch'] : undefined;
    case 'task':
      return r['error'] ? 'error' : 'result' in r ? 'out' : undefined;
    case 'subworkflow':
      return typeof r['outcome'] === 'string' ? (r['outcome'] === 'completed' ? 'out' : 'error') : undefined;
    case 'wait':
      return r['timedOut'] === true ? 'timeout' : 'firedAt' in r || 'receivedAt' in r ? 'out' : undefined;
    case 'parallel':
    case 'end':
      return undefined;
  }
}

export interface StepPath {
  /** Nodes the step entered, in the order the flow reached them. */
  readonly entered: readonly string[];
  /** Edges the step went along. */
  readonly edges: readonly string[];
}

/**
 * What one step went through, from the states before and after it: nodes whose visit count rose
 * were entered; a node that was waiting or entered, and is no longer (or was entered again), left
 * by the exit its record names, along that exit's edge to a node entered in the same step (or to
 * a join, where a branch arrives).
 */
export function stepPath(
  definition: WorkflowDefinition,
  before: StepResult | undefined,
  after: StepResult,
): StepPath {
  const nodes = new Map(definition.nodes.map((n) => [n.id, n]));
  const outgoing = new Map<string, WorkflowEdge[]>();
  for (const edge of definition.edges)
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge]);
  const visitsBefore = before?.state.context.visits ?? {};
  const visitsAfter = after.state.context.visits;
  const enteredSet = new Set(
    definition.nodes.filter((n) => (visitsAfter[n.id] ?? 0) > (visitsBefore[n.id] ?? 0)).map((n) => n.id),
  );
  const wasActive = new Set(before?.activeNodes ?? []);
  const isActive = new Set(after.activeNodes);
  const left = [...new Set([...wasActive, ...enteredSet])].filter(
    (id) => !isActive.has(id) || (wasActive.has(id) && enteredSet.has(id)),
  );
  const reaches = (edge: WorkflowEdge) =>
    enteredSet.has(edge.target) || nodes.get(edge.target)?.kind === 'join';
  const taken: WorkflowEdge[] = [];
  for (const id of left) {
    const node = nodes.get(id);
    if (!node) continue;
    const exits = outgoing.get(id) ?? [];
    if (node.kind === 'parallel') {
      if (enteredSet.has(id)) taken.push(...exits.filter(reaches));
      continue;
    }
    const handle = exitTaken(node, after.state.context.nodes[id]);
    const edge = exits.find((e) => e.sourceHandle === handle);
    if (edge && reaches(edge)) taken.push(edge);
  }
  // Order: the taken edges sorted topologically (a join after every branch that reached it),
  // starting from nodes no taken edge led to (the trigger, a node that was waiting).
  const inStep = definition.nodes.filter((n) => enteredSet.has(n.id) || left.includes(n.id)).map((n) => n.id);
  const pending = new Map(inStep.map((id) => [id, 0]));
  for (const edge of taken)
    if (edge.source !== edge.target && pending.has(edge.target) && pending.has(edge.source))
      pending.set(edge.target, pending.get(edge.target)! + 1);
  const queue = inStep.filter((id) => pending.get(id) === 0);
  const entered: string[] = [];
  const edges: string[] = [];
  const done = new Set<string>();
  const emit = (id: string) => {
    done.add(id);
    if (enteredSet.has(id)) entered.push(id);
    for (const edge of taken.filter((e) => e.source === id)) {
      edges.push(edge.id);
      if (edge.source === edge.target || !pending.has(edge.target)) continue;
      const left = pending.get(edge.target)! - 1;
      pending.set(edge.target, left);
      if (left === 0) queue.push(edge.target);
    }
  };
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (!done.has(id)) emit(id);
  }
  for (const id of inStep) if (!done.has(id)) emit(id);
  // An end finishes the instance: whatever else the step entered (a branch it cancelled) came first.
  const isEnd = (id: string) => nodes.get(id)?.kind === 'end';
  entered.sort((a, b) => Number(isEnd(a)) - Number(isEnd(b)));
  return { entered, edges };
}
