import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The local peer of the "one outbound HTTP call" workload: answers POST /echo with what it got. */
export async function startEchoPeer(): Promise<{ url: string; calls(): number; close(): Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      calls += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, received: Buffer.concat(chunks).length }));
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
