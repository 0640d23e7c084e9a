import { checkConnection, type NetworkPolicy } from '@flowline/connector-sdk';
import type { ConnectionValue } from '../credentials';
import type { Logger } from '../observability/logger';
import type { ConnectorRegistry } from './registry';

/** What testing a connection tells an operator: it works, or why not (secrets masked). */
export type ConnectionTestResult =
  | { readonly ok: true; readonly checked: boolean; readonly ms: number }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      readonly retryable: boolean;
      readonly ms: number;
    };

/**
 * Runs the connector's `check()` ("test connection") with a stored connection's credentials and
 * settings, under the same network policy and redaction as a job. A connector without `check()`
 * only has its credentials and settings validated (`checked: false`).
 */
export async function testConnection(
  deps: {
    connectors: ConnectorRegistry;
    network?: NetworkPolicy | undefined;
    logger: Logger;
    now: () => number;
  },
  connection: { id: string; connectorId: string; value: ConnectionValue },
): Promise<ConnectionTestResult> {
  const connector = deps.connectors.get(connection.connectorId);
  const started = deps.now();
  if (!connector) {
    return {
      ok: false,
      code: 'UNKNOWN_CONNECTOR',
      message: `No connector "${connection.connectorId}" is installed`,
      retryable: false,
      ms: 0,
    };
  }
  const result = await checkConnection(connector, {
    ...connection.value,
    idempotencyKey: `check:${connection.id}`,
    step: { instanceId: '', workflowId: '', nodeId: '' },
    log: deps.logger.child({ connectionId: connection.id }),
    ...(deps.network ? { network: deps.network } : {}),
  });
  const ms = Math.max(0, deps.now() - started);
  if (result.ok) return { ok: true, checked: result.output.checked, ms };
  // Details (a body snippet, driver codes) stay out: the message says what failed, in a sentence.
  return {
    ok: false,
    code: result.error.code,
    message: result.error.message,
    retryable: result.error.retryable,
    ms,
  };
}
