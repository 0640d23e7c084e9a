import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'flowline_session';

export interface SessionCookieOptions {
  /** Send the cookie only over HTTPS; on whenever the public origin is https. */
  secure: boolean;
}

/**
 * Sets the session cookie: HttpOnly (no script can read it), SameSite=Lax (not sent on cross-site
 * POSTs), expiring with the session's absolute lifetime.
 */
export function setSessionCookie(
  c: Context,
  signedIn: { token: string; absoluteExpiresAt: number },
  options: SessionCookieOptions & { now: number },
): void {
  setCookie(c, SESSION_COOKIE, signedIn.token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: options.secure,
    path: '/',
    maxAge: Math.max(0, Math.floor((signedIn.absoluteExpiresAt - options.now) / 1000)),
  });
}

export function clearSessionCookie(c: Context, options: SessionCookieOptions): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: options.secure, httpOnly: true, sameSite: 'Lax' });
}

export const readSessionCookie = (c: Context): string | undefined => getCookie(c, SESSION_COOKIE);
