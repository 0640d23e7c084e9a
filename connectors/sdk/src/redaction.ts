import type { LogFields, Logger } from './logger';

const mask = '[REDACTED]';
// Shorter secrets are only masked on exact match: masking every "ab" inside log text would make
// logs useless while adding little protection.
const minSubstringLength = 4;
const sensitiveKey = /pass(word)?|secret|token|authorization|api[-_]?key|cookie/i;

/** Masks known secret values (and values under obviously sensitive keys) in log fields. */
export interface Redactor {
  /** Registers a secret learned later, such as a freshly fetched OAuth access token. */
  add(secret: string): void;
  redact(fields: LogFields): LogFields;
  redactText(text: string): string;
  /**
   * Masks known secret values in data that will be stored and shown (a connector's output), keys
   * included. Unlike `redact`, values under sensitive-looking keys are kept: in a result they are
   * data (`token_type`, `password_expires`), and only a value the attempt knows is secret is masked.
   */
  redactData(value: unknown): unknown;
}

/**
 * Builds a redactor from credential values; the runtime can reuse it for its own job logs.
 *
 * @example
 * const redactor = createRedactor(collectSecretStrings(credentials));
 * logger.info(redactor.redact({ request }), redactor.redactText(message));
 */
export function createRedactor(secrets: Iterable<string> = []): Redactor {
  const known = new Set<string>();
  const add = (secret: string): void => {
    if (secret.length === 0) return;
    known.add(secret);
    // The forms a reflected secret most often comes back in: inside a URL, inside a JSON string.
    const inUrl = encodeURIComponent(secret);
    const inJson = JSON.stringify(secret).slice(1, -1);
    if (inUrl !== secret) known.add(inUrl);
    if (inJson !== secret) known.add(inJson);
  };
  for (const secret of secrets) add(secret);

  const redactText = (text: string): string => {
    let out = text;
    for (const secret of known) {
      if (out === secret) return mask;
      if (secret.length >= minSubstringLength) out = out.split(secret).join(mask);
    }
    return out;
  };

  const redactValue = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
    if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] =
        sensitiveKey.test(key) && item !== undefined && item !== null ? mask : redactValue(item, seen);
    }
    return out;
  };

  const redactData = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => redactData(item, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[redactText(key)] = redactData(item, seen);
    return out;
  };

  return {
    add,
    redactText,
    redact: (fields) => redactValue(fields, new WeakSet()) as LogFields,
    redactData: (value) => (known.size === 0 ? value : redactData(value, new WeakSet())),
  };
}

/**
 * Every string found anywhere inside a credential value: the safe default for what must never be
 * logged, whatever shape a custom credential has.
 *
 * @example
 * collectSecretStrings({ username: 'svc', password: 'hunter22' }); // ['svc', 'hunter22']
 */
export function collectSecretStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(collectSecretStrings);
}

/**
 * The secrets an authorization header value carries: the whole value and, for `<scheme> <value>`
 * forms (`Bearer …`, `Basic …`, `Token …`), the part after the scheme, which a peer may echo alone.
 *
 * @example
 * headerSecrets('Basic c3ZjOnB3'); // ['Basic c3ZjOnB3', 'c3ZjOnB3']
 */
export function headerSecrets(value: string): string[] {
  const scheme = /^[A-Za-z][\w.-]*\s+(\S.*)$/.exec(value);
  return scheme?.[1] === undefined ? [value] : [value, scheme[1]];
}

/**
 * Wraps a logger so every line passes through the redactor first.
 *
 * @example
 * const log = redactLogger(pinoLogger, createRedactor(['s3cret']));
 */
export function redactLogger(logger: Logger, redactor: Redactor): Logger {
  return {
    info: (fields, message) => logger.info(redactor.redact(fields), redactor.redactText(message)),
    warn: (fields, message) => logger.warn(redactor.redact(fields), redactor.redactText(message)),
    error: (fields, message) => logger.error(redactor.redact(fields), redactor.redactText(message)),
  };
}
