import { handlesOf } from '../definition/handles';
import type { WorkflowDefinition, WorkflowNode } from '../definition/types';
import { err, ok, type Result } from '../result';
import { buildGraph, type Graph } from './graph';
import type { ValidationCode } from './issue';

/** An edge as drawn: from a node's exit (handle) to another node. */
export interface Connection {
  readonly source: string;
  readonly sourceHandle: string;
  readonly target: string;
}

/** Why an edge may not be drawn, in a sentence a process owner reads. */
export interface ConnectionProblem {
  readonly code: ValidationCode;
  readonly message: string;
}

/**
 * The first rule one edge breaks by itself: it joins existing nodes, does not leave an end, leaves
 * through an exit its source has, and takes an exit no other edge took (a parallel split's one
 * exit takes many). `handleTaken`: another edge already leaves through the same exit.
 */
export function edgeProblem(
  graph: Graph,
  edge: Connection,
  handleTaken: boolean,
): ConnectionProblem | undefined {
  const source = graph.nodes.get(edge.source);
  if (!source || !graph.nodes.has(edge.target)) {
    const missing = source ? edge.target : edge.source;
    return {
      code: 'DANGLING_EDGE',
      message: `This edge points to "${missing}", which is not a node of this workflow`,
    };
  }
  if (source.kind === 'end') {
    return { code: 'END_HAS_OUTGOING', message: `"${source.name}" ends the workflow; nothing can follow it` };
  }
  const handles = handlesOf(source);
  const known = [...handles.required, ...handles.optional];
  if (!known.includes(edge.sourceHandle)) {
    return {
      code: 'UNKNOWN_HANDLE',
      message: `"${source.name}" has no exit called "${edge.sourceHandle}" (it has: ${known.join(', ')})`,
    };
  }
  if (handleTaken && !handles.many) {
    return {
      code: 'DUPLICATE_HANDLE_EDGE',
      message: `The "${edge.sourceHandle}" exit of "${source.name}" already has an edge; use a parallel split to go two ways at once`,
    };
  }
  return undefined;
}

/** Nothing may lead into a trigger: it is where an instance starts. */
export const triggerIncomingMessage = (trigger: WorkflowNode): string =>
  `Nothing can lead back into the trigger "${trigger.name}"`;

/**
 * Whether an edge may be added to a definition, asked by an editor before it draws one: the
 * rules the validator applies to each edge (edges.ts, singleTrigger.ts), with the reason when not.
 */
export function canConnect(
  definition: WorkflowDefinition,
  connection: Connection,
): Result<void, ConnectionProblem> {
  const graph = buildGraph(definition);
  const taken = (graph.outgoing.get(connection.source) ?? []).some(
    (e) => e.sourceHandle === connection.sourceHandle,
  );
  const problem = edgeProblem(graph, connection, taken);
  if (problem) return err(problem);
  const target = graph.nodes.get(connection.target)!;
  if (target.kind === 'trigger')
    return err({ code: 'TRIGGER_HAS_INCOMING', message: triggerIncomingMessage(target) });
  return ok(undefined);
}
