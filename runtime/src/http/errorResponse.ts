import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type AppErrorCode } from '../errors';
import { isStoreError, type StoreUnavailableReason } from '../store';

/** The one table from error code to HTTP status. */
const STATUS: Record<AppErrorCode, ContentfulStatusCode> = {
  INVALID_INPUT: 400,
  DEFINITION_INVALID: 422,
  UNAUTHENTICATED: 401,
  BAD_SIGNATURE: 401,
  FORBIDDEN: 403,
  NOT_ASSIGNEE: 403,
  START_NOT_ALLOWED: 403,
  SELF_APPROVAL: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  ALREADY_DECIDED: 409,
  ALREADY_HOLDS_TASK: 409,
  TASK_WITHDRAWN: 409,
  INSTANCE_ENDED: 409,
  WORKFLOW_INACTIVE: 409,
  EVENT_IGNORED: 409,
  LIMIT_EXCEEDED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  OVERLOADED: 503,
  INTERNAL: 500,
};

/** Codes for statuses Hono's own middleware raises (HTTPException), so a 415 is not called invalid input. */
const HTTP_STATUS_CODES: Partial<Record<number, AppErrorCode>> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

const STORE_UNAVAILABLE: Record<StoreUnavailableReason, string> = {
  'disk-full': 'The server cannot save changes: its disk is full.',
  'read-only': 'The server cannot save changes: its data directory is read-only.',
  'io-error': 'The server cannot save changes: its disk reports errors.',
  busy: 'The server cannot save changes right now: the database is locked by another process or out of reach.',
};

/** The HTTP status of an error code (for pages that are not JSON, like approval links). */
export const statusOf = (code: AppErrorCode): ContentfulStatusCode => STATUS[code];

export function errorBody(error: AppError) {
  return { code: error.code, message: error.message, ...error.details };
}

/** An error that says when to try again (e.g. OVERLOADED) carries it as the Retry-After header too. */
function retryAfter(error: AppError): Record<string, string> {
  const seconds = error.details.retryAfterSeconds;
  return typeof seconds === 'number' ? { 'Retry-After': String(seconds) } : {};
}

/** Maps anything thrown to a response; unknown errors become a 500 with a request id, details only in logs. */
export function toErrorResponse(c: Context, error: unknown, requestId: string): Response {
  if (error instanceof AppError) return c.json(errorBody(error), STATUS[error.code], retryAfter(error));
  // Hono's own validators (e.g. malformed JSON) throw HTTPExceptions: still the client's mistake.
  if (error instanceof HTTPException && error.status < 500) {
    const code = HTTP_STATUS_CODES[error.status] ?? 'INVALID_INPUT';
    const message = error.message || 'The request is not valid';
    return c.json(
      code === 'INVALID_INPUT'
        ? { code, message, issues: [{ path: '(body)', message: error.message || 'Malformed request' }] }
        : { code, message },
      error.status as ContentfulStatusCode,
    );
  }
  if (isStoreError(error)) {
    if (error.code === 'CONFLICT') return c.json({ code: 'CONFLICT', message: error.message }, 409);
    if (error.code === 'NOT_FOUND') return c.json({ code: 'NOT_FOUND', message: error.message }, 404);
    // Only list routes take a cursor, always as the `cursor` query parameter.
    if (error.code === 'INVALID_CURSOR')
      return c.json(
        {
          code: 'INVALID_INPUT',
          message: 'The request is not valid',
          issues: [{ path: 'cursor', message: `${error.message} Start again without it.` }],
        },
        400,
      );
    if (error.code === 'UNAVAILABLE') {
      // Nothing was changed; reads still work. The reason, not the paths, goes to the client.
      const reason = error.reason ?? 'io-error';
      return c.json(
        {
          code: 'STORE_UNAVAILABLE',
          message: `${STORE_UNAVAILABLE[reason]} Nothing was changed; reading still works. Try again later.`,
          reason,
          requestId,
        },
        503,
        { 'Retry-After': '30' },
      );
    }
  }
  return c.json({ code: 'INTERNAL', message: 'Something went wrong on our side', requestId }, 500);
}
