import {
  describeConnectorContract,
  runAction,
  startHttpPeer,
  type HttpPeer,
} from '@flowline/connector-sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { scim } from './index';
import { startScimPeer } from './scimPeer';

const token = 'scim-token-abc';
const loopback = { allowLoopback: true };
let peer: HttpPeer | undefined;
afterEach(async () => peer?.close());

const with_ = (p: HttpPeer) => ({
  credentials: { token },
  settings: { baseUrl: `${p.url}/scim/v2` },
  network: loopback,
});
const newUser = {
  userName: 'alice@example.com',
  givenName: 'Alice',
  familyName: 'Smith',
  emails: ['alice@example.com'],
};

describeConnectorContract(scim);

describe('scim 2.0', () => {
  it('creates a user with the core User schema, as application/scim+json with a Bearer token', async () => {
    const p = (peer = await startScimPeer(token));
    const result = await runAction(scim, 'createUser', { input: newUser, ...with_(p) });
    expect(result).toEqual({ ok: true, output: { id: 'u1', userName: 'alice@example.com' } });
    const request = p.requests[0];
    expect(request?.path).toBe('/scim/v2/Users');
    expect(request?.headers.authorization).toBe(`Bearer ${token}`);
    expect(request?.headers['content-type']).toBe('application/scim+json');
    expect(request?.headers.accept).toContain('application/scim+json');
    expect(request?.json()).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'alice@example.com',
      name: { givenName: 'Alice', familyName: 'Smith' },
      emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
      active: true,
    });
  });

  it('maps 409 uniqueness to a permanent SCIM_CONFLICT', async () => {
    const p = (peer = await startScimPeer(token, ['alice@example.com']));
    const result = await runAction(scim, 'createUser', { input: newUser, ...with_(p) });
    expect(result).toMatchObject({ ok: false, error: { code: 'SCIM_CONFLICT', retryable: false } });
  });

  it('adds a member to a group with PatchOp add', async () => {
    const p = (peer = await startScimPeer(token));
    const result = await runAction(scim, 'addUserToGroup', {
      input: { groupId: 'g1', userId: 'u1' },
      ...with_(p),
    });
    expect(result).toEqual({ ok: true, output: { status: 204 } });
    expect(p.requests[0]?.method).toBe('PATCH');
    expect(p.requests[0]?.path).toBe('/scim/v2/Groups/g1');
    expect(p.requests[0]?.json()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }],
    });
  });

  it('adds members to the groups the peer is given, and answers 503 (retryable) while it is down', async () => {
    const p = await startScimPeer(token, [], { groups: ['all-staff', 'engineering'] });
    peer = p;
    const add = (groupId: string) =>
      runAction(scim, 'addUserToGroup', { input: { groupId, userId: 'u1' }, ...with_(p) });
    expect(await add('engineering')).toEqual({ ok: true, output: { status: 204 } });
    expect(await add('g1')).toMatchObject({ ok: false, error: { retryable: false } });
    p.setDown(true);
    expect(await runAction(scim, 'createUser', { input: newUser, ...with_(p) })).toMatchObject({
      ok: false,
      error: { code: 'HTTP_503', retryable: true },
    });
    p.setDown(false);
    expect(await add('all-staff')).toEqual({ ok: true, output: { status: 204 } });
  });

  it('deactivates a user with PatchOp replace active=false', async () => {
    const p = (peer = await startScimPeer(token));
    const result = await runAction(scim, 'deactivateUser', { input: { userId: 'u1' }, ...with_(p) });
    expect(result).toEqual({ ok: true, output: { status: 204 } });
    expect(p.requests[0]?.path).toBe('/scim/v2/Users/u1');
    expect(p.requests[0]?.json()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
  });

  it('escapes ids in paths, so an id cannot walk to another resource', async () => {
    const p = (peer = await startScimPeer(token));
    const result = await runAction(scim, 'deactivateUser', {
      input: { userId: '../Groups/g1' },
      ...with_(p),
    });
    expect(p.requests[0]?.path).toBe('/scim/v2/Users/..%2FGroups%2Fg1');
    expect(result).toMatchObject({ ok: false, error: { code: 'HTTP_404' } });
  });

  it('maps 401 to permanent, 429 with Retry-After and 500 to retryable', async () => {
    const p = (peer = await startScimPeer(token));
    const denied = await runAction(scim, 'deactivateUser', {
      input: { userId: 'u1' },
      ...with_(p),
      credentials: { token: 'nope' },
    });
    expect(denied).toMatchObject({ ok: false, error: { code: 'HTTP_401', retryable: false } });
    await p.close();
    let calls = 0;
    peer = await startHttpPeer({
      'PATCH /scim/v2/Users/u1': () =>
        ++calls === 1
          ? { status: 429, headers: { 'retry-after': '7' } }
          : { status: 500, json: { detail: 'oops' } },
    });
    const options = { input: { userId: 'u1' }, ...with_(peer) };
    expect(await runAction(scim, 'deactivateUser', options)).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 7000 },
    });
    expect(await runAction(scim, 'deactivateUser', options)).toMatchObject({
      ok: false,
      error: { code: 'HTTP_500', retryable: true },
    });
  });

  it('refuses 127.0.0.1 before connecting when loopback is not allowed', async () => {
    const p = (peer = await startScimPeer(token));
    const result = await runAction(scim, 'createUser', { input: newUser, ...with_(p), network: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSRF_BLOCKED' } });
    expect(p.requests).toHaveLength(0);
  });
});
