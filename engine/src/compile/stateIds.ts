import type { CompileModel } from './model';

/** State ids: node states use the node id (ids start with a letter, so `__` names are free). */
export const FAILED_STATE = '__failed';
export const CANCELLED_STATE = '__cancelled';
export const regionStateId = (split: string, branch: number): string => `${split}__b${branch}`;
export const regionDoneId = (split: string, branch: number): string => `${split}__b${branch}__done`;

/** Keys of the things a node waits on; the visit counter keeps a loop's second pass apart. */
export const jobKey = (nodeId: string, visit: number, attempt: number): string =>
  `${nodeId}#${visit}#${attempt}`;
export const idempotencyKey = (nodeId: string, visit: number): string => `${nodeId}#${visit}`;
/**
 * The key a job carries to the remote system: the command's key qualified by the instance, so two
 * instances never share one. The runtime builds job records with it; input mappings read it as
 * `job.idempotencyKey`.
 */
export const qualifiedIdempotencyKey = (instanceId: string | undefined, key: string): string =>
  instanceId === undefined ? key : `${instanceId}:${key}`;
export const taskKey = (nodeId: string, visit: number, slot: number): string => `${nodeId}#${visit}#${slot}`;
export const timerKey = (nodeId: string, visit: number, purpose: string): string =>
  `${nodeId}#${visit}:${purpose}`;
export const childKey = (nodeId: string, visit: number): string => `${nodeId}#${visit}`;
/**
 * One item of a for-each visit: its idempotency key and, for a subworkflow, its child key. Its
 * jobs are `${itemKey}#${attempt}`, so a crash re-dispatches the same ids and nothing doubles.
 */
export const itemKey = (nodeId: string, visit: number, index: number): string =>
  `${nodeId}#${visit}-${index}`;

/**
 * Where an edge from `nodeId` through `handle` leads, as an XState target. An edge into the join
 * of the node's own split ends the branch instead: it targets the branch's final state.
 */
export function targetOf(model: CompileModel, nodeId: string, handle: string): string | undefined {
  const edge = (model.graph.outgoing.get(nodeId) ?? []).find((e) => e.sourceHandle === handle);
  if (!edge) return undefined;
  const region = model.structure.regionOf.get(nodeId) ?? [];
  const innermost = region.at(-1);
  if (innermost && model.structure.splits.get(innermost.split)?.join === edge.target) {
    return `#${regionDoneId(innermost.split, innermost.branch)}`;
  }
  return `#${edge.target}`;
}

/** The error exit if drawn, otherwise failing the whole instance. */
export const errorTarget = (model: CompileModel, nodeId: string): string =>
  targetOf(model, nodeId, 'error') ?? `#${FAILED_STATE}`;

export function requiredTarget(model: CompileModel, nodeId: string, handle: string): string {
  const target = targetOf(model, nodeId, handle);
  if (!target) throw new Error(`invariant: ${nodeId} has no ${handle} edge after validation`);
  return target;
}
