import type { ActionContext } from '../context';
import type { NetworkPolicy } from '../http/networkPolicy';
import { createSafeHttpClient } from '../http/safeHttpClient';
import type { LogFields, Logger } from '../logger';

/** One line written through `ctx.log` during a test. */
export interface LogRecord {
  readonly level: 'info' | 'warn' | 'error';
  readonly fields: LogFields;
  readonly message: string;
}

/** A context for unit-testing a `run` function directly, plus what it logged. */
export interface TestContext<Creds, Settings> extends ActionContext<Creds, Settings> {
  readonly logs: readonly LogRecord[];
}

export type TestContextOverrides<Creds, Settings> = Partial<ActionContext<Creds, Settings>> & {
  /** Used when `http` is not overridden: the guard is on, even in tests. */
  readonly network?: NetworkPolicy;
  /** Used when `http` is not overridden. */
  readonly baseUrl?: string;
};

/**
 * Builds an ActionContext with harmless defaults (attempt 1, a fixed idempotency key, a deadline
 * 30s away, a recording logger) — the MockActivityEnvironment idea. Override any field.
 *
 * @example
 * const ctx = createTestContext({ credentials: { token: 't' }, baseUrl: peer.url, network: { allowLoopback: true } });
 * await createIncident.run(ctx, { shortDescription: 'VPN down', urgency: '3' });
 * expect(ctx.logs).toHaveLength(1);
 */
export function createTestContext<Creds = Record<string, never>, Settings = Record<string, never>>(
  overrides: TestContextOverrides<Creds, Settings> = {},
): TestContext<Creds, Settings> {
  const logs: LogRecord[] = [];
  const record =
    (level: LogRecord['level']) =>
    (fields: LogFields, message: string): void =>
      void logs.push({ level, fields, message });
  const log: Logger = { info: record('info'), warn: record('warn'), error: record('error') };
  const signal = overrides.signal ?? new AbortController().signal;
  const { network, baseUrl, ...context } = overrides;
  return {
    // Defaults match the type defaults (no credentials, no settings); callers with other types pass their own.
    credentials: {} as Creds,
    settings: {} as Settings,
    http: createSafeHttpClient({
      network: network ?? {},
      signal,
      ...(baseUrl === undefined ? {} : { baseUrl }),
    }),
    log,
    signal,
    deadline: new Date(Date.now() + 30_000),
    attempt: 1,
    idempotencyKey: 'test-idempotency-key',
    step: { instanceId: 'test-instance', workflowId: 'test-workflow', nodeId: 'test-node' },
    ...context,
    logs,
  };
}
