import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startHttpPeer, type HttpPeer } from '@flowline/connector-sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../testing';
import { loadConnectors } from './loadConnectors';

const repo = resolve(import.meta.dirname, '..', '..', '..');

describe('a connector made with `pnpm create-connector`', () => {
  let dir: string;
  let rt: TestRuntime;
  let peer: HttpPeer;

  beforeAll(async () => {
    // Inside runtime/ so the generated module resolves the SDK and zod like a workspace package would.
    dir = mkdtempSync(join(repo, 'runtime', '.scaffold-'));
    execFileSync(
      process.execPath,
      [
        join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        join(repo, 'connectors', 'scripts', 'createConnector.ts'),
        'acme-desk',
        '--dir',
        dir,
        '--no-install',
      ],
      { stdio: 'pipe' },
    );
    const connectors = await loadConnectors([join(dir, 'acme-desk', 'src', 'index.ts')]);
    rt = await createTestRuntime({ connectors });
    peer = await startHttpPeer({
      'POST /items': () => ({ status: 201, json: { id: 'ITEM-7', status: 'open' } }),
    });
  });
  afterAll(async () => {
    await peer?.close();
    await rt?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appears in the catalog with JSON Schemas for the designer', () => {
    const entry = rt.connectors.entries().find((e) => e.id === 'acme-desk');
    expect(entry?.actions[0]).toMatchObject({
      id: 'createItem',
      title: 'Create item',
      input: {
        type: 'object',
        properties: { title: { type: 'string' }, priority: { enum: ['low', 'normal', 'high'] } },
      },
    });
  });

  it('runs in a workflow end to end with an encrypted connection', async () => {
    await rt.vault.save('acme-desk', 'default', {
      credentials: { token: 't0ken' },
      settings: { baseUrl: peer.url },
    });
    await rt.publish({
      id: 'uses-acme',
      name: 'Uses Acme',
      input: [{ key: 'summary', label: 'Summary', type: 'string', required: true }],
      variables: [{ name: 'itemId' }],
      nodes: [
        { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
        {
          id: 'create',
          name: 'Create item',
          kind: 'task',
          action: 'acme-desk.createItem',
          input: { title: 'input.summary' },
          output: { itemId: 'result.id' },
        },
        { id: 'done', name: 'Done', kind: 'end', output: { item: 'vars.itemId' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'create' },
        { id: 'e2', source: 'create', target: 'done' },
      ],
    });
    const instance = await rt.executor.start({
      workflowId: 'uses-acme',
      input: { summary: 'Printer on fire' },
    });
    await rt.runJobs();
    expect(await rt.store.getInstance(instance.id)).toMatchObject({
      status: 'completed',
      output: { item: 'ITEM-7' },
    });
    expect(peer.requests.at(-1)?.headers['authorization']).toBe('Bearer t0ken');
    expect(peer.requests.at(-1)?.headers['idempotency-key']).toBe(`${instance.id}:create#1`);
  });
  it('refuses the id of a built-in connector before writing anything', () => {
    let refusal: { status?: number; stderr?: Buffer } = {};
    try {
      execFileSync(
        process.execPath,
        [
          join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
          join(repo, 'connectors', 'scripts', 'createConnector.ts'),
          'servicenow',
          '--dir',
          dir,
          '--no-install',
        ],
        { stdio: 'pipe' },
      );
    } catch (error) {
      refusal = error as typeof refusal;
    }
    expect(refusal.status).toBe(2);
    expect(String(refusal.stderr)).toContain(
      '"servicenow" is the id of the built-in connector "ServiceNow"; choose another (e.g. "acme-servicenow").',
    );
    expect(existsSync(join(dir, 'servicenow'))).toBe(false);
  });
});
