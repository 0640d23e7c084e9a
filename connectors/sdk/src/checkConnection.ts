import { toActionFailure, type ActionResult } from './actionResult';
import { toConnectorError } from './classifyError';
import type { AnyConnector } from './defineConnector';
import { untilAborted } from './executeAction';
import { createAttemptRedactor, prepareAttempt, type AttemptOptions } from './prepareAttempt';

const checkTimeoutMs = 15_000;

/**
 * Runs the connector's `check()` ("test connection") with the same context, guard and redaction as
 * an action. A connector without `check()` only has its credentials and settings validated.
 *
 * @example
 * const result = await checkConnection(servicenow, { credentials, settings, idempotencyKey: 'check', step });
 * if (!result.ok) showToOperator(result.error.message);
 */
export async function checkConnection(
  connector: AnyConnector,
  options: AttemptOptions,
): Promise<ActionResult<{ checked: boolean }>> {
  const redactor = createAttemptRedactor(options.credentials);
  let dispose = () => undefined as void;
  try {
    const { ctx, attemptSignal } = prepareAttempt(connector, checkTimeoutMs, options, redactor);
    dispose = () => attemptSignal.dispose();
    if (!connector.check) return { ok: true, output: { checked: false } };
    await untilAborted(connector.check(ctx), attemptSignal, `${connector.id}.check`);
    return { ok: true, output: { checked: true } };
  } catch (thrown) {
    return { ok: false, error: toActionFailure(toConnectorError(thrown), redactor) };
  } finally {
    dispose();
  }
}
