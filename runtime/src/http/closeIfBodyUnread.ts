import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';

/**
 * A response given before the request body was read to its end (413, 415, 401, …) tells the client
 * to close the connection. Otherwise the connection is announced as reusable while the rest of the
 * body is still on it: the Node adapter stops reading it once the body stream was opened, gives up
 * after half a second and drops the socket, and a pooled client's next request on it fails.
 * Only under the Node server (`c.env.incoming`); in-process requests have no connection.
 */
export const closeIfBodyUnread = (): MiddlewareHandler => async (c, next) => {
  await next();
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming === undefined || incoming.readableEnded) return;
  const hasBody =
    incoming.headers['transfer-encoding'] !== undefined ||
    Number(incoming.headers['content-length'] ?? 0) > 0;
  if (hasBody) c.res.headers.set('connection', 'close');
};
