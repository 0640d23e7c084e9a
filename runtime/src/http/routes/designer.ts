import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../appEnv';

/**
 * `designer/dist` of this checkout: where `pnpm start` (and `pnpm --filter @flowline/designer build`)
 * puts the build. Looked up from this module's directory upwards, because this module runs from
 * runtime/src/http/routes (sources) or from the bundle, runtime/dist or one of its chunks.
 */
export const DEFAULT_DESIGNER_DIR = findDesignerDir(dirname(fileURLToPath(import.meta.url)));

function findDesignerDir(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'designer');
    if (existsSync(join(candidate, 'package.json')) || existsSync(join(candidate, 'dist')))
      return join(candidate, 'dist');
  }
  return fileURLToPath(new URL('../../../../designer/dist', import.meta.url));
}

/**
 * The designer's pages: everything outside /api and /approve. Registered as two routes so the
 * route table lists them (public: the HTML and scripts hold no data; the API they call is not).
 */
export const DESIGNER_ROUTES = ['/', '/:path{(?!api(?:/|$)|approve(?:/|$)).+}'] as const;

/**
 * No inline script or style in our HTML, nothing from another origin. React and React Flow set
 * styles through the CSSOM (element.style), which style-src does not govern.
 */
export const DESIGNER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);

interface StaticFile {
  readonly body: Buffer;
  readonly gzipped: Buffer | undefined;
  readonly etag: string;
}

/**
 * Serves the designer's build: its files (hashed `/assets/*` cached for a year, the rest
 * revalidated), and index.html for any other page a browser navigates to (the app routes on
 * the client). Without a build, a short page says how to make one. /api and /approve never
 * reach here, so an unknown API path stays a JSON 404.
 */
export function designerRoutes(app: OpenAPIHono<AppEnv>, options: { designerDir?: string } = {}): void {
  const root = resolve(options.designerDir ?? DEFAULT_DESIGNER_DIR);
  // Keyed by path, size and mtime: a rebuild while running is picked up, unchanged files are read once.
  const cache = new Map<string, StaticFile>();

  const load = async (path: string): Promise<StaticFile | undefined> => {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const key = `${path}\0${info.size}\0${info.mtimeMs}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const body = await readFile(path);
    const file: StaticFile = {
      body,
      gzipped: COMPRESSIBLE.has(extname(path)) && body.length > 1024 ? gzipSync(body) : undefined,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    };
    if (cache.size > 500) cache.clear();
    cache.set(key, file);
    return file;
  };

  const send = (c: Context, path: string, file: StaticFile, cacheControl: string): Response => {
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'cache-control': cacheControl,
      etag: file.etag,
      'x-content-type-options': 'nosniff',
    };
    if (extname(path) === '.html') headers['content-security-policy'] = DESIGNER_CSP;
    if (file.gzipped) headers.vary = 'accept-encoding';
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304, headers);
    if (file.gzipped && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      headers['content-encoding'] = 'gzip';
      return c.body(new Uint8Array(file.gzipped), 200, headers);
    }
    return c.body(new Uint8Array(file.body), 200, headers);
  };

  const handler = async (c: Context<AppEnv>) => {
    const target = fileInside(root, c.req.path);
    const isAsset = c.req.path.startsWith('/assets/');
    if (target !== undefined && c.req.path !== '/') {
      const file = await load(target);
      if (file) return send(c, target, file, isAsset ? IMMUTABLE : 'no-cache');
    }
    // A missing script or style is a 404, never the page: the browser would run HTML as a script.
    if (isAsset || !acceptsHtml(c)) return c.notFound();
    const index = resolve(root, 'index.html');
    const page = await load(index);
    if (!page) return c.html(NOT_BUILT_PAGE, 503, { 'cache-control': 'no-store' });
    return send(c, index, page, 'no-cache');
  };

  for (const path of DESIGNER_ROUTES) app.get(path, handler);
}

/** The file a URL path names inside root, or undefined when it would leave it (or is malformed). */
export function fileInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part === '..' || part.startsWith('.')))
    return undefined;
  const path = resolve(root, `.${decoded}`);
  return path.startsWith(root + sep) ? path : undefined;
}

// A page navigation asks for HTML; fetch() and scripts ask for other things and get a JSON 404.
const acceptsHtml = (c: Context): boolean => /\btext\/html\b/.test(c.req.header('accept') ?? '');

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flowline: the designer is not built</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>The designer is not built yet</h1>
<p>The runtime is running and its API answers at <a href="/api/docs">/api/docs</a>, but the web app
has no build in <code>designer/dist</code>.</p>
<p>Build it with <code>pnpm --filter @flowline/designer build</code>, or start Flowline with
<code>pnpm start</code>, which builds it when it is missing or stale. Then reload this page.</p>
</body></html>`;
