import {
  describeConnectorContract,
  runAction,
  startHttpPeer,
  type HttpPeer,
} from '@flowline/connector-sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { idempotencyHeader } from '../network/idempotencyHeader';
import { servicenow } from './index';
import { startTableApiPeer } from './tableApiPeer';

const login = { username: 'flowline.svc', password: 'sn-secret-pw' };
const incidentId = 'a'.repeat(32);
const changeId = 'c'.repeat(32);
const loopback = { allowLoopback: true };
let peer: HttpPeer | undefined;
afterEach(async () => peer?.close());

async function startPeer() {
  const started = await startTableApiPeer({
    login,
    seed: {
      incident: [{ sys_id: incidentId, number: 'INC0010001', state: '2' }],
      change_request: [{ sys_id: changeId, number: 'CHG0030001', state: '-1' }],
    },
  });
  peer = started;
  return started;
}
const run = (p: HttpPeer, overrides: { credentials?: object } = {}) => ({
  credentials: login,
  settings: { instanceUrl: p.url },
  network: loopback,
  idempotencyKey: 'inst-1:3:0',
  ...overrides,
});

describeConnectorContract(servicenow);

describe('servicenow Table API', () => {
  it('creates an incident with Basic auth, JSON and the idempotency key header', async () => {
    const p = await startPeer();
    const result = await runAction(servicenow, 'createRecord', {
      input: { table: 'incident', fields: { short_description: 'VPN down', urgency: '2' } },
      ...run(p),
    });
    expect(result).toMatchObject({
      ok: true,
      output: { number: expect.stringMatching(/^INC/), record: { urgency: '2' } },
    });
    const request = p.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/api/now/table/incident');
    expect(request?.query).toEqual({ sysparm_exclude_reference_link: 'true' });
    expect(request?.headers.authorization).toBe(`Basic ${btoa('flowline.svc:sn-secret-pw')}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers[idempotencyHeader.toLowerCase()]).toBe('inst-1:3:0');
    expect(request?.json()).toEqual({ short_description: 'VPN down', urgency: '2' });
  });

  it("raises a service request (sc_request, numbered REQ) for goods such as a new hire's laptop", async () => {
    const p = await startPeer();
    const result = await runAction(servicenow, 'createRecord', {
      input: { table: 'sc_request', fields: { short_description: 'Laptop for Ada Lovelace' } },
      ...run(p),
    });
    expect(result).toMatchObject({ ok: true, output: { number: expect.stringMatching(/^REQ/) } });
    expect(p.requests[0]?.path).toBe('/api/now/table/sc_request');
    // Only creating takes it: closing one is not modelled (its states differ from an incident's).
    const close = await runAction(servicenow, 'closeRecord', {
      input: { table: 'sc_request', sysId: 'a'.repeat(32), closeCode: 'done', closeNotes: 'Handed over' },
      ...run(p),
    });
    expect(close).toMatchObject({ ok: false });
  });

  it('updates fields of a record with PATCH', async () => {
    const p = await startPeer();
    const result = await runAction(servicenow, 'updateRecord', {
      input: { table: 'incident', sysId: incidentId, fields: { assignment_group: 'network' } },
      ...run(p),
    });
    expect(result).toMatchObject({ ok: true, output: { sysId: incidentId, number: 'INC0010001' } });
    expect(p.requests[0]?.method).toBe('PATCH');
    expect(p.requests[0]?.path).toBe(`/api/now/table/incident/${incidentId}`);
  });

  it('adds a work note by default, and a customer-visible comment on request', async () => {
    const p = await startPeer();
    await runAction(servicenow, 'addComment', {
      input: { table: 'incident', sysId: incidentId, text: 'Escalated' },
      ...run(p),
    });
    await runAction(servicenow, 'addComment', {
      input: { table: 'incident', sysId: incidentId, text: 'We are on it', field: 'comments' },
      ...run(p),
    });
    expect(p.requests.map((r) => r.json())).toEqual([
      { work_notes: 'Escalated' },
      { comments: 'We are on it' },
    ]);
  });

  it('closes an incident with state 7 and a change request with state 3', async () => {
    const p = await startPeer();
    const incident = await runAction(servicenow, 'closeRecord', {
      input: {
        table: 'incident',
        sysId: incidentId,
        closeCode: 'Solved (Permanently)',
        closeNotes: 'Router replaced',
      },
      ...run(p),
    });
    const change = await runAction(servicenow, 'closeRecord', {
      input: {
        table: 'change_request',
        sysId: changeId,
        closeCode: 'successful',
        closeNotes: 'Implemented as planned',
      },
      ...run(p),
    });
    expect(incident.ok && change.ok).toBe(true);
    expect(p.requests.map((r) => [r.path, r.json()])).toEqual([
      [
        `/api/now/table/incident/${incidentId}`,
        { state: '7', close_code: 'Solved (Permanently)', close_notes: 'Router replaced' },
      ],
      [
        `/api/now/table/change_request/${changeId}`,
        { state: '3', close_code: 'successful', close_notes: 'Implemented as planned' },
      ],
    ]);
  });

  it('lists the active records an encoded query selects, with the fields asked for', async () => {
    const p = await startPeer();
    const created = await runAction(servicenow, 'createRecord', {
      input: { table: 'change_request', fields: { short_description: 'Patch the ERP', type: 'normal' } },
      ...run(p),
    });
    await runAction(servicenow, 'createRecord', {
      input: { table: 'change_request', fields: { short_description: 'Swap the core switch' } },
      ...run(p),
    });
    if (!created.ok) throw new Error('not created');
    // A record the peer inserted can be closed too; closing it takes it off the active list.
    const closed = await runAction(servicenow, 'closeRecord', {
      input: {
        table: 'change_request',
        sysId: created.output.sysId,
        closeCode: 'successful',
        closeNotes: 'Done',
      },
      ...run(p),
    });
    expect(closed.ok).toBe(true);
    const listed = await runAction(servicenow, 'listRecords', {
      input: {
        table: 'change_request',
        query: 'active=true^ORDERBYnumber',
        fields: ['number', 'short_description'],
      },
      ...run(p),
    });
    expect(listed).toMatchObject({
      ok: true,
      output: {
        count: 1,
        records: [{ short_description: 'Swap the core switch', number: expect.stringMatching(/^CHG/) }],
      },
    });
    expect(p.requests.at(-1)?.query).toEqual({
      sysparm_query: 'active=true^ORDERBYnumber',
      sysparm_limit: '100',
      sysparm_exclude_reference_link: 'true',
      sysparm_fields: 'sys_id,number,short_description',
    });
  });

  it('refuses an unknown change close code and prototype-reaching field names', async () => {
    const p = await startPeer();
    const badCode = await runAction(servicenow, 'closeRecord', {
      input: { table: 'change_request', sysId: changeId, closeCode: 'Solved (Permanently)', closeNotes: 'x' },
      ...run(p),
    });
    const badField = await runAction(servicenow, 'createRecord', {
      input: { table: 'incident', fields: JSON.parse('{"constructor": "x"}') as Record<string, string> },
      ...run(p),
    });
    expect(badCode).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(badField).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(p.requests).toHaveLength(0);
  });

  it('fails a wrong password permanently (401)', async () => {
    const p = await startPeer();
    const result = await runAction(servicenow, 'createRecord', {
      input: { table: 'incident', fields: { short_description: 'x' } },
      ...run(p, { credentials: { ...login, password: 'wrong' } }),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'HTTP_401', retryable: false } });
  });

  it('retries 429 with Retry-After and 503, and times out as retryable', async () => {
    let calls = 0;
    peer = await startHttpPeer({
      'POST /api/now/table/incident': () =>
        ++calls === 1
          ? { status: 429, headers: { 'retry-after': '10' }, json: {} }
          : { status: 503, text: 'Hibernating' },
      'POST /api/now/table/change_request': () => new Promise<never>(() => undefined),
    });
    const input = { table: 'incident' as const, fields: { short_description: 'x' } };
    expect(await runAction(servicenow, 'createRecord', { input, ...run(peer) })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 10_000 },
    });
    expect(await runAction(servicenow, 'createRecord', { input, ...run(peer) })).toMatchObject({
      ok: false,
      error: { code: 'HTTP_503', retryable: true },
    });
    const hung = await runAction(servicenow, 'createRecord', {
      input: { ...input, table: 'change_request' },
      ...run(peer),
      deadline: new Date(Date.now() + 200),
    });
    expect(hung).toMatchObject({ ok: false, error: { code: 'TIMEOUT', retryable: true } });
  });

  it('refuses 127.0.0.1 before connecting when loopback is not allowed', async () => {
    const p = await startPeer();
    const result = await runAction(servicenow, 'createRecord', {
      input: { table: 'incident', fields: { short_description: 'x' } },
      ...run(p),
      network: {},
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSRF_BLOCKED' } });
    expect(p.requests).toHaveLength(0);
  });
});
