import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { credential } from './credential';
import { defineAction } from './defineAction';
import { defineConnector } from './defineConnector';
import { permanent } from './errors';
import { executeAction } from './executeAction';
import type { LogFields } from './logger';
import { startHttpPeer, type HttpPeer } from './testing/httpPeer';
import { runAction } from './testing/runAction';

const Settings = z.object({ instanceUrl: z.url() });
const auth = credential.basic();
const IncidentResponse = z.object({ result: z.object({ sys_id: z.string(), number: z.string() }) });

const createIncident = defineAction({
  id: 'createIncident',
  title: 'Create incident',
  description: 'Opens an incident through the Table API.',
  credentials: auth,
  settings: Settings,
  input: z.object({ shortDescription: z.string().min(1), urgency: z.enum(['1', '2', '3']).default('3') }),
  output: z.object({ sysId: z.string(), number: z.string() }),
  timeout: '2s',
  async run(ctx, input) {
    ctx.log.info({ password: ctx.credentials.password, note: `pw=${ctx.credentials.password}` }, 'creating');
    const res = await ctx.http.post('/api/now/table/incident', {
      json: { short_description: input.shortDescription, urgency: input.urgency },
      headers: { 'X-Request-Id': ctx.idempotencyKey },
    });
    const body = IncidentResponse.safeParse(await res.json());
    if (!body.success) throw permanent('UNEXPECTED_RESPONSE', 'ServiceNow answered in an unknown shape');
    return { sysId: body.data.result.sys_id, number: body.data.result.number };
  },
});

const misbehave = defineAction({
  id: 'misbehave',
  title: 'Misbehave',
  description: 'Fails in the way the input asks.',
  credentials: auth,
  settings: Settings,
  input: z.object({ how: z.enum(['throw', 'badOutput', 'hang', 'leak']) }),
  output: z.object({ count: z.number() }),
  timeout: 200,
  async run(ctx, input) {
    if (input.how === 'throw') throw new TypeError('cannot read properties of undefined');
    if (input.how === 'leak') throw new Error(`login failed for ${ctx.credentials.password}`);
    if (input.how === 'hang') return new Promise<never>(() => undefined);
    return { count: 'many' } as unknown as { count: number };
  },
});

const servicenow = defineConnector({
  id: 'servicenow',
  title: 'ServiceNow',
  version: '1.0.0',
  settings: Settings,
  credentials: auth,
  baseUrl: (settings) => settings.instanceUrl,
  actions: [createIncident, misbehave],
});

const credentials = { username: 'svc', password: 'hunter2-secret' };
let peer: HttpPeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

describe('executeAction', () => {
  it('runs an action against a peer with auth, base URL and idempotency key applied', async () => {
    peer = await startHttpPeer({
      'POST /api/now/table/incident': () => ({
        status: 201,
        json: { result: { sys_id: 'a1', number: 'INC001' } },
      }),
    });
    const lines: { fields: LogFields; message: string }[] = [];
    const log = {
      info: (fields: LogFields, message: string) => lines.push({ fields, message }),
      warn() {},
      error() {},
    };
    const result = await executeAction(servicenow, 'createIncident', {
      input: { shortDescription: 'VPN down' },
      credentials,
      settings: { instanceUrl: peer.url },
      network: { allowLoopback: true },
      idempotencyKey: 'inst-1:4:0',
      step: { instanceId: 'inst-1', workflowId: 'wf', nodeId: 'n1' },
      log,
    });
    expect(result).toEqual({ ok: true, output: { sysId: 'a1', number: 'INC001' } });
    const received = peer.requests[0];
    expect(received?.json()).toEqual({ short_description: 'VPN down', urgency: '3' });
    expect(received?.headers['x-request-id']).toBe('inst-1:4:0');
    expect(received?.headers.authorization).toBe(
      `Basic ${Buffer.from('svc:hunter2-secret').toString('base64')}`,
    );
    expect(JSON.stringify(lines)).not.toContain('hunter2-secret');
    expect(lines[0]?.fields).toEqual({ password: '[REDACTED]', note: 'pw=[REDACTED]' });
  });

  it('refuses invalid input with field paths, without running the action', async () => {
    const result = await runAction(servicenow, 'createIncident', {
      input: { shortDescription: '', urgency: '9' },
      credentials,
      settings: { instanceUrl: 'https://acme.service-now.com' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', retryable: false } });
    if (result.ok) return;
    expect(result.error.details).toEqual({
      issues: [
        { path: 'shortDescription', message: expect.any(String) },
        { path: 'urgency', message: expect.any(String) },
      ],
    });
  });

  it('reports output that does not match the output schema as permanent', async () => {
    const result = await runAction(servicenow, 'misbehave', {
      input: { how: 'badOutput' },
      credentials,
      settings: { instanceUrl: 'https://acme.service-now.com' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'OUTPUT_SCHEMA_MISMATCH', retryable: false } });
  });

  it('wraps an unknown throw as retryable UNEXPECTED and logs the cause', async () => {
    const errors: LogFields[] = [];
    const result = await runAction(servicenow, 'misbehave', {
      input: { how: 'throw' },
      credentials,
      settings: { instanceUrl: 'https://acme.service-now.com' },
      log: { info() {}, warn() {}, error: (fields) => void errors.push(fields) },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNEXPECTED', retryable: true } });
    expect(errors).toHaveLength(1);
  });

  it('logs where an unknown throw came from (its stack), with the secrets in it masked', async () => {
    const errors: LogFields[] = [];
    await runAction(servicenow, 'misbehave', {
      input: { how: 'leak' },
      credentials,
      settings: { instanceUrl: 'https://acme.service-now.com' },
      log: { info() {}, warn() {}, error: (fields) => void errors.push(fields) },
    });
    const err = errors[0]?.['err'] as { message: string };
    expect(err.message).toBe('login failed for [REDACTED]');
    expect(errors[0]?.['stack']).toMatch(
      /^Error: login failed for \[REDACTED\]\n\s+at .*executeAction\.test\.ts/,
    );
    expect(JSON.stringify(errors)).not.toContain('hunter2-secret');
  });

  it('redacts credential values from failure messages', async () => {
    const result = await runAction(servicenow, 'misbehave', {
      input: { how: 'leak' },
      credentials,
      settings: { instanceUrl: 'https://acme.service-now.com' },
    });
    expect(JSON.stringify(result)).not.toContain('hunter2-secret');
  });

  it('ends an attempt at its timeout even when run ignores the signal', async () => {
    const started = Date.now();
    const result = await runAction(servicenow, 'misbehave', {
      input: { how: 'hang' },
      credentials,
      settings: { instanceUrl: 'https://acme.service-now.com' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'TIMEOUT', retryable: true } });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('honours an earlier runtime deadline and a cancel signal', async () => {
    const base = {
      input: { how: 'hang' },
      credentials,
      settings: { instanceUrl: 'https://acme.service-now.com' },
    } as const;
    const late = await runAction(servicenow, 'misbehave', { ...base, deadline: new Date(Date.now() + 20) });
    expect(late).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    const cancelled = await runAction(servicenow, 'misbehave', { ...base, signal: AbortSignal.abort() });
    expect(cancelled).toMatchObject({ ok: false, error: { code: 'CANCELLED', retryable: false } });
  });

  it('refuses bad credentials and settings without echoing them', async () => {
    const noPassword = await runAction(servicenow, 'createIncident', {
      input: { shortDescription: 'x' },
      credentials: { username: 'svc' },
      settings: { instanceUrl: 'https://acme.service-now.com' },
    });
    expect(noPassword).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS', retryable: false } });
    const badUrl = await runAction(servicenow, 'createIncident', {
      input: { shortDescription: 'x' },
      credentials,
      settings: { instanceUrl: 'not a url' },
    });
    expect(badUrl).toMatchObject({ ok: false, error: { code: 'INVALID_SETTINGS' } });
  });

  it('answers an unknown action id with a permanent error', async () => {
    const result = await executeAction(servicenow as never, 'deleteEverything' as never, {
      input: {},
      idempotencyKey: 'k',
      step: { instanceId: 'i', workflowId: 'w', nodeId: 'n' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION', retryable: false } });
  });

  it('keeps the SSRF guard on unless the operator opens loopback', async () => {
    peer = await startHttpPeer({ 'POST /api/now/table/incident': () => ({ status: 201, json: {} }) });
    const result = await runAction(servicenow, 'createIncident', {
      input: { shortDescription: 'VPN down' },
      credentials,
      settings: { instanceUrl: peer.url },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSRF_BLOCKED', retryable: false } });
    expect(peer.requests).toHaveLength(0);
  });

  it('passes HTTP classification through: 429 with Retry-After, 503, 404', async () => {
    let reply = { status: 429, headers: { 'retry-after': '3' } };
    peer = await startHttpPeer({ 'POST /api/now/table/incident': () => reply });
    const run = () =>
      runAction(servicenow, 'createIncident', {
        input: { shortDescription: 'VPN down' },
        credentials,
        settings: { instanceUrl: peer?.url ?? '' },
        network: { allowLoopback: true },
      });
    expect(await run()).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 3000 },
    });
    reply = { status: 503, headers: {} as { 'retry-after': string } };
    expect(await run()).toMatchObject({ ok: false, error: { code: 'HTTP_503', retryable: true } });
    reply = { status: 404, headers: {} as { 'retry-after': string } };
    expect(await run()).toMatchObject({ ok: false, error: { code: 'HTTP_404', retryable: false } });
  });
});
