import { startHttpPeer, type HttpPeer } from '@flowline/connector-sdk/testing';
import { createBuiltinConnectors } from '@flowline/connectors';
import {
  startJiraPeer,
  startScimPeer,
  startSmtpPeer,
  startTableApiPeer,
  type SmtpPeer,
} from '@flowline/connectors/testing';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

interface TestResult {
  ok: boolean;
  checked?: boolean;
  code?: string;
  message?: string;
  retryable?: boolean;
}

/** Every credential value used below: none may appear in an answer. */
const SECRETS = [
  'sn-pass-1',
  'jira-tok-1',
  'scim-tok-1',
  'smtp-pass-1',
  'http-tok-1',
  'client-secret-1',
  'mongo-pw-1',
];

describe('POST /api/connections/{id}/test', () => {
  let t: TestApp;
  const peers: { close(): Promise<void> }[] = [];
  let closedPort: Server;
  let closed: number;
  let smtp: SmtpPeer;
  let http: HttpPeer;

  beforeAll(async () => {
    t = await createTestApp({ connectors: createBuiltinConnectors({ network: { allowLoopback: true } }) });
    await t.user('ada', ['admin']);
    await t.user('dan', ['designer']);
    await t.user('vic', ['viewer']);
    smtp = await startSmtpPeer({ login: { username: 'mailer', password: 'smtp-pass-1' } });
    http = await startHttpPeer({
      'GET /': (req) =>
        req.headers.authorization === 'Bearer http-tok-1' ? { json: {} } : { status: 401, json: {} },
      'POST /oauth/token': (req) =>
        req.body.includes('client_secret=client-secret-1')
          ? { json: { access_token: 'at-1', expires_in: 60 } }
          : { status: 401, json: { error: 'invalid_client' } },
    });
    peers.push(smtp, http);
    // A port that refuses connections: what an unreachable server looks like.
    closedPort = createServer();
    await new Promise<void>((resolve) => closedPort.listen(0, '127.0.0.1', () => resolve()));
    closed = (closedPort.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closedPort.close(() => resolve()));
  });
  afterAll(async () => {
    await Promise.all(peers.map((p) => p.close()));
    await t.close();
  });

  async function save(
    connectorId: string,
    name: string,
    value: { credentials?: unknown; settings?: unknown },
  ) {
    const saved = await t.call('ada', 'PUT', `/api/connections/${connectorId}/${name}`, value);
    expect(saved.status, await saved.clone().text()).toBe(200);
    return ((await saved.json()) as { id: string }).id;
  }

  async function check(id: string, who = 'ada'): Promise<TestResult> {
    const answer = await t.call(who, 'POST', `/api/connections/${id}/test`);
    const text = await answer.text();
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(answer.status, text).toBe(200);
    return JSON.parse(text) as TestResult;
  }

  it('proves each connector works against its peer, and says why not with wrong credentials', async () => {
    const table = await startTableApiPeer({ login: { username: 'svc', password: 'sn-pass-1' } });
    const jira = await startJiraPeer({ email: 'bot@example.com', apiToken: 'jira-tok-1' });
    const scim = await startScimPeer('scim-tok-1');
    peers.push(table, jira, scim);
    const smtpSettings = { host: smtp.host, port: smtp.port, requireTls: false, from: 'f@example.com' };
    const cases: [string, { credentials?: unknown; settings?: unknown }, { credentials?: unknown }][] = [
      [
        'servicenow',
        { credentials: { username: 'svc', password: 'sn-pass-1' }, settings: { instanceUrl: table.url } },
        { credentials: { username: 'svc', password: 'wrong-sn-pass-1' } },
      ],
      [
        'jira',
        {
          credentials: { email: 'bot@example.com', apiToken: 'jira-tok-1' },
          settings: { baseUrl: jira.url },
        },
        { credentials: { email: 'bot@example.com', apiToken: 'wrong-jira-tok-1' } },
      ],
      [
        'scim',
        { credentials: { token: 'scim-tok-1' }, settings: { baseUrl: `${scim.url}/scim/v2` } },
        { credentials: { token: 'wrong-scim-tok-1' } },
      ],
      [
        'email',
        { credentials: { username: 'mailer', password: 'smtp-pass-1' }, settings: smtpSettings },
        { credentials: { username: 'mailer', password: 'wrong-smtp-pass-1' } },
      ],
      [
        'http',
        { credentials: { auth: { type: 'bearer', token: 'http-tok-1' } }, settings: { baseUrl: http.url } },
        // Any HTTP answer proves the base URL reachable; the check does not judge the status.
        {},
      ],
      [
        'http-oauth2',
        {
          credentials: { clientId: 'c', clientSecret: 'client-secret-1', tokenUrl: '/oauth/token' },
          settings: { baseUrl: http.url },
        },
        { credentials: { clientId: 'c', clientSecret: 'wrong-client-secret-1', tokenUrl: '/oauth/token' } },
      ],
    ];
    for (const [connectorId, good, bad] of cases) {
      const id = await save(connectorId, 'good', good);
      expect(await check(id), connectorId).toEqual({ ok: true, checked: true, ms: expect.any(Number) });
      if (!bad.credentials) continue;
      const wrong = await save(connectorId, 'wrong', { ...good, ...bad });
      const result = await check(wrong);
      expect(result, connectorId).toMatchObject({ ok: false, retryable: false });
      expect(result.message, connectorId).toMatch(/\S/);
      expect(result.message, connectorId).not.toContain('wrong-');
    }
  });

  it('reports an unreachable server as a retryable failure in a sentence', async () => {
    const mongo = await save('mongodb', 'down', {
      credentials: {
        connectionString: `mongodb://svc:mongo-pw-1@127.0.0.1:${closed}/?serverSelectionTimeoutMS=300`,
      },
      settings: { database: 'itsm' },
    });
    const email = await save('email', 'down', {
      settings: { host: '127.0.0.1', port: closed, requireTls: false, from: 'f@example.com' },
    });
    for (const id of [mongo, email]) {
      const result = await check(id);
      expect(result).toMatchObject({ ok: false, retryable: true });
      expect(result.message).toMatch(/127\.0\.0\.1/);
    }
  });

  it('validates the values of a connector that has no check', async () => {
    const slack = await save('slack', 'default', {
      credentials: { webhookUrl: 'https://hooks.slack.com/services/T0/B0/secret' },
    });
    expect(await check(slack)).toEqual({ ok: true, checked: false, ms: expect.any(Number) });
  });

  it('is for admins only, and answers 404 for an unknown connection', async () => {
    const id = await save('http', 'admins-only', {
      credentials: { auth: { type: 'bearer', token: 'http-tok-1' } },
      settings: { baseUrl: http.url },
    });
    expect((await t.call('dan', 'POST', `/api/connections/${id}/test`)).status).toBe(403);
    expect((await t.call('vic', 'POST', `/api/connections/${id}/test`)).status).toBe(403);
    expect((await t.call(null, 'POST', `/api/connections/${id}/test`)).status).toBe(401);
    expect((await t.call('ada', 'POST', '/api/connections/no-such-id/test')).status).toBe(404);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await t.call(null, 'GET', '/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(doc.paths['/api/connections/{id}/test']?.['post']?.responses['200']).toBeDefined();
  });
});
