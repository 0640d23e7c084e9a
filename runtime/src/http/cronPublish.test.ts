import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';

const at = (iso: string) => Date.parse(iso);

const report = (schedule: string) =>
  aWorkflow('hourly-report')
    .nodes(
      {
        id: 'tick',
        name: 'On schedule',
        kind: 'trigger',
        trigger: { type: 'cron', schedule, timezone: 'UTC', catchUp: 'none' },
      },
      n.end('done'),
    )
    .edges('tick -> done')
    .document();

describe('publishing a cron-triggered workflow through the API', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer']);
  });
  afterEach(() => t.rt.close());

  let draftRev = 0;
  async function publishAt(iso: string, definition: unknown) {
    t.rt.clock.set(at(iso));
    const saved = await t.call('dan', 'PUT', '/api/definitions/hourly-report', { definition, draftRev });
    expect(saved.status).toBe(200);
    draftRev += 1;
    const published = await t.call('dan', 'POST', '/api/definitions/hourly-report/publish');
    expect(published.status).toBe(201);
  }
  beforeEach(() => {
    draftRev = 0;
  });

  const started = async () =>
    (await t.rt.store.listInstances({ workflowId: 'hourly-report' }, { limit: 10 })).items
      .map((i) => `${new Date(Number(i.id.split('-').at(-1))).toISOString().slice(11, 16)} v${i.version}`)
      .sort();

  it('fires the first scheduled time after publishing, though the next tick comes after it', async () => {
    await publishAt('2026-01-05T09:59:30Z', report('0 * * * *'));
    await t.cron.tick(at('2026-01-05T10:00:00.005Z'));
    expect(await started()).toEqual(['10:00 v1']);
  });

  it('fires a schedule changed by a new version at its first time, not one fire of the old schedule later', async () => {
    await publishAt('2026-01-05T09:00:00Z', report('0 2 * * *')); // nightly: next fire tomorrow 02:00
    await t.cron.tick(at('2026-01-05T09:00:30Z'));
    await publishAt('2026-01-05T10:20:00Z', report('30 * * * *'));
    await t.cron.tick(at('2026-01-05T10:30:00.005Z'));
    expect(await started()).toEqual(['10:30 v2']);
  });

  it("shows the trigger's state on the definition, and a version that cannot be armed with the reason", async () => {
    await publishAt('2026-01-05T09:00:00Z', report('0 * * * *'));
    const armed = await t.call('dan', 'GET', '/api/definitions/hourly-report');
    expect(await armed.json()).toMatchObject({
      cron: { state: 'armed', version: 1, triggerId: 'tick', schedule: '0 * * * *', timezone: 'UTC' },
    });

    await t.rt.store.publishVersion({
      workflowId: 'hourly-report',
      version: 2,
      definition: { id: 'hourly-report', nodes: 'not a list' },
      publishedAt: t.rt.clock.now(),
      publishedBy: 'someone with database access',
    });
    await t.cron.tick(at('2026-01-05T09:01:00Z'));
    const failed = await t.call('dan', 'GET', '/api/definitions/hourly-report');
    expect(await failed.json()).toMatchObject({
      cron: { state: 'failed', version: 2, error: expect.stringContaining('does not load') },
    });
  });
});
