import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { OnceTokenStore, UserStore } from '../store';
import { randomToken } from './tokens';

/** What a signed link lets one approver do: one decision on one task, until it expires. */
export interface ApprovalLinkClaims {
  /** Random; the single-use key. */
  linkId: string;
  taskId: string;
  approverId: string;
  decision: string;
  expiresAt: number;
}

export type ApprovalLinkErrorCode =
  | 'MALFORMED'
  | 'INVALID_SIGNATURE'
  | 'EXPIRED'
  /** Redeemed before: links are single-use. */
  | 'ALREADY_USED'
  /** The approver no longer exists or is disabled. */
  | 'APPROVER_REVOKED';

export type ApprovalLinkResult =
  { ok: true; claims: ApprovalLinkClaims } | { ok: false; code: ApprovalLinkErrorCode };

export class ApprovalLinkError extends Error {
  override readonly name = 'ApprovalLinkError';
  constructor(readonly code: ApprovalLinkErrorCode) {
    super(`The approval link cannot be used (${code}).`);
  }
}

const VERSION = 'v1';
const MAX_TOKEN_LENGTH = 4096;
const MIN_SECRET_BYTES = 32;
// Links sit in mailboxes; a single-use record must outlive them, so their life is capped.
export const MAX_APPROVAL_LINK_LIFETIME_MS = 30 * 24 * 3_600_000;

const Id = z.string().min(1).max(200);
const PayloadSchema = z.strictObject({
  lid: Id,
  tid: Id,
  uid: Id,
  dec: z.string().min(1).max(100),
  exp: z.number().int().nonnegative(),
});

export interface ApprovalLinks {
  /** A token for the link's URL; `now` bounds the lifetime. */
  sign(claims: Omit<ApprovalLinkClaims, 'linkId'>, now: number): string;
  /** Checks signature, then shape, then expiry. Does not consume the link. */
  verify(token: string, now: number): ApprovalLinkResult;
  /**
   * Consumes a verified link once (`consumeOnce('approval-link', linkId, expiresAt)`): true the
   * first time. Call it only after the decision policy has let the approver decide.
   */
  consume(store: OnceTokenStore, claims: ApprovalLinkClaims): Promise<boolean>;
  /**
   * Verifies, checks the approver is still an active user, and consumes the link once
   * (`consumeOnce('approval-link', linkId, expiresAt)`). Only a POST may call this: mail scanners
   * fetch links with GET. The caller still checks the approver is an assignee of the open task.
   */
  redeem(
    store: OnceTokenStore & Pick<UserStore, 'getUser'>,
    token: string,
    now: number,
  ): Promise<ApprovalLinkResult>;
}

/**
 * Signed approval links: HMAC-SHA256 with a server secret over (link id, task, approver, decision,
 * expiry). New links are signed with `secret`; `previousSecrets` only verify, so a rotation can
 * keep the links already mailed working until they expire (or drop them at once).
 *
 * @example
 * ```ts
 * const links = createApprovalLinks({ secret: config.approvalLinkSecret });
 * const token = links.sign({ taskId, approverId, decision: 'approve', expiresAt: now + 7 * DAY }, now);
 * // later, in POST /api/approval-links/:token
 * const result = await links.redeem(store, token, clock.now());
 * ```
 */
export function createApprovalLinks(options: {
  secret: string | Uint8Array;
  /** Keys that only verify: links signed before a rotation keep working until they expire. */
  previousSecrets?: readonly (string | Uint8Array)[];
}): ApprovalLinks {
  const toKey = (secret: string | Uint8Array): Buffer => {
    const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (key.length < MIN_SECRET_BYTES) {
      throw new RangeError(`The approval link secret must be at least ${MIN_SECRET_BYTES} bytes.`);
    }
    return key;
  };
  const secret = toKey(options.secret);
  const verifying = [secret, ...(options.previousSecrets ?? []).map(toKey)];
  const macWith = (key: Buffer, signed: string): Buffer =>
    createHmac('sha256', key).update(signed, 'utf8').digest();
  const mac = (signed: string): Buffer => macWith(secret, signed);

  const verify = (token: string, now: number): ApprovalLinkResult => {
    if (token.length > MAX_TOKEN_LENGTH) return { ok: false, code: 'MALFORMED' };
    const parts = token.split('.');
    const [version, payload, signature] = parts;
    if (parts.length !== 3 || version !== VERSION || !payload || !signature)
      return { ok: false, code: 'MALFORMED' };
    const given = Buffer.from(signature, 'base64url');
    // Nothing of the payload is parsed before the signature checks out (under any accepted key).
    const signed = verifying.some((key) => {
      const expected = macWith(key, `${version}.${payload}`);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!signed) return { ok: false, code: 'INVALID_SIGNATURE' };
    const parsed = PayloadSchema.safeParse(parseJson(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!parsed.success) return { ok: false, code: 'MALFORMED' };
    const { lid, tid, uid, dec, exp } = parsed.data;
    if (now >= exp) return { ok: false, code: 'EXPIRED' };
    return { ok: true, claims: { linkId: lid, taskId: tid, approverId: uid, decision: dec, expiresAt: exp } };
  };

  const consume = (store: OnceTokenStore, claims: ApprovalLinkClaims): Promise<boolean> =>
    store.consumeOnce({ namespace: 'approval-link', key: claims.linkId, expiresAt: claims.expiresAt });

  return {
    sign(claims, now) {
      if (claims.expiresAt <= now || claims.expiresAt - now > MAX_APPROVAL_LINK_LIFETIME_MS) {
        throw new RangeError('An approval link must expire in the future, within 30 days.');
      }
      const body = {
        lid: randomToken(16),
        tid: claims.taskId,
        uid: claims.approverId,
        dec: claims.decision,
        exp: claims.expiresAt,
      };
      const payload = Buffer.from(JSON.stringify(PayloadSchema.parse(body)), 'utf8').toString('base64url');
      return `${VERSION}.${payload}.${mac(`${VERSION}.${payload}`).toString('base64url')}`;
    },
    verify,
    consume,
    async redeem(store, token, now) {
      const result = verify(token, now);
      if (!result.ok) return result;
      const approver = await store.getUser(result.claims.approverId);
      if (!approver || approver.disabled) return { ok: false, code: 'APPROVER_REVOKED' };
      return (await consume(store, result.claims)) ? result : { ok: false, code: 'ALREADY_USED' };
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
