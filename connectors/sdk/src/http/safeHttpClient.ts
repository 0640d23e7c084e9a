import type { AuthHeaders } from '../credentialKind';
import { permanent } from '../errors';
import type { HttpMethod, HttpResponse, RequestOptions, SafeHttpClient } from './clientTypes';
import type { NetworkPolicy } from './networkPolicy';
import { sendPinned, type RawResponse } from './pinnedRequest';
import { buildUrl, encodeBody, normalizeHeaders } from './requestParts';
import { createSsrfGuard, type LookupAddresses } from './ssrfGuard';
import { networkError, statusError } from './statusError';

export interface SafeHttpClientOptions {
  /** Relative paths are joined to it; authorization is only ever sent to its origin. */
  readonly baseUrl?: string;
  /** The operator's allow-list; the guard is on whatever this says. */
  readonly network?: NetworkPolicy;
  /** Headers that authenticate a request; called only for the authorized origin. */
  readonly authorize?: () => Promise<AuthHeaders>;
  /**
   * The authorized origin answered 401 to `authorize` headers: forget cached credentials. The
   * request is then sent once more with fresh headers. Without it a 401 is final. `refused` is the
   * `authorize` headers as they went out (a header the caller set itself wins over them).
   */
  readonly rejected?: (refused: AuthHeaders) => void;
  /** The attempt's signal (timeout or cancel). */
  readonly signal?: AbortSignal;
  /** Default per-request timeout. Default 30s. */
  readonly timeoutMs?: number;
  /** Default 10 MiB. */
  readonly maxResponseBytes?: number;
  /** Default 5. */
  readonly maxRedirects?: number;
  /** DNS resolution; tests stub it to check the guard without touching the network. */
  readonly lookup?: LookupAddresses;
  readonly now?: () => number;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
// Headers that identify the caller; they never follow a redirect to another origin.
const credentialHeaders = /^(authorization|proxy-authorization|cookie|x-api-key)$/;

function responseOf(raw: RawResponse, url: URL): HttpResponse {
  const text = raw.body.toString('utf8');
  return {
    status: raw.status,
    headers: raw.headers,
    url: url.toString(),
    text: () => Promise.resolve(text),
    json: () => {
      try {
        return Promise.resolve(JSON.parse(text) as unknown);
      } catch (cause) {
        return Promise.reject(
          permanent(
            'INVALID_JSON',
            `${url.origin}${url.pathname} answered ${raw.status} with a body that is not JSON`,
            {
              cause,
            },
          ),
        );
      }
    },
  };
}

/**
 * Creates the HTTP client connectors use. Every hop (first request and each redirect) is checked by
 * the SSRF guard and connected to the vetted address; redirects are followed by hand, at most
 * `maxRedirects` times, and never carry credentials to another origin.
 *
 * @example
 * const http = createSafeHttpClient({ baseUrl: 'https://acme.service-now.com', authorize });
 * const res = await http.get('/api/now/table/incident', { query: { sysparm_limit: 1 } });
 */
export function createSafeHttpClient(options: SafeHttpClientOptions = {}): SafeHttpClient {
  const guard = createSsrfGuard(options.network ?? {}, options.lookup ? { lookup: options.lookup } : {});
  const now = options.now ?? Date.now;
  const maxRedirects = options.maxRedirects ?? 5;
  const maxResponseBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
  const authOrigin =
    options.baseUrl === undefined ? undefined : buildUrl(options.baseUrl, '', undefined).origin;

  async function request(method: HttpMethod, path: string, req: RequestOptions = {}): Promise<HttpResponse> {
    let url = buildUrl(options.baseUrl, path, req.query);
    const timeout = AbortSignal.timeout(req.timeoutMs ?? options.timeoutMs ?? 30_000);
    const signals = [options.signal, req.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = AbortSignal.any(signals);
    const trustedOrigin = authOrigin ?? url.origin;
    const encoded = encodeBody(req);
    let currentMethod: string = method;
    let body = encoded?.body;
    let headers: Record<string, string> = {
      accept: 'application/json, text/plain;q=0.9, */*;q=0.8',
      ...(encoded ? { 'content-type': encoded.contentType } : {}),
      ...normalizeHeaders(req.headers),
    };
    let auth: AuthHeaders | undefined;
    let redirects = 0;
    let reauthorized = false;

    for (;;) {
      const where = `${currentMethod} ${url.origin}${url.pathname}`;
      const authorized = url.origin === trustedOrigin && options.authorize !== undefined;
      let raw: RawResponse;
      let sent = headers;
      try {
        const target = await guard.vet(url);
        if (authorized) auth ??= await options.authorize?.();
        sent = url.origin === trustedOrigin ? { ...(auth ?? {}), ...headers } : headers;
        raw = await sendPinned({
          url,
          method: currentMethod,
          headers: sent,
          body,
          target,
          signal,
          maxResponseBytes,
        });
      } catch (error) {
        throw networkError(error, signal, where);
      }
      // A revoked token: forget it and re-send this hop once. After a redirect that is the hop that
      // failed, not the first request, which may already have acted (a POST answered by 303).
      if (raw.status === 401 && authorized && auth && options.rejected && !reauthorized) {
        reauthorized = true;
        options.rejected(Object.fromEntries(Object.keys(auth).map((name) => [name, sent[name] ?? ''])));
        auth = undefined;
        continue;
      }
      const location = raw.headers.get('location');
      if (!redirectStatuses.has(raw.status) || location === null) {
        const failure =
          req.throwOnHttpError === false
            ? undefined
            : statusError({ ...raw, method: currentMethod, url }, now());
        if (failure) throw failure;
        return responseOf(raw, url);
      }
      if (redirects++ >= maxRedirects) {
        throw permanent('TOO_MANY_REDIRECTS', `${where} redirected more than ${maxRedirects} times`);
      }
      const next = new URL(location, url);
      // 303 always, and 301/302 after a POST, continue as a body-less GET (what browsers do).
      if (raw.status === 303 || ((raw.status === 301 || raw.status === 302) && currentMethod === 'POST')) {
        currentMethod = 'GET';
        body = undefined;
        const { 'content-type': _dropped, ...rest } = headers;
        headers = rest;
      }
      if (next.origin !== url.origin) {
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => !credentialHeaders.test(name)),
        );
      }
      url = next;
    }
  }

  return {
    request,
    get: (path, req) => request('GET', path, req),
    post: (path, req) => request('POST', path, req),
    put: (path, req) => request('PUT', path, req),
    patch: (path, req) => request('PATCH', path, req),
    delete: (path, req) => request('DELETE', path, req),
  };
}
