import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

describe('deleting a workflow', () => {
  let t: TestApp;
  const draftOf = (id: string) => ({
    ...aWorkflow(id).nodes(n.trigger(), n.end('done')).edges('start -> done').document(),
    name: `Tried ${id}`,
  });
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer']);
    await t.user('maria', ['approver']);
  });
  afterEach(() => t.close());

  const save = (id: string, draftRev = 0) =>
    t.call('dan', 'PUT', `/api/definitions/${id}`, { definition: draftOf(id), draftRev });
  const remove = (id: string, query: string, who = 'dan') =>
    t.call(who, 'DELETE', `/api/definitions/${encodeURIComponent(id)}${query}`);
  const listed = async () =>
    (
      (await (await t.call('dan', 'GET', '/api/definitions')).json()) as { items: { workflowId: string }[] }
    ).items.map((d) => d.workflowId);

  it('deletes a draft never published, from the revision the designer saw, and frees its id', async () => {
    expect((await save('tryout')).status).toBe(200);
    expect((await save('tryout', 1)).status).toBe(200);
    await t.user('ada', ['admin']);
    const policy = { endedInstancesDays: 7, mode: 'delete' };
    expect((await t.call('ada', 'PUT', '/api/definitions/tryout/retention', policy)).status).toBe(200);
    const withoutRev = await remove('tryout', '');
    expect(withoutRev.status).toBe(400);
    expect(await withoutRev.json()).toMatchObject({ issues: [{ path: 'draftRev' }] });
    const stale = await remove('tryout', '?draftRev=1');
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/reload/) });
    expect(await listed()).toContain('tryout');
    expect((await remove('tryout', '?draftRev=2', 'maria')).status).toBe(403);

    const deleted = await remove('tryout', '?draftRev=2');
    expect(deleted.status).toBe(204);
    expect(await listed()).not.toContain('tryout');
    expect((await t.call('dan', 'GET', '/api/definitions/tryout')).status).toBe(404);
    expect((await remove('tryout', '?draftRev=2')).status).toBe(404);
    expect((await save('tryout')).status).toBe(200);
    // The new workflow under the old id does not inherit the deleted one's retention policy.
    expect(await t.rt.store.getRetentionPolicy('tryout')).toBeNull();
  });

  it('refuses to delete a published workflow, whose requests depend on it, and keeps it', async () => {
    expect((await save('live')).status).toBe(200);
    expect((await t.call('dan', 'POST', '/api/definitions/live/publish')).status).toBe(201);
    const refused = await remove('live', '?draftRev=1');
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ message: expect.stringMatching(/published versions/) });
    expect(await listed()).toContain('live');
  });

  it('removes a draft saved under an id the API no longer takes', async () => {
    // Saved before workflow ids were checked on the way in.
    await t.rt.store.saveDraft({
      workflowId: 'Old Draft',
      name: 'Old',
      definition: { id: 'Old Draft', name: 'Old' },
      updatedAt: 0,
      updatedBy: 'dan',
      expectedDraftRev: 0,
    });
    expect((await remove('Old Draft', '?draftRev=1')).status).toBe(204);
    expect(await t.rt.store.getDraft('Old Draft')).toBeNull();
  });

  it('keeps the draft of a workflow published while another replica deleted it', async () => {
    expect((await save('raced')).status).toBe(200);
    // The other replica's deletion lands between this publish's read of the draft and its write.
    const publishVersion = t.rt.store.publishVersion.bind(t.rt.store);
    t.rt.store.publishVersion = async (version) => {
      await t.rt.store.deleteDraft('raced', 1);
      return publishVersion(version);
    };
    expect((await t.call('dan', 'POST', '/api/definitions/raced/publish')).status).toBe(201);
    expect(await t.rt.store.getDraft('raced')).toMatchObject({ name: 'Tried raced' });
    expect(await listed()).toContain('raced');
  });
});
