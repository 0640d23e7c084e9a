import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../testApp';
import { DESIGNER_CSP, fileInside } from './designer';

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

/** A fake designer build: index.html, a hashed script, an unhashed icon. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-designer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), SCRIPT);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, '.secret'), 'no');
  return dir;
}

describe('the designer served at /', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = fakeBuild();
    t = await createTestApp({ designerDir: dir });
    await t.user('vic', ['viewer']);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers / with index.html, never cached stale, under a strict CSP without inline scripts or styles', async () => {
    const response = await t.app.request('/', { headers: HTML });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(DESIGNER_CSP);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(await response.text()).toBe(INDEX);
  });

  it('falls back to index.html for page navigations the app routes on the client', async () => {
    for (const path of ['/workflows', '/workflows/access-approval', '/sign-in']) {
      const response = await t.app.request(path, { headers: HTML });
      expect(response.status, path).toBe(200);
      expect(await response.text()).toBe(INDEX);
      expect(response.headers.get('content-security-policy')).toBe(DESIGNER_CSP);
    }
  });

  it('serves hashed assets for a year, immutable, gzipped when asked', async () => {
    const plain = await t.app.request('/assets/index-abc123.js');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await plain.text()).toBe(SCRIPT);
    const gzipped = await t.app.request('/assets/index-abc123.js', {
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString()).toBe(SCRIPT);
  });

  it('revalidates unhashed files by ETag', async () => {
    const first = await t.app.request('/favicon.svg');
    expect(first.headers.get('content-type')).toBe('image/svg+xml');
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await t.app.request('/favicon.svg', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('answers a missing asset with a 404, never the page (a browser would run HTML as a script)', async () => {
    const response = await t.app.request('/assets/index-gone.js', { headers: HTML });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('does not serve dotfiles or anything outside the build', async () => {
    expect(fileInside(dir, '/../../etc/passwd')).toBeUndefined();
    expect(fileInside(dir, '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(fileInside(dir, '/.secret')).toBeUndefined();
    expect(fileInside(dir, '/%E0%A4%A')).toBeUndefined();
    expect(fileInside(dir, '/assets/index-abc123.js')).toBe(join(dir, 'assets', 'index-abc123.js'));
    const secret = await t.app.request('/.secret', { headers: HTML });
    expect(await secret.text()).toBe(INDEX);
    const escaped = await t.app.request('/%2e%2e/%2e%2e/etc/passwd');
    expect(escaped.status).toBe(404);
  });

  it('keeps the API JSON: unknown API paths are 401 anonymously and a JSON 404 signed in, never the page', async () => {
    const anonymous = await t.app.request('/api/nothing-here', { headers: HTML });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const signedIn = await t.call('vic', 'GET', '/api/nothing-here', undefined, HTML);
    expect(signedIn.status).toBe(404);
    expect(signedIn.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await signedIn.json()).toMatchObject({ code: 'NOT_FOUND' });
    const approve = await t.app.request('/approve', { headers: HTML });
    expect(approve.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers a fetch (not a navigation) for an unknown page with a JSON 404', async () => {
    const response = await t.app.request('/workflows', { headers: { accept: 'application/json' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('loads for a user who must change their password first (the app shows that screen)', async () => {
    await t.rt.store.updateUser('vic', { mustChangePassword: true });
    const { session } = await t.signIn('vic@example.com', TEST_PASSWORD);
    const page = await session('GET', '/workflows');
    expect(page.status).toBe(404); // a fetch, not a navigation: but not refused
    const me = await session('GET', '/api/auth/me');
    expect(await me.json()).toMatchObject({ mustChangePassword: true, permissions: expect.any(Array) });
    expect((await session('GET', '/api/definitions')).status).toBe(403);
  });
});

describe('the designer without a build', () => {
  it('answers / with a short page saying how to build it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowline-nobuild-'));
    const t = await createTestApp({ designerDir: join(dir, 'dist') });
    try {
      const response = await t.app.request('/', { headers: HTML });
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(text).toContain('pnpm start');
      expect(text).toContain('pnpm --filter @flowline/designer build');
      expect((await t.app.request('/healthz')).status).toBe(200);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the session endpoint', () => {
  it('lists the permissions the roles grant, so the designer hides what the user may not do', async () => {
    const t = await createTestApp();
    try {
      await t.user('vic', ['viewer']);
      await t.user('dora', ['designer']);
      const viewer = (await (await t.call('vic', 'GET', '/api/auth/me')).json()) as { permissions: string[] };
      expect(viewer.permissions).toContain('definitions:read');
      expect(viewer.permissions).not.toContain('definitions:write');
      const { response } = await t.signIn('dora@example.com', TEST_PASSWORD);
      expect(((await response.json()) as { permissions: string[] }).permissions).toEqual(
        expect.arrayContaining(['definitions:write', 'definitions:publish']),
      );
    } finally {
      await t.close();
    }
  });
});
