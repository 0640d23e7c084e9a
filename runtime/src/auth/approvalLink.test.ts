import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { createApprovalLinks } from './approvalLink';
import { HOUR, T0, addUser, openStore } from './testFixture';

const SECRET = 'a server secret of at least thirty-two bytes';
const links = createApprovalLinks({ secret: SECRET });
const claims = { taskId: 'task-1', approverId: 'abe', decision: 'approve', expiresAt: T0 + 24 * HOUR };

describe('approval links', () => {
  it('verifies what it signed', () => {
    const token = links.sign(claims, T0);
    const result = links.verify(token, T0 + HOUR);
    expect(result).toEqual({ ok: true, claims: { ...claims, linkId: expect.any(String) } });
  });

  it('gives each link its own id', () => {
    const a = links.verify(links.sign(claims, T0), T0);
    const b = links.verify(links.sign(claims, T0), T0);
    expect(a.ok && b.ok && a.claims.linkId !== b.claims.linkId).toBe(true);
  });

  it('refuses an expired link', () => {
    expect(links.verify(links.sign(claims, T0), claims.expiresAt)).toEqual({ ok: false, code: 'EXPIRED' });
  });

  it('refuses a link whose decision, task or approver was changed', () => {
    const [version, payload, signature] = links.sign(claims, T0).split('.');
    const body = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    for (const change of [
      { dec: 'reject' },
      { tid: 'task-2' },
      { uid: 'eve' },
      { exp: claims.expiresAt + HOUR },
    ]) {
      const forged = Buffer.from(JSON.stringify({ ...body, ...change })).toString('base64url');
      expect(links.verify(`${version}.${forged}.${signature}`, T0)).toEqual({
        ok: false,
        code: 'INVALID_SIGNATURE',
      });
    }
  });

  it('refuses a link signed with another secret', () => {
    const other = createApprovalLinks({ secret: 'another server secret, also thirty-two bytes' });
    expect(links.verify(other.sign(claims, T0), T0)).toEqual({ ok: false, code: 'INVALID_SIGNATURE' });
  });

  it.each(['', 'v1', 'v1.abc', 'v2.abc.def', 'v1..', 'x'.repeat(5000)])('calls %j malformed', (token) => {
    expect(links.verify(token, T0)).toEqual({ ok: false, code: 'MALFORMED' });
  });

  it('refuses a short secret and a lifetime that is past or beyond 30 days', () => {
    expect(() => createApprovalLinks({ secret: 'short' })).toThrow(RangeError);
    expect(() => links.sign({ ...claims, expiresAt: T0 }, T0)).toThrow(RangeError);
    expect(() => links.sign({ ...claims, expiresAt: T0 + 31 * 24 * HOUR }, T0)).toThrow(RangeError);
  });

  describe('redeem', () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await openStore());
      await addUser(store, 'abe', ['approver']);
    });
    afterEach(async () => {
      await dispose();
    });

    it('accepts a link once and refuses it ever after', async () => {
      const token = links.sign(claims, T0);
      expect(await links.redeem(store, token, T0)).toMatchObject({ ok: true, claims: { taskId: 'task-1' } });
      expect(await links.redeem(store, token, T0 + 1)).toEqual({ ok: false, code: 'ALREADY_USED' });
    });

    it('does not consume a link it refuses for another reason', async () => {
      const token = links.sign(claims, T0);
      expect(await links.redeem(store, token + 'x', T0)).toMatchObject({
        ok: false,
        code: 'INVALID_SIGNATURE',
      });
      expect(await links.redeem(store, token, T0)).toMatchObject({ ok: true });
    });

    it('refuses the link of an approver disabled after it was sent', async () => {
      const token = links.sign(claims, T0);
      await store.updateUser('abe', { disabled: true });
      expect(await links.redeem(store, token, T0)).toEqual({ ok: false, code: 'APPROVER_REVOKED' });
    });
  });
});
