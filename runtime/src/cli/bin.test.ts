import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, describe, expect, it } from 'vitest';
import { createBuiltinConnectors } from '@flowline/connectors';
import { createTestApp } from '../http/testApp';

const BIN = fileURLToPath(new URL('../../bin/flowline.mjs', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

/** Runs the `flowline` bin as a user would, in its own process. */
async function flowline(args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd,
      // Not the test run's: the bin must not need anything of it.
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('the flowline bin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-bin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validates the examples with exit 0, and exits 1 and 2 for broken files', async () => {
    const passed = await flowline(['validate', 'access-approval/definition.json'], EXAMPLES);
    expect(passed).toEqual({ code: 0, stdout: 'access-approval/definition.json: valid\n', stderr: '' });

    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ id: 'x', name: 'X', nodes: [], edges: [] }));
    writeFileSync(join(dir, 'bad.json'), '{"id": "x",\n}');
    const broken = await flowline(['validate', 'broken.json'], dir);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('broken.json: invalid');
    const bad = await flowline(['validate', 'bad.json'], dir);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(/^bad\.json: is not valid JSON at line 2, column 1: /);
  });

  it('publishes to a runtime and exports back, then exits', async () => {
    // The built-in connectors, as `pnpm start` has: the example provisions through SCIM and posts to chat.
    const t = await createTestApp({ connectors: createBuiltinConnectors() });
    await t.user('ada', ['designer']);
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const env = { FLOWLINE_URL: url, FLOWLINE_TOKEN: t.tokens['ada']! };
      const published = await flowline(['publish', 'access-approval/definition.json'], EXAMPLES, env);
      // Published, with the runtime's warnings: the example's connections are not made here.
      expect(published).toMatchObject({ code: 0, stderr: '' });
      expect(published.stdout.split('\n').filter(Boolean)).toEqual([
        'access-approval/definition.json: published access-approval version 1',
        expect.stringContaining(
          'warning: node "addToGroup" field connection: "Add to the access group" uses the connection "directory", which does not exist',
        ),
        expect.stringContaining('warning: node "announce" field connection:'),
      ]);
      const exported = await flowline(['export', 'access-approval', '--out', 'access.json'], dir, env);
      expect(exported).toMatchObject({ code: 0, stdout: 'access.json: wrote access-approval version 1\n' });
      expect(JSON.parse(readFileSync(join(dir, 'access.json'), 'utf8'))).toMatchObject({
        id: 'access-approval',
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    }
  });

  it('prints its help', async () => {
    const help = await flowline(['--help'], dir);
    expect(help.code).toBe(0);
    for (const command of ['validate', 'publish', 'export', 'simulate'])
      expect(help.stdout).toContain(`  ${command} `);
  });
});
