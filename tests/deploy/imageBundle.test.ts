import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempDir, freePort } from '../support/startRuntime';

// What the image runs, without Docker: the runtime bundled by deploy/bundleRuntime.ts (plain
// `node`, no tsx, no sources) beside the node_modules deploy/copyExternals.ts makes, started through deploy/docker-entrypoint.sh with its master key
// given as a secret file (FLOWLINE_MASTER_KEY_FILE), serving a designer build from
// FLOWLINE_DESIGNER_DIR, ready on /readyz, and healthy by deploy/healthcheck.mjs.
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe('the image entry: bundle, entrypoint, healthcheck', () => {
  const work = createTempDir('image');
  let stop: (() => void) | undefined;
  afterAll(() => {
    stop?.();
    work.remove();
  });

  it('the bundled runtime starts with node alone, reads secrets from files and serves the designer', async () => {
    const out = join(work.path, 'runtime/dist');
    const bundled = spawnSync(process.execPath, ['--import', TSX, 'deploy/bundleRuntime.ts', out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(bundled.status, bundled.stderr).toBe(0);
    // The MongoDB adapter is a chunk loaded when chosen: the entry does not load the driver.
    expect(readFileSync(join(out, 'main.mjs'), 'utf8')).not.toMatch(/^import .* from "mongodb";$/m);
    // The image's node_modules: only what the bundle leaves outside, copied as the Dockerfile does.
    const copied = spawnSync(
      process.execPath,
      ['--import', TSX, 'deploy/copyExternals.ts', join(work.path, 'node_modules')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(copied.status, copied.stderr).toBe(0);
    expect(copied.stdout).toMatch(/libsql.*mongodb/);
    const designer = join(work.path, 'designer');
    mkdirSync(designer);
    writeFileSync(join(designer, 'index.html'), '<!doctype html><title>designer build marker</title>');
    const keyFile = join(work.path, 'master_key');
    writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`);
    const port = await freePort();
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: work.path,
      FLOWLINE_PORT: String(port),
      FLOWLINE_HOST: '127.0.0.1',
      FLOWLINE_DATA_DIR: join(work.path, 'data'),
      FLOWLINE_DESIGNER_DIR: designer,
      FLOWLINE_SEED_EXAMPLES: 'false',
      FLOWLINE_MASTER_KEY_FILE: keyFile,
    };
    let output = '';
    const child = spawn(
      'sh',
      [join(ROOT, 'deploy/docker-entrypoint.sh'), process.execPath, join(out, 'main.mjs')],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    stop = () => child.kill('SIGKILL');
    mkdirSync(env.FLOWLINE_DATA_DIR);

    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    let ready = false;
    while (!ready && Date.now() < deadline && child.exitCode === null) {
      ready = await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ready, output).toBe(true);
    const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('designer build marker');

    const health = (portText: string) =>
      spawnSync(process.execPath, [join(ROOT, 'deploy/healthcheck.mjs')], {
        env: { ...env, FLOWLINE_PORT: portText },
      }).status;
    expect(health(String(port))).toBe(0);

    // The key came from the file: the runtime made no key file of its own under HOME.
    expect(existsSync(join(work.path, '.config/flowline/master.key'))).toBe(false);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    expect(health(String(port))).toBe(1);

    // A custom connector in TypeScript: the image has no tsx to load it, and says what to do.
    const tsConnector = join(work.path, 'connector.ts');
    writeFileSync(tsConnector, "export const connector: { id: string } = { id: 'typed' };\n");
    const refused = spawnSync(process.execPath, [join(out, 'main.mjs')], {
      env: {
        PATH: env.PATH,
        HOME: work.path,
        FLOWLINE_PORT: '0',
        FLOWLINE_DATA_DIR: env.FLOWLINE_DATA_DIR,
        FLOWLINE_MASTER_KEY: randomBytes(32).toString('base64'),
        FLOWLINE_CONNECTORS: JSON.stringify([tsConnector]),
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('tsx is not installed');
    expect(refused.stderr).toContain('Compile the connector to JavaScript');
  });
});
