import type { z } from 'zod';
import { toActionFailure, type ActionResult } from './actionResult';
import { schemaFailure, toConnectorError } from './classifyError';
import type { ActionIdOf, ActionOf, AnyConnector } from './defineConnector';
import type { AttemptSignal } from './attemptSignal';
import { ConnectorError, permanent, retryable } from './errors';
import { isTimeoutReason } from './http/statusError';
import { createAttemptRedactor, prepareAttempt, type AttemptOptions } from './prepareAttempt';

/** What the job worker passes for one attempt of one action. */
export interface ExecuteActionOptions extends AttemptOptions {
  /** The step's input as resolved by the engine; parsed with the action's input schema. */
  readonly input: unknown;
}

/** The validated output type of action `Id` of connector `K`. */
export type OutputOf<K extends AnyConnector, Id extends string> = z.output<ActionOf<K, Id>['output']>;

/** Races the work against the attempt's abort, so a `run` that ignores its signal still ends on time. */
export async function untilAborted<T>(work: Promise<T>, attempt: AttemptSignal, what: string): Promise<T> {
  try {
    return await Promise.race([work, attempt.aborted]);
  } catch (thrown) {
    if (thrown instanceof ConnectorError || !attempt.signal.aborted) throw thrown;
    throw isTimeoutReason(attempt.signal.reason)
      ? retryable('TIMEOUT', `${what} did not finish before its deadline`)
      : permanent('CANCELLED', `${what} was cancelled`);
  }
}

/**
 * Runs one attempt of one action: validates input, builds the context (guarded HTTP with base URL,
 * auth and deadline), runs, validates output. Never throws; every failure comes back classified
 * (`retryable` or not) with secrets redacted, and the output has every secret value the attempt
 * knows (credential values, auth headers sent, tokens fetched) masked, so it can be stored.
 *
 * @example
 * const result = await executeAction(servicenow, 'createIncident', {
 *   input: { shortDescription: 'VPN down' },
 *   credentials: { username: 'svc', password: secret },
 *   settings: { instanceUrl: 'https://acme.service-now.com' },
 *   idempotencyKey: job.id,
 *   step: { instanceId, workflowId, nodeId },
 *   attempt: job.attempt,
 *   log: pinoLogger,
 * });
 * if (!result.ok) emit({ type: 'job.failed', ...result.error }); else emit({ type: 'job.done', output: result.output });
 */
export async function executeAction<K extends AnyConnector, Id extends ActionIdOf<K>>(
  connector: K,
  actionId: Id,
  options: ExecuteActionOptions,
): Promise<ActionResult<OutputOf<K, Id>>> {
  const redactor = createAttemptRedactor(options.credentials);
  const action = connector.actions.find((a) => a.id === actionId);
  if (!action) {
    const error = permanent('UNKNOWN_ACTION', `Connector "${connector.id}" has no action "${actionId}"`);
    return { ok: false, error: toActionFailure(error, redactor) };
  }
  const what = `${connector.id}.${action.id}`;
  let dispose = () => undefined as void;
  try {
    const input = action.input.safeParse(options.input);
    if (!input.success) throw schemaFailure.input(input.error);
    const { ctx, secrets, attemptSignal } = prepareAttempt(connector, action.timeoutMs, options, redactor);
    dispose = () => attemptSignal.dispose();
    const returned = await untilAborted(action.run(ctx, input.data), attemptSignal, what);
    const output = action.output.safeParse(returned);
    if (!output.success) throw schemaFailure.output(output.error);
    // A peer may echo what it was sent (an Authorization header, a token): the output is stored
    // and shown, so every secret value this attempt knows is masked in it first.
    return { ok: true, output: secrets.redactData(output.data) as OutputOf<K, Id> };
  } catch (thrown) {
    const error = toConnectorError(thrown);
    if (error.code === 'UNEXPECTED') {
      // The failure result carries no stack; keep it in the (redacted) log for whoever debugs it.
      const log = options.log;
      // With the stack (masked like the message its first line repeats): a connector's own bug (a
      // TypeError in run) was logged as a bare message. Only here: stored failures keep none.
      const cause = error.cause;
      const stack = cause instanceof Error && typeof cause.stack === 'string' ? { stack: cause.stack } : {};
      log?.error(redactor.redact({ action: what, err: cause, ...stack }), redactor.redactText(error.message));
    }
    return { ok: false, error: toActionFailure(error, redactor) };
  } finally {
    dispose();
  }
}
