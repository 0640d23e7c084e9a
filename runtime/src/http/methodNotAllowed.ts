/**
 * The methods an API path takes, from the registered routes: a request with another method gets
 * 405 and an `Allow` header (RFC 9110), so a caller learns it used the wrong verb rather than
 * reading "there is nothing here" about a path that exists.
 */
export function apiMethodsByPath(
  routes: readonly { method: string; path: string }[],
): (path: string) => string[] {
  const patterns = routes
    // Middleware is registered under ALL; pages outside /api are the designer's (GET only).
    .filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/'))
    .map((route) => ({ method: route.method.toUpperCase(), pattern: pathPattern(route.path) }));
  return (path) => {
    const methods = new Set(patterns.filter(({ pattern }) => pattern.test(path)).map(({ method }) => method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}

/** Hono's `/a/:id/b` and `/a/*` as an anchored expression; a segment parameter is one segment. */
function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) return '[^/]+';
      if (segment === '*') return '.*';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  // Exactly as the router matches: it serves no path with a trailing slash added.
  return new RegExp(`^${source}$`);
}
