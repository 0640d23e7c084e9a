import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

describe("a workflow's retention policy through the API", () => {
  let t: TestApp;
  const read = async <T>(response: Response, status: number): Promise<T> => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const path = '/api/definitions/kept/retention';

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('dora', ['designer']);
    const definition = aWorkflow('kept').nodes(n.trigger(), n.end('done')).edges('start -> done').document();
    await read(await t.call('dora', 'PUT', '/api/definitions/kept', { definition, draftRev: 0 }), 200);
  });
  afterAll(() => t.close());

  it('shows the global policy until the workflow has its own, which then takes effect', async () => {
    const off = { endedInstancesDays: null, mode: 'delete' };
    expect(await read(await t.call('ada', 'GET', path), 200)).toEqual({
      workflowId: 'kept',
      global: off,
      effective: off,
    });
    const set = await read(
      await t.call('ada', 'PUT', path, { endedInstancesDays: 90, mode: 'archive' }),
      200,
    );
    expect(set).toMatchObject({
      own: { endedInstancesDays: 90, mode: 'archive', updatedBy: 'ada', updatedByName: 'ada' },
      effective: { endedInstancesDays: 90, mode: 'archive' },
    });
    expect(await t.rt.store.getRetentionPolicy('kept')).toMatchObject({
      endedInstancesDays: 90,
      mode: 'archive',
    });
    // Without a mode, the global mode; null keeps the workflow's instances forever.
    expect(await read(await t.call('ada', 'PUT', path, { endedInstancesDays: null }), 200)).toMatchObject({
      effective: { endedInstancesDays: null, mode: 'delete' },
    });
    await read(await t.call('ada', 'DELETE', path), 204);
    expect(await read(await t.call('ada', 'GET', path), 200)).not.toHaveProperty('own');
    await read(await t.call('ada', 'DELETE', path), 404);
  });

  it('refuses a bad policy field by field, and changes nothing', async () => {
    const refused = await read<{ code: string; issues: { path: string }[] }>(
      await t.call('ada', 'PUT', path, { endedInstancesDays: 0, mode: 'shred', extra: 1 }),
      400,
    );
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.issues.map((issue) => issue.path).sort()).toEqual(
      expect.arrayContaining(['endedInstancesDays', 'mode']),
    );
    await read(await t.call('ada', 'PUT', path, {}), 400);
    expect(await t.rt.store.getRetentionPolicy('kept')).toBeNull();
  });

  it('answers 404 for a workflow that does not exist, and only admins may set a policy', async () => {
    await read(await t.call('ada', 'PUT', '/api/definitions/nope/retention', { endedInstancesDays: 1 }), 404);
    await read(await t.call('ada', 'GET', '/api/definitions/nope/retention'), 404);
    await read(await t.call('dora', 'PUT', path, { endedInstancesDays: 1 }), 403);
    expect(await t.rt.store.getRetentionPolicy('kept')).toBeNull();
  });
});
