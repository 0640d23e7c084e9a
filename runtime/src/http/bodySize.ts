import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';

/** The Node request behind a Hono context; absent for in-process `app.request` calls. */
export const incomingOf = (c: Context): IncomingMessage | undefined =>
  (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;

/**
 * Hono's body limit reads `c.req.raw.body` first, which makes the Node adapter build a full fetch
 * Request with a web stream over the socket for every call (a fifth of a small webhook's cost).
 * A Node request that declares its length is judged by the header alone (the HTTP parser never
 * hands on more than that) and its body is then read directly by the adapter; chunked bodies and
 * in-process requests still go through Hono's limit, which counts the bytes as they come.
 */
export function boundedBody(
  maxSize: number,
  onError: (c: Context) => Response = tooLarge,
): MiddlewareHandler {
  const counting = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const incoming = incomingOf(c);
    if (incoming !== undefined) {
      const { method, headers } = incoming;
      if (method === 'GET' || method === 'HEAD') return next();
      const length = headers['content-length'];
      if (length !== undefined && headers['transfer-encoding'] === undefined)
        return Number(length) > maxSize ? onError(c) : next();
    }
    return counting(c, next);
  };
}

/** Hono's own answer when a body limit has no handler of its own. */
function tooLarge(): never {
  throw new HTTPException(413, { res: new Response('Payload Too Large', { status: 413 }) });
}

/** True when the request carries no body, judged from a Node request's headers where possible. */
export function hasNoBody(c: Context): boolean {
  const incoming = incomingOf(c);
  if (incoming !== undefined)
    return (
      incoming.headers['transfer-encoding'] === undefined &&
      (incoming.headers['content-length'] === undefined || incoming.headers['content-length'] === '0')
    );
  return c.req.raw.body === null || c.req.header('content-length') === '0';
}
