import type { LookupFunction } from 'node:net';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { permanent } from '../errors';
import type { VettedTarget } from './ssrfGuard';

export interface PinnedRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
  readonly target: VettedTarget;
  readonly signal: AbortSignal;
  readonly maxResponseBytes: number;
}

export interface RawResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: Buffer;
}

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/**
 * Sends one HTTP exchange connected to the vetted address only: the custom `lookup` answers every
 * resolution with that address, so a second DNS answer can never be used (no rebinding). TLS still
 * verifies the certificate against the host name. The body is buffered up to a size cap.
 */
export function sendPinned(req: PinnedRequest): Promise<RawResponse> {
  const { target } = req;
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const send = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<RawResponse>((resolve, reject) => {
    const outgoing = send(
      {
        protocol: req.url.protocol,
        hostname: target.hostname,
        port: req.url.port || undefined,
        path: `${req.url.pathname}${req.url.search}`,
        method: req.method,
        headers: req.headers,
        lookup,
        // No shared pool: a pooled socket could belong to an earlier, differently vetted answer.
        agent: false,
        signal: req.signal,
      },
      (incoming) => {
        const tooLarge = () =>
          permanent('RESPONSE_TOO_LARGE', `The response is larger than ${req.maxResponseBytes} bytes`);
        const declared = Number(incoming.headers['content-length'] ?? 0);
        if (declared > req.maxResponseBytes) {
          incoming.destroy();
          reject(tooLarge());
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > req.maxResponseBytes) {
            incoming.destroy();
            reject(tooLarge());
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('error', reject);
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            statusText: incoming.statusMessage ?? '',
            headers: toHeaders(incoming.headers),
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}
