import { request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';

interface Answer {
  readonly status: number;
  readonly connection: string | undefined;
}

/**
 * A real server and a pooled keep-alive client with ONE socket, as a browser or an SDK keeps them:
 * after a request is refused before its body was read, the next request on the pool must work.
 */
describe('connections after a request refused before its body was read', () => {
  let t: TestApp;
  let server: ServerType;
  let agent: Agent;
  let port = 0;

  beforeEach(async () => {
    t = await createTestApp({ maxBodyBytes: 1024 * 1024 });
    await t.user('dan', ['designer']);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    port = (server.address() as AddressInfo).port;
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterEach(async () => {
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.rt.close();
  });

  const send = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: {
            ...(body !== undefined && headers['transfer-encoding'] === undefined
              ? { 'content-length': String(Buffer.byteLength(body)) }
              : {}),
            ...headers,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        },
      );
      req.on('error', reject);
      // The server may stop reading a refused body: that is its right, not this client's failure.
      req.on('socket', (socket) => socket.on('error', () => undefined));
      req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
      req.end(body);
    });

  const big = (bytes: number) => JSON.stringify({ definition: 'x'.repeat(bytes) });
  const json = { 'content-type': 'application/json' };
  const dan = () => ({ ...json, authorization: `Bearer ${t.tokens['dan']}` });

  const refusals: [string, string, string, string, () => Record<string, string>, number][] = [
    ['413, body over the API limit', 'POST', '/api/definitions/validate', big(1_200_000), dan, 413],
    ['413, body over the approval-link limit', 'POST', '/approve/some-token', big(300_000), () => ({}), 413],
    [
      '415, body of another type',
      'POST',
      '/api/definitions/validate',
      'x'.repeat(500_000),
      () => ({ ...dan(), 'content-type': 'text/plain' }),
      415,
    ],
    [
      '413, chunked body that outgrows the limit while read',
      'POST',
      '/api/definitions/validate',
      big(1_200_000),
      () => ({ ...dan(), 'transfer-encoding': 'chunked' }),
      413,
    ],
  ];
  it.each(refusals)(
    '%s: asks the client to close, and the next pooled request works',
    async (_, method, path, body, headers, status) => {
      const refused = await send(method, path, body, headers());
      expect(refused).toEqual({ status, connection: 'close' });
      expect(await send('GET', '/healthz')).toEqual({ status: 200, connection: 'keep-alive' });
      const validated = await send('POST', '/api/definitions/validate', '{}', dan());
      expect(validated.status).toBe(200);
    },
  );

  it('keeps the connection after a request whose body was read', async () => {
    expect(await send('POST', '/api/definitions/validate', big(1000), dan())).toEqual({
      status: 200,
      connection: 'keep-alive',
    });
    expect(await send('GET', '/healthz')).toEqual({ status: 200, connection: 'keep-alive' });
    // A chunked body within the limit is counted as it comes and then read as usual.
    expect(
      await send('POST', '/api/definitions/validate', big(1000), {
        ...dan(),
        'transfer-encoding': 'chunked',
      }),
    ).toEqual({ status: 200, connection: 'keep-alive' });
  });

  it('reads a request with neither Content-Length nor Transfer-Encoding as body-less (curl -X POST)', async () => {
    // What the reviewer's empty POST to validate got: a 500 (then a 415 from the media-type check).
    expect(await send('POST', '/api/definitions/validate', undefined, dan())).toMatchObject({ status: 400 });
    expect(
      await send('POST', '/api/definitions/validate', undefined, { authorization: dan().authorization! }),
    ).toMatchObject({ status: 400 });
    // A route that takes no body still answers as usual.
    expect(await send('POST', '/api/definitions/nothing/publish', undefined, dan())).toMatchObject({
      status: 404,
    });
  });
});
