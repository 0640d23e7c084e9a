import { ConnectorError, permanent, retryable } from '../errors';
import { parseRetryAfter } from './retryAfter';

const maxBodySnippet = 300;

interface FailedExchange {
  readonly method: string;
  readonly url: URL;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: Buffer;
}

/**
 * Maps an HTTP status to the error a connector would raise, or undefined for success.
 * 408, 429 and 5xx can succeed later (retryable); any other 4xx will not (permanent).
 */
export function statusError(exchange: FailedExchange, now: number): ConnectorError | undefined {
  const { status } = exchange;
  if (status < 400) return undefined;
  // The query string may carry tokens; the origin and path are enough to find the call.
  const where = `${exchange.method} ${exchange.url.origin}${exchange.url.pathname}`;
  const message = `${where} answered ${status}${exchange.statusText ? ` ${exchange.statusText}` : ''}`;
  const details = {
    status,
    method: exchange.method,
    url: `${exchange.url.origin}${exchange.url.pathname}`,
    body: exchange.body.subarray(0, maxBodySnippet).toString('utf8'),
  };
  const retryAfterMs = parseRetryAfter(exchange.headers.get('retry-after'), now);
  const later = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429) return retryable('RATE_LIMITED', message, { ...later, details });
  if (status === 408 || status >= 500) return retryable(`HTTP_${status}`, message, { ...later, details });
  return permanent(`HTTP_${status}`, message, { details });
}

/** True when an abort came from a timeout rather than a cancel. */
export const isTimeoutReason = (reason: unknown): boolean =>
  typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';

/** Maps a transport failure (socket, TLS, abort) to a ConnectorError. */
export function networkError(error: unknown, signal: AbortSignal, where: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (signal.aborted) {
    return isTimeoutReason(signal.reason)
      ? retryable('TIMEOUT', `${where} did not answer in time`, { cause: error })
      : permanent('CANCELLED', `${where} was cancelled`, { cause: error });
  }
  const code = (error as { code?: unknown } | null)?.code;
  const text = typeof code === 'string' ? code : 'unknown error';
  if (typeof code === 'string' && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return permanent('TLS_ERROR', `${where} failed TLS verification (${text})`, { cause: error });
  }
  return retryable('NETWORK_ERROR', `${where} failed (${text})`, { cause: error, details: { errno: text } });
}
