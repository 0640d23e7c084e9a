import {
  EmptySettingsSchema,
  executeAction,
  type AnyConnector,
  type NetworkPolicy,
} from '@flowline/connector-sdk';
import type { EngineEvent } from '@flowline/engine';
import type { Clock } from '../clock';
import type { ConnectorRegistry } from '../connectors/registry';
import type { Logger } from '../observability/logger';
import type { ClaimedJob, Json } from '../store';

export interface ConnectionResolver {
  /** Decrypted credentials and settings of a named connection (or the connector's defaults). */
  resolve(
    connectorId: string,
    connection: string | undefined,
  ): Promise<{ credentials?: unknown; settings?: unknown }>;
}

export interface CallDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly connectors: ConnectorRegistry;
  readonly connections: ConnectionResolver;
  readonly network?: NetworkPolicy | undefined;
}

/**
 * Makes one attempt of a job's connector call and turns its outcome into the event for the
 * instance: `job.done` with the output, or `job.failed` with a classified error. Never throws
 * for the connector's sake: unknown connectors and unusable connections are failures too.
 */
export async function callConnector(deps: CallDeps, job: ClaimedJob, started: number): Promise<EngineEvent> {
  const jobKey = job.id.slice(job.instanceId.length + 1);
  const [connectorId = '', actionId = ''] = job.action.split('.');
  const connector = deps.connectors.get(connectorId);
  let event: EngineEvent;
  if (!connector) {
    event = {
      type: 'job.failed',
      jobKey,
      error: {
        code: 'UNKNOWN_CONNECTOR',
        message: `No connector "${connectorId}" is installed`,
        retryable: false,
      },
      at: deps.clock.now(),
    };
  } else {
    const connection = takesNoConnection(connector, job.connection)
      ? {}
      : await deps.connections.resolve(connectorId, job.connection).catch((error: unknown) => ({ error }));
    if ('error' in connection) {
      event = {
        type: 'job.failed',
        jobKey,
        error: {
          code: 'CONNECTION_UNAVAILABLE',
          message: String((connection.error as Error).message ?? connection.error),
          retryable: false,
        },
        at: deps.clock.now(),
      };
    } else if (
      job.connection === undefined &&
      connection.credentials === undefined &&
      connection.settings === undefined &&
      deps.connectors.connectionNeeds(connectorId).length > 0
    ) {
      // Said in the operator's terms, not as the settings schema's first complaint.
      event = {
        type: 'job.failed',
        jobKey,
        error: {
          code: 'CONNECTION_MISSING',
          message: `This step names no connection, and ${connector.title} has no default connection to use instead: choose a connection in the step's Connection field (or create the default one under Administration → Connections), then retry`,
          retryable: false,
        },
        at: deps.clock.now(),
      };
    } else {
      const result = await executeAction(connector, actionId, {
        input: job.input,
        ...connection,
        idempotencyKey: job.idempotencyKey,
        step: { instanceId: job.instanceId, workflowId: '', nodeId: job.nodeId },
        attempt: job.attempt,
        log: deps.logger.child({ jobId: job.id }),
        ...(deps.network ? { network: deps.network } : {}),
        // Deadline and 'now' from the same clock, so a test's manual clock does not expire real calls.
        deadline: new Date(started + job.timeoutMs),
        now: () => deps.clock.now(),
      });
      if (!result.ok) {
        event = {
          type: 'job.failed',
          jobKey,
          error: {
            code: result.error.code,
            message: result.error.message,
            retryable: result.error.retryable,
            ...(result.error.retryAfterMs !== undefined ? { retryAfterMs: result.error.retryAfterMs } : {}),
          },
          at: deps.clock.now(),
        };
      } else {
        const output = asStoredOutput(result.output);
        event = output.ok
          ? { type: 'job.done', jobKey, output: output.value, at: deps.clock.now() }
          : {
              type: 'job.failed',
              jobKey,
              error: { code: 'OUTPUT_NOT_JSON', message: output.message, retryable: false },
              at: deps.clock.now(),
            };
      }
    }
  }
  return event;
}

/**
 * A connector's output as it will be stored and read by later steps: what JSON keeps of it (a
 * Date becomes its ISO text, as the store would make it), so the engine sees the same data that
 * is stored. Output JSON cannot hold (a BigInt, a cycle) fails the job instead of the step.
 */
function asStoredOutput(output: unknown): { ok: true; value: Json } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(JSON.stringify(output ?? null)) as Json };
  } catch (error) {
    return {
      ok: false,
      message: `The connector's output cannot be stored as JSON: ${(error as Error).message}`,
    };
  }
}

/**
 * A connector with neither credentials nor settings has nothing a connection could give it, so
 * a call that names none skips the lookup (a store read per call, for a no-op or a transform).
 */
function takesNoConnection(connector: AnyConnector, named: string | undefined): boolean {
  return (
    named === undefined && connector.credentials.kind === 'none' && connector.settings === EmptySettingsSchema
  );
}
