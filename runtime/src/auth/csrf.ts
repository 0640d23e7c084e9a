const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isUnsafeMethod = (method: string): boolean => UNSAFE_METHODS.has(method.toUpperCase());

export interface RequestOriginHeaders {
  origin: string | undefined;
  secFetchSite: string | undefined;
  requestedWith: string | undefined;
}

/**
 * Whether a cookie-authenticated, state-changing request came from our own pages. A browser always
 * sends `Origin` on cross-origin POSTs and `Sec-Fetch-Site` on all requests; a custom header such as
 * `X-Requested-With` cannot be sent cross-origin without a CORS preflight, which we never grant.
 * A request that says it is cross-site is refused whatever else it carries.
 */
export function isSameOriginRequest(headers: RequestOriginHeaders, publicOrigin: string): boolean {
  const site = headers.secFetchSite?.toLowerCase();
  if (site === 'cross-site' || site === 'same-site') return false;
  if (headers.origin !== undefined) {
    const expected = normaliseOrigin(publicOrigin);
    return expected !== null && normaliseOrigin(headers.origin) === expected;
  }
  return site === 'same-origin' || headers.requestedWith !== undefined;
}

// 'null' (sandboxed frames, file:) and anything unparsable match nothing.
function normaliseOrigin(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
