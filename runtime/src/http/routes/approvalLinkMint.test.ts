import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinkOrigin } from '../../tasks/linkOrigin';
import { createTestApp, type TestApp } from '../testApp';

const approval = aWorkflow('purchase')
  .nodes(
    n.trigger(),
    n.approval('ok', { assignees: [{ type: 'user', id: 'maria' }] }),
    n.end('yes'),
    n.end('no', 'rejected'),
  )
  .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
  .document();

interface Minted {
  links: Record<string, string>;
  origin: LinkOrigin;
}

describe('POST /api/tasks/{id}/links', () => {
  let t: TestApp;
  afterEach(() => t.close());

  async function openTask(linkOrigin?: LinkOrigin): Promise<string> {
    t = await createTestApp(linkOrigin ? { linkOrigin } : {});
    await t.user('maria', ['approver']);
    await t.rt.publish(approval);
    const instance = await t.rt.executor.start({ workflowId: 'purchase', input: {}, startedBy: 'rita' });
    const { items } = await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 1 });
    return items[0]!.id;
  }

  const mint = async (taskId: string, headers: Record<string, string> = {}) => {
    const response = await t.call(
      'maria',
      'POST',
      `/api/tasks/${encodeURIComponent(taskId)}/links`,
      undefined,
      headers,
    );
    expect(response.status).toBe(201);
    return (await response.json()) as Minted;
  };

  it('mints absolute links at the public origin and says which origin it used', async () => {
    const origin: LinkOrigin = { url: 'https://flowline.example.com', source: 'publicOrigin' };
    const { links, origin: used } = await mint(await openTask(origin));
    expect(used).toEqual(origin);
    expect(Object.keys(links).sort()).toEqual(['approved', 'rejected']);
    for (const link of Object.values(links))
      expect(link).toMatch(/^https:\/\/flowline\.example\.com\/approve\/[^/]+$/);
  });

  it('says when the links fall back to the listen address (FLOWLINE_PUBLIC_ORIGIN unset)', async () => {
    const origin: LinkOrigin = { url: 'http://127.0.0.1:3000', source: 'listenAddress' };
    const { links, origin: used } = await mint(await openTask(origin));
    expect(used).toEqual(origin);
    for (const link of Object.values(links))
      expect(link.startsWith('http://127.0.0.1:3000/approve/')).toBe(true);
  });

  it('never takes the host from the request: Host and X-Forwarded-Host change nothing', async () => {
    const origin: LinkOrigin = { url: 'http://127.0.0.1:3000', source: 'listenAddress' };
    const taskId = await openTask(origin);
    const { links, origin: used } = await mint(taskId, {
      host: 'attacker.example',
      'x-forwarded-host': 'attacker.example',
      'x-forwarded-proto': 'https',
      forwarded: 'host=attacker.example;proto=https',
    });
    expect(used).toEqual(origin);
    for (const link of Object.values(links)) {
      expect(link).not.toContain('attacker');
      expect(new URL(link).origin).toBe('http://127.0.0.1:3000');
    }
  });

  it('mints links whose path the runtime itself serves', async () => {
    const { links } = await mint(await openTask());
    const preview = await t.app.request(new URL(links['approved']!).pathname);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('Nothing has been decided yet');
  });
});
