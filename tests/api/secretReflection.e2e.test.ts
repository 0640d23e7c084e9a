import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHttpPeer, type HttpPeer } from '@flowline/connector-sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { seedUsers } from '../support/runtimeInternals';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const PASSWORD = 'correct horse battery staple';
const BEARER = 'e2e-bearer-token-7f3a';
const BASIC_PASSWORD = 'e2e-basic-pw-91c2';
const CLIENT_SECRET = 'e2e-client-secret-55d1';
const ACCESS_TOKEN = 'e2e-access-token-c0de';
/** Every credential value and every value derived from one that travels to the peer. */
const SECRETS = [
  BEARER,
  BASIC_PASSWORD,
  Buffer.from(`svc:${BASIC_PASSWORD}`).toString('base64'),
  CLIENT_SECRET,
  ACCESS_TOKEN,
];

const call = (id: string, connection: string, action = 'http.request') => ({
  id,
  name: id,
  kind: 'task',
  action,
  connection,
  input: { url: '"/echo"' },
  output: { [id]: 'result.body' },
});

/** Three calls to an endpoint that echoes the request headers, and an end that outputs them all. */
const reflecting = {
  id: 'reflecting',
  name: 'Calls an API that reflects credentials',
  input: [],
  variables: [{ name: 'bearer' }, { name: 'basic' }, { name: 'oauth' }],
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    call('bearer', 'bearer'),
    call('basic', 'basic'),
    call('oauth', 'oauth', 'http-oauth2.request'),
    {
      id: 'done',
      name: 'Done',
      kind: 'end',
      output: { bearer: 'vars.bearer', basic: 'vars.basic', oauth: 'vars.oauth' },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'bearer' },
    { id: 'e2', source: 'bearer', target: 'basic' },
    { id: 'e3', source: 'basic', target: 'oauth' },
    { id: 'e4', source: 'oauth', target: 'done' },
  ],
};

const leaked = (text: string) => SECRETS.filter((secret) => text.includes(secret));

describe('credentials a target reflects', () => {
  const data = createTempDir('reflect');
  let peer: HttpPeer;
  let runtime: RuntimeProcess;
  let admin: ApiClient;
  let viewer: ApiClient;
  let instanceId: string;

  beforeAll(async () => {
    peer = await startHttpPeer({
      'GET /echo': (req) => ({ json: { youSent: req.headers } }),
      'POST /oauth/token': () => ({ json: { access_token: ACCESS_TOKEN, expires_in: 3600 } }),
    });
    await seedUsers(data.path, [
      { id: 'admin', email: 'admin@localhost', password: PASSWORD, roles: ['admin'] },
      { id: 'vera', email: 'vera@example.test', password: PASSWORD, roles: ['viewer'] },
    ]);
    runtime = await startRuntime({ dataDir: data.path, logLevel: 'info' });
    admin = createApiClient(runtime.url);
    viewer = createApiClient(runtime.url);
    await admin.signIn('admin@localhost', PASSWORD);
    await viewer.signIn('vera@example.test', PASSWORD);

    const settings = { baseUrl: peer.url };
    const connections: [string, string, unknown][] = [
      ['http', 'bearer', { auth: { type: 'bearer', token: BEARER } }],
      ['http', 'basic', { auth: { type: 'basic', username: 'svc', password: BASIC_PASSWORD } }],
      [
        'http-oauth2',
        'oauth',
        { clientId: 'flowline', clientSecret: CLIENT_SECRET, tokenUrl: '/oauth/token' },
      ],
    ];
    for (const [connector, name, credentials] of connections) {
      const saved = await admin.put(`/api/connections/${connector}/${name}`, { credentials, settings });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }
    const draft = await admin.put('/api/definitions/reflecting', { definition: reflecting, draftRev: 0 });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    const published = await admin.post('/api/definitions/reflecting/publish');
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const started = await admin.post<{ id: string }>('/api/instances', { workflowId: 'reflecting' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    instanceId = started.body.id;
    await pollUntil(
      'the instance to complete',
      async () => {
        const got = await admin.get<{ status: string }>(`/api/instances/${instanceId}`);
        return got.body.status === 'completed' ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
  });

  afterAll(async () => {
    await killAllRuntimes();
    await peer?.close();
    data.remove();
  });

  it('reached the peer with every credential (so there was something to reflect)', () => {
    const sent = peer.requests.filter((r) => r.path === '/echo').map((r) => r.headers.authorization);
    expect(sent).toEqual([
      `Bearer ${BEARER}`,
      `Basic ${Buffer.from(`svc:${BASIC_PASSWORD}`).toString('base64')}`,
      `Bearer ${ACCESS_TOKEN}`,
    ]);
  });

  it('stores none of them: not in any file of the data directory', () => {
    // Raw bytes of the database, its WAL and anything else there: every row ever written.
    const files = readdirSync(data.path).filter((name) => name.startsWith('flowline.db'));
    expect(files).toContain('flowline.db');
    const bytes = files.map((name) => readFileSync(join(data.path, name)).toString('latin1')).join('\n');
    expect(leaked(bytes)).toEqual([]);
    // The echoed answers were stored, masked.
    expect(bytes).toContain('[REDACTED]');
  });

  it('shows none of them in any GET the API offers, to a viewer or an admin', async () => {
    const openapi = await admin.get<{ paths: Record<string, Record<string, unknown>> }>('/api/openapi.json');
    const paths = Object.entries(openapi.body.paths)
      .filter(([, operations]) => 'get' in operations)
      .map(([path]) =>
        path
          .replace('/api/instances/{id}', `/api/instances/${encodeURIComponent(instanceId)}`)
          .replace('/api/definitions/{id}', '/api/definitions/reflecting')
          .replace('{version}', '1'),
      );
    expect(paths).toContain(`/api/instances/${encodeURIComponent(instanceId)}`);
    const checked: string[] = [];
    for (const client of [viewer, admin]) {
      for (const path of [...paths, '/metrics', '/api/instances?limit=200']) {
        const answer = await client.get(path);
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        expect(leaked(text), `GET ${path}`).toEqual([]);
        checked.push(`${answer.status} ${path}`);
      }
    }
    // The viewer saw the instance with its (masked) reflected data: the check was not vacuous.
    const seen = await viewer.get<{ output: { bearer: { youSent: { authorization: string } } } }>(
      `/api/instances/${encodeURIComponent(instanceId)}`,
    );
    expect(seen.status).toBe(200);
    expect(seen.body.output.bearer.youSent.authorization).toBe('Bearer [REDACTED]');
    expect(checked.length).toBeGreaterThan(10);
  });

  it('writes none of them to the log', () => {
    expect(runtime.output()).toContain('Flowline is running');
    expect(leaked(runtime.output())).toEqual([]);
  });
});
