import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the peer received it. */
export interface PeerRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  json(): unknown;
}

/** What a route answers; `json` wins over `text`. */
export interface PeerReply {
  readonly status?: number;
  readonly json?: unknown;
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type PeerRoute = (request: PeerRequest) => PeerReply | Promise<PeerReply>;

export interface HttpPeer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: readonly PeerRequest[];
  close(): Promise<void>;
}

/**
 * Starts a real HTTP server on 127.0.0.1 (ephemeral port) that plays the remote system. Routes are
 * keyed `'METHOD /path'` (query ignored); anything else answers 404.
 *
 * @example
 * const peer = await startHttpPeer({
 *   'POST /api/now/table/incident': () => ({ status: 201, json: { result: { sys_id: 'a1', number: 'INC001' } } }),
 * });
 * // ... run the action with settings { instanceUrl: peer.url } and network { allowLoopback: true }
 * await peer.close();
 */
export async function startHttpPeer(routes: Readonly<Record<string, PeerRoute>>): Promise<HttpPeer> {
  const requests: PeerRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://peer.invalid');
      const body = Buffer.concat(chunks).toString('utf8');
      const request: PeerRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: incoming.headers,
        body,
        json: () => JSON.parse(body) as unknown,
      };
      requests.push(request);
      const route = routes[`${request.method} ${request.path}`];
      const answer = route
        ? Promise.resolve().then(() => route(request))
        : Promise.resolve<PeerReply>({
            status: 404,
            json: { error: `no route for ${request.method} ${request.path}` },
          });
      answer
        .catch((error: unknown): PeerReply => ({ status: 500, text: `peer route failed: ${String(error)}` }))
        .then((reply) => {
          const isJson = reply.json !== undefined;
          const payload = isJson ? JSON.stringify(reply.json) : (reply.text ?? '');
          outgoing.writeHead(reply.status ?? 200, {
            ...(isJson
              ? { 'content-type': 'application/json' }
              : reply.text
                ? { 'content-type': 'text/plain' }
                : {}),
            ...reply.headers,
          });
          outgoing.end(payload);
        })
        .catch(() => outgoing.destroy());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Routes that never answer (timeout tests) must not keep the server open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
