import type { SafeHttpClient } from './http/clientTypes';
import type { Logger } from './logger';

/** Which workflow step this attempt belongs to; for correlation only. */
export interface StepRef {
  readonly instanceId: string;
  readonly workflowId: string;
  readonly nodeId: string;
}

/**
 * The whole surface a connector can touch while running. Nothing ambient: no engine, no store, no
 * environment, no clock beyond `deadline`.
 *
 * @example
 * async run(ctx, input) {
 *   ctx.log.info({ attempt: ctx.attempt }, 'creating incident');
 *   return ctx.http.post('/api/now/table/incident', { json: input, headers: { 'X-Request-Id': ctx.idempotencyKey } });
 * }
 */
export interface ActionContext<Creds, Settings> {
  /** Decrypted, typed from the credential kind; never logged. */
  readonly credentials: Creds;
  /** Non-secret connection settings. */
  readonly settings: Settings;
  /** SSRF-guarded, with base URL, auth and signal applied. */
  readonly http: SafeHttpClient;
  /** Structured; secrets redacted. */
  readonly log: Logger;
  /** Aborted on timeout or cancel. */
  readonly signal: AbortSignal;
  /** When the runtime gives up on this attempt. */
  readonly deadline: Date;
  /** 1-based. */
  readonly attempt: number;
  /** Stable across retries of the same job: pass it to remote systems that de-duplicate. */
  readonly idempotencyKey: string;
  readonly step: StepRef;
}
