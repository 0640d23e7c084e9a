import type { ActionResult } from '../actionResult';
import type { ActionIdOf, AnyConnector } from '../defineConnector';
import { executeAction, type ExecuteActionOptions, type OutputOf } from '../executeAction';

/** `executeAction`'s options with test defaults for the bookkeeping fields. */
export type RunActionOptions = Omit<ExecuteActionOptions, 'idempotencyKey' | 'step'> &
  Partial<Pick<ExecuteActionOptions, 'idempotencyKey' | 'step'>>;

/**
 * Runs one action exactly as the runtime would (input and output validated, guard on, errors
 * classified) and returns the same result union as `executeAction`.
 *
 * @example
 * const result = await runAction(servicenow, 'createIncident', {
 *   input: { shortDescription: 'VPN down' },
 *   credentials: { username: 'u', password: 'p' },
 *   settings: { instanceUrl: peer.url },
 *   network: { allowLoopback: true },
 * });
 * expect(result).toEqual({ ok: true, output: { sysId: 'a1', number: 'INC001' } });
 */
export function runAction<K extends AnyConnector, Id extends ActionIdOf<K>>(
  connector: K,
  actionId: Id,
  options: RunActionOptions,
): Promise<ActionResult<OutputOf<K, Id>>> {
  return executeAction(connector, actionId, {
    idempotencyKey: 'test-idempotency-key',
    step: { instanceId: 'test-instance', workflowId: 'test-workflow', nodeId: 'test-node' },
    ...options,
  });
}
