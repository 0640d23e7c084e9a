import { schemaFailure } from './classifyError';
import type { ActionContext, StepRef } from './context';
import type { AuthHeaders, AuthorizeEnv } from './credentialKind';
import type { AnyConnector } from './defineConnector';
import { permanent } from './errors';
import { createAttemptSignal, type AttemptSignal } from './attemptSignal';
import type { NetworkPolicy } from './http/networkPolicy';
import type { SafeHttpClient } from './http/clientTypes';
import { createSafeHttpClient } from './http/safeHttpClient';
import type { LookupAddresses } from './http/ssrfGuard';
import { silentLogger, type Logger } from './logger';
import {
  collectSecretStrings,
  createRedactor,
  headerSecrets,
  redactLogger,
  type Redactor,
} from './redaction';
import { createTokenCache, type TokenCache } from './tokenCache';

const sensitiveHeader = /auth|token|key|secret|pass|cookie|session|signature/i;

/** Everything the runtime knows about one attempt, shared by executeAction and checkConnection. */
export interface AttemptOptions {
  /** Decrypted credential values; parsed with the connector's credential schema. */
  readonly credentials?: unknown;
  /** Connection settings; parsed with the connector's settings schema. */
  readonly settings?: unknown;
  readonly idempotencyKey: string;
  readonly step: StepRef;
  /** 1-based; default 1. */
  readonly attempt?: number;
  /** pino fits; everything logged through the context is redacted. */
  readonly log?: Logger;
  /** The operator's outbound allow-list; default: public addresses only. */
  readonly network?: NetworkPolicy;
  /** The runtime's cancel signal. */
  readonly signal?: AbortSignal;
  /** When the runtime gives up; the earlier of this and the action's timeout wins. */
  readonly deadline?: Date;
  /** Share one per worker to reuse OAuth tokens across jobs; default one per attempt. */
  readonly tokenCache?: TokenCache;
  readonly now?: () => number;
  /** Transport knobs, mainly for tests. */
  readonly http?: { readonly lookup?: LookupAddresses; readonly maxResponseBytes?: number };
}

export interface PreparedAttempt {
  readonly ctx: ActionContext<unknown, unknown>;
  readonly redactor: Redactor;
  /**
   * Only what is known to be secret: the credential's secret values and what the attempt derived
   * from them (the auth headers it sent, tokens it fetched). Masks the output before it is stored.
   */
  readonly secrets: Redactor;
  readonly attemptSignal: AttemptSignal;
}

/** The redactor is built first, from the raw values, so even a failing parse cannot leak them. */
export function createAttemptRedactor(credentials: unknown): Redactor {
  return createRedactor(collectSecretStrings(credentials));
}

/**
 * Parses credentials and settings and builds the context: guarded HTTP client (base URL, auth,
 * signal), redacting logger, deadline. Throws a ConnectorError for bad credentials or settings.
 */
export function prepareAttempt(
  connector: AnyConnector,
  timeoutMs: number,
  options: AttemptOptions,
  redactor: Redactor,
): PreparedAttempt {
  const now = options.now ?? Date.now;
  const credentialsParsed = connector.credentials.schema.safeParse(options.credentials ?? {});
  if (!credentialsParsed.success) throw schemaFailure.credentials(credentialsParsed.error);
  const credentials: unknown = credentialsParsed.data;
  const secrets = createRedactor();
  // Everything secret is masked in logs and errors too; the broad redactor already holds more.
  const addSecret = (secret: string): void => {
    secrets.add(secret);
    redactor.add(secret);
  };
  for (const secret of connector.credentials.secretsOf(credentials)) addSecret(secret);

  const settingsParsed = connector.settings.safeParse(options.settings ?? {});
  if (!settingsParsed.success) throw schemaFailure.settings(settingsParsed.error);
  const settings: unknown = settingsParsed.data;

  let baseUrl: string | undefined;
  try {
    baseUrl = connector.baseUrl?.(settings);
  } catch (cause) {
    throw permanent('INVALID_SETTINGS', 'The base URL could not be derived from the settings', { cause });
  }

  const attemptSignal = createAttemptSignal({
    timeoutMs,
    now,
    ...(options.deadline ? { deadline: options.deadline } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const transport = {
    network: options.network ?? {},
    signal: attemptSignal.signal,
    now,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(options.http?.lookup ? { lookup: options.http.lookup } : {}),
    ...(options.http?.maxResponseBytes ? { maxResponseBytes: options.http.maxResponseBytes } : {}),
  };
  const tokenCache = options.tokenCache ?? createTokenCache(now);
  // Clients are built on first use: many actions (transforms, no-ops) never call out, and a
  // guarded client (address block lists, agents) is the costliest part of an attempt.
  let bare: SafeHttpClient | undefined;
  let http: SafeHttpClient | undefined;
  const env: AuthorizeEnv = {
    // The unauthenticated client serves token endpoints; it is guarded all the same.
    get http() {
      return (bare ??= createSafeHttpClient(transport));
    },
    tokenCache,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    addSecret,
    now,
  };
  const kind = connector.credentials;
  // An auth header is as secret as the credential it carries (a Basic pair, a fetched token), and
  // a peer may echo it back in its answer. Other headers a kind adds (a tenant name) are not.
  const authorize = async () => {
    const headers = await kind.authorize(credentials, env);
    for (const [name, value] of Object.entries(headers)) {
      if (sensitiveHeader.test(name) || secrets.redactText(value) !== value)
        headerSecrets(value).forEach(addSecret);
    }
    return headers;
  };
  // Only kinds that cache (OAuth) can recover from a 401; for the others it stays final.
  const rejected = kind.rejected
    ? { rejected: (refused: AuthHeaders) => kind.rejected?.(credentials, env, refused) }
    : {};

  const ctx: ActionContext<unknown, unknown> = Object.freeze({
    credentials,
    settings,
    get http() {
      return (http ??= createSafeHttpClient({ ...transport, authorize, ...rejected }));
    },
    log: redactLogger(options.log ?? silentLogger, redactor),
    signal: attemptSignal.signal,
    deadline: attemptSignal.deadline,
    attempt: options.attempt ?? 1,
    idempotencyKey: options.idempotencyKey,
    step: Object.freeze({ ...options.step }),
  });
  return { ctx, redactor, secrets, attemptSignal };
}
