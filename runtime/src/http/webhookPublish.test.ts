import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';

const fromItsm = (trigger: Record<string, unknown>) =>
  aWorkflow('from-itsm')
    .nodes(
      { id: 'hook', name: 'From the ITSM', kind: 'trigger', trigger: { type: 'webhook', ...trigger } },
      n.end('done'),
    )
    .edges('hook -> done')
    .document();

describe('publishing a webhook-triggered workflow', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer']);
  });
  afterEach(() => t.rt.close());

  async function saveAndPublish(definition: unknown) {
    const saved = await t.call('dan', 'PUT', '/api/definitions/from-itsm', { definition, draftRev: 0 });
    expect(saved.status).toBe(200);
    const published = await t.call('dan', 'POST', '/api/definitions/from-itsm/publish');
    return { saved: (await saved.json()) as { issues: { code: string }[] }, published };
  }

  it('refuses a signature secret this runtime does not have, instead of answering 503 to every call', async () => {
    const { saved, published } = await saveAndPublish(
      fromItsm({ signature: { scheme: 'standard-webhooks', secretName: 'servicenow' } }),
    );
    expect(saved.issues).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_WEBHOOK_SECRET', severity: 'error' }),
    );
    expect(published.status).toBe(422);
    const body = (await published.json()) as {
      issues: { code: string; nodeId: string; path: unknown[]; message: string }[];
    };
    expect(body.issues).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_WEBHOOK_SECRET',
        nodeId: 'hook',
        path: ['nodes', 0, 'trigger', 'signature', 'secretName'],
        message: expect.stringContaining('"servicenow"'),
      }),
    ]);
    expect(await t.rt.store.getLatestVersion('from-itsm')).toBeNull();
  });

  it('publishes with a configured secret, without warnings', async () => {
    const { published } = await saveAndPublish(
      fromItsm({ signature: { scheme: 'standard-webhooks', secretName: 'itsm' } }),
    );
    expect(published.status).toBe(201);
    expect(await published.json()).toEqual({ workflowId: 'from-itsm', version: 1, warnings: [] });
  });

  it('publishes an unsigned webhook but says, on saving and publishing, that anyone can start it', async () => {
    const { saved, published } = await saveAndPublish(fromItsm({}));
    expect(saved.issues).toEqual([
      expect.objectContaining({ code: 'UNSIGNED_WEBHOOK', severity: 'warning' }),
    ]);
    expect(published.status).toBe(201);
    expect(await published.json()).toMatchObject({
      version: 1,
      warnings: [expect.objectContaining({ code: 'UNSIGNED_WEBHOOK', nodeId: 'hook' })],
    });
  });
});
