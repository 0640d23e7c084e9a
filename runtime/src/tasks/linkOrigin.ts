import { z } from 'zod';

/**
 * Where approval links point (the scheme, host and port before `/approve/…`), and why there:
 * the configured FLOWLINE_PUBLIC_ORIGIN, or else the address this process listens on. Never the
 * request's Host header: anyone can send one, and a link built from it would carry their host
 * into an approver's e-mail.
 */
export const LINK_ORIGIN_SOURCES = ['publicOrigin', 'listenAddress'] as const;

export interface LinkOrigin {
  readonly url: string;
  readonly source: (typeof LINK_ORIGIN_SOURCES)[number];
}

/**
 * FLOWLINE_PUBLIC_ORIGIN: an http(s) address with nothing a link could not be appended to (a
 * query or fragment would swallow `/approve/…`), without a trailing slash (no `//approve`).
 */
export const PublicOriginSetting = z
  .url({
    protocol: /^https?$/,
    error: 'must be an http:// or https:// address, e.g. https://flowline.example.com',
  })
  .refine((value) => {
    // Checked only where the URL parses (zod runs refinements after a failed format check too).
    const url = URL.canParse(value) ? new URL(value) : undefined;
    return !url || (url.search === '' && url.hash === '' && url.username === '' && url.password === '');
  }, 'must be an address without a query, fragment or credentials, e.g. https://flowline.example.com')
  .transform((value) => value.replace(/\/+$/, ''));

/** The address a process listening on `host:port` answers at; a wildcard host is this machine. */
export function listenAddressUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export function resolveLinkOrigin(publicOrigin: string | undefined, listenUrl: string): LinkOrigin {
  return publicOrigin === undefined
    ? { url: listenUrl, source: 'listenAddress' }
    : { url: publicOrigin, source: 'publicOrigin' };
}

/** What an operator should hear at start when links fall back to the listen address. */
export function linkOriginWarning(origin: LinkOrigin): string | undefined {
  if (origin.source === 'publicOrigin') return undefined;
  return `FLOWLINE_PUBLIC_ORIGIN is not set: approval links (e-mails, POST /api/tasks/{id}/links) point at ${origin.url}, the address this process listens on. Set FLOWLINE_PUBLIC_ORIGIN to the address approvers open (e.g. https://flowline.example.com).`;
}

export class LinkOriginError extends Error {
  override readonly name = 'LinkOriginError';
  readonly code = 'LINK_ORIGIN_NOT_ABSOLUTE';
}

/** A link that is not absolute is broken in an e-mail: refused before anything is signed. */
export function assertAbsoluteOrigin(origin: string): void {
  const url = URL.canParse(origin) ? new URL(origin) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '')
    throw new LinkOriginError(`Approval links need an absolute http(s) origin, not "${origin}"`);
}
