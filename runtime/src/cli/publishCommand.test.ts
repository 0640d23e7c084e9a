import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { accessApprovalV1 } from '@flowline/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testApp';
import { runCaptured } from './capturedRun';

const accessApproval = accessApprovalV1 as Record<string, unknown>;

/** The access-approval example with its manager approval asking an expression about a missing field. */
const withUnknownField = () => {
  const copy = structuredClone(accessApproval) as { nodes: Record<string, unknown>[] };
  copy.nodes[1]!['assignees'] = [{ type: 'expression', expression: 'input.manger' }];
  return copy;
};

describe('flowline publish and export against a real runtime', () => {
  let t: TestApp;
  let server: ServerType;
  let url = '';
  let dir = '';
  const write = (name: string, value: unknown) =>
    writeFileSync(join(dir, name), JSON.stringify(value, null, 2));
  const cli = (...argv: string[]) =>
    runCaptured(argv, { cwd: dir, env: { FLOWLINE_TOKEN: t.tokens['ada'] } });

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['designer']);
    await t.user('vic', ['viewer']);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'flowline-cli-'));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a file, skips it while unchanged, and exports it back so that it publishes nothing new', async () => {
    write('access.json', accessApproval);
    const first = await cli('publish', 'access.json', '--url', url);
    expect(first).toMatchObject({ code: 0, out: 'access.json: published access-approval version 1' });

    const again = await cli('publish', 'access.json', '--url', url);
    expect(again.out).toBe('access.json: access-approval is unchanged since version 1; nothing published');
    expect(again.code).toBe(0);

    const exported = await cli('export', 'access-approval', '--url', url, '--out', 'exported.json');
    expect(exported).toMatchObject({ code: 0, out: 'exported.json: wrote access-approval version 1' });
    const text = readFileSync(join(dir, 'exported.json'), 'utf8');
    // Pretty, in the canonical order: what the workflow is first, then the rest alphabetically.
    expect(text.split('\n').slice(0, 5)).toEqual([
      '{',
      '  "$schema": "../../engine/definition.schema.json",',
      '  "schemaVersion": 1,',
      '  "id": "access-approval",',
      '  "name": "Access request approval",',
    ]);
    expect(JSON.parse(text)).toEqual({ ...accessApproval, version: 1 });
    const roundTrip = await cli('publish', 'exported.json', '--url', url);
    expect(roundTrip.out).toContain('unchanged since version 1');

    // Exporting again gives the same bytes: a clean git diff.
    const toStdout = await cli('export', 'access-approval', '--url', url);
    expect(`${toStdout.out}\n`).toBe(text);
  });

  it('publishes a changed file as the next version, and exports any version asked for', async () => {
    write('access.json', { ...accessApproval, description: 'Now with a new description.' });
    const changed = await cli('publish', 'access.json', '--url', url, '--json');
    expect(changed.code).toBe(0);
    expect(JSON.parse(changed.out)).toEqual({
      ok: true,
      files: [
        { file: 'access.json', workflowId: 'access-approval', status: 'published', version: 2, warnings: [] },
      ],
    });
    const v1 = await cli('export', 'access-approval', '--version', '1', '--url', url);
    expect(JSON.parse(v1.out)).toMatchObject({ version: 1, description: accessApproval['description'] });
    const v2 = await cli('export', 'access-approval', '--url', url);
    expect(JSON.parse(v2.out)).toMatchObject({ version: 2, description: 'Now with a new description.' });
    const missing = await cli('export', 'access-approval', '--version', '9', '--url', url);
    expect(missing).toMatchObject({
      code: 1,
      err: expect.stringContaining('Version 9 of access-approval does not exist'),
    });
  });

  it('prints a refused publish with the field at fault, and exits 1', async () => {
    write('broken.json', { ...withUnknownField(), id: 'broken-access' });
    const refused = await cli('publish', 'broken.json', '--url', url);
    expect(refused.code).toBe(1);
    expect(refused.out.split('\n')).toEqual([
      'broken.json: broken-access was not published: Fix the errors before publishing (DEFINITION_INVALID)',
      'broken.json: node "managerApproval" field assignees[0].expression: The request form has no field "manger" (fields: system, accessLevel, justification, manager)',
    ]);
    const json = await cli('publish', 'broken.json', '--url', url, '--json');
    expect(JSON.parse(json.out).files[0]).toMatchObject({
      status: 'refused',
      issues: [
        {
          code: 'UNKNOWN_FIELD',
          nodeId: 'managerApproval',
          path: ['nodes', 1, 'assignees', 0, 'expression'],
        },
      ],
    });
  });

  it('prints a draft the runtime cannot read with the node at fault', async () => {
    const copy = structuredClone(accessApproval) as { nodes: Record<string, unknown>[] };
    copy.nodes[1]!['assignees'] = [];
    write('unreadable.json', { ...copy, id: 'unreadable-access' });
    const refused = await cli('publish', 'unreadable.json', '--url', url);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(
      'unreadable.json: node "managerApproval" field assignees: Name at least one approver',
    );
  });

  it('says why the runtime refused the token or the permission', async () => {
    write('access.json', accessApproval);
    const badToken = await runCaptured(['publish', 'access.json', '--url', url, '--token', 'flw_nope'], {
      cwd: dir,
    });
    expect(badToken.code).toBe(1);
    expect(badToken.out).toMatch(/was not published: .*\(UNAUTHENTICATED\); check the token$/);
    const viewer = await runCaptured(['publish', 'access.json', '--url', url, '--token', t.tokens['vic']!], {
      cwd: dir,
    });
    expect(viewer.out).toMatch(/\(FORBIDDEN\); the token's user lacks the permission$/);
  });

  it('refuses a command line without a runtime or token, or with a file it cannot read, publishing nothing', async () => {
    write('access.json', accessApproval);
    const noUrl = await cli('publish', 'access.json');
    expect(noUrl).toMatchObject({ code: 2, err: expect.stringContaining('name the runtime with --url') });
    const noToken = await runCaptured(['publish', 'access.json', '--url', url], { cwd: dir });
    expect(noToken).toMatchObject({
      code: 2,
      err: expect.stringContaining('give an API token with --token'),
    });
    const missing = await cli('publish', 'access.json', 'nowhere.json', '--url', url);
    expect(missing).toMatchObject({ code: 2, out: '' });
    expect(missing.err).toContain('nowhere.json: no such file\nNothing was published.');
  });

  it('says when the runtime cannot be reached', async () => {
    write('access.json', accessApproval);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = await cli('publish', 'access.json', '--url', `http://127.0.0.1:${port}`);
    expect(down.code).toBe(1);
    expect(down.out).toBe(
      `access.json: access-approval was not published: cannot reach the runtime at http://127.0.0.1:${port} (ECONNREFUSED)`,
    );
  });
});
