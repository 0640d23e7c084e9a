import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleState } from '../../deploy/ensureRuntimeBundle';
import { createApiClient } from '../support/apiClient';
import { runtimeBundle } from '../support/runtimeBundle';
import { killAllRuntimes, startRuntime } from '../support/startRuntime';

// What `pnpm start` runs: the runtime bundle under plain node (no tsx), bundled when missing or
// stale. Bundled into a directory of its own inside runtime/dist (gitignored), so the packages it
// leaves outside resolve from runtime/node_modules as they do for runtime/dist/main.mjs.
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TS_CONNECTOR = join(ROOT, 'tests/bench/benchConnector.ts');

describe('pnpm start: the runtime bundle under plain node', () => {
  mkdirSync(join(ROOT, 'runtime/dist'), { recursive: true });
  const outdir = mkdtempSync(join(ROOT, 'runtime/dist/test-'));
  afterAll(async () => {
    await killAllRuntimes();
    rmSync(outdir, { recursive: true, force: true });
  });

  it('is bundled once, then fresh until its sources change', async () => {
    expect(bundleState(outdir)).toBe('missing');
    await runtimeBundle(outdir);
    expect(bundleState(outdir)).toBe('fresh');
  });

  it('loads a custom connector written in TypeScript (through tsx, which node alone cannot run)', async () => {
    const runtime = await startRuntime({ bundle: join(outdir, 'main.mjs'), connectors: [TS_CONNECTOR] });
    const admin = createApiClient(runtime.url);
    await admin.signInFirstTime('admin@localhost', runtime.adminPassword ?? '');
    const catalog = await admin.get('/api/connectors');
    expect(catalog.status).toBe(200);
    const ids = (catalog.body as { items: { id: string }[] }).items.map((item) => item.id);
    expect(ids).toContain('bench');
    await runtime.stop();
    expect(runtime.isRunning()).toBe(false);
  });
});
