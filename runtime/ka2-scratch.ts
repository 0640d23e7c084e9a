import http from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
const t0 = Date.now();
const log = (...a: unknown[]) => console.log(Date.now() - t0, ...a);
const app = new Hono();
app.use('*', bodyLimit({ maxSize: 1024, onError: (c) => c.json({ code: 'PAYLOAD_TOO_LARGE' }, 413) }));
app.get('*', (c) => c.json({ ok: true }));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, async (info) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const req = (method: string, body?: string) =>
    new Promise<string>((resolve) => {
      const r = http.request({ host: '127.0.0.1', port: info.port, method, path: '/x', agent,
        headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
        let data = ''; res.on('data', (d) => (data += d)); res.on('end', () => resolve(`${res.statusCode} conn=${res.headers['connection']} ${data}`));
      });
      r.on('error', (e) => resolve(`ERROR ${e.message}`));
      if (body) r.write(body);
      r.end();
    });
  log('big', await req('POST', 'x'.repeat(300000)));
  await new Promise((r) => setTimeout(r, Number(process.argv[2] ?? 0)));
  log('next', await req('GET'));
  agent.destroy(); server.close();
});
server.on('connection', (s) => { log('server conn'); s.on('close', () => log('server socket closed')); });
server.on('request', (req) => { req.on('end', () => log('req end', req.method)); req.on('close', () => log('req close', req.method)); });
