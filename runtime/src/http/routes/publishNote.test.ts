import { accessApprovalV1 } from '@flowline/examples';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

describe('publishing with a note and the draft revision seen', () => {
  let t: TestApp;
  const path = '/api/definitions/access-approval';
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer']);
  });
  afterEach(() => t.close());

  async function saveDraft(draftRev: number, name?: string) {
    const definition = { ...(accessApprovalV1 as object), ...(name ? { name } : {}) };
    const saved = await t.call('dan', 'PUT', path, { definition, draftRev });
    expect(saved.status).toBe(200);
    return ((await saved.json()) as { draft: { draftRev: number } }).draft.draftRev;
  }
  const versions = async () =>
    ((await (await t.call('dan', 'GET', `${path}/versions`)).json()) as { items: unknown[] }).items;

  it('keeps the note beside the version, and still publishes with no body at all', async () => {
    const rev = await saveDraft(0);
    const first = await t.call('dan', 'POST', `${path}/publish`, {
      note: 'First cut',
      expectedDraftRev: rev,
    });
    expect(first.status).toBe(201);
    expect((await t.call('dan', 'POST', `${path}/publish`)).status).toBe(201);
    expect(await versions()).toEqual([
      expect.objectContaining({ version: 1, note: 'First cut', publishedBy: 'dan' }),
      expect.not.objectContaining({ note: expect.anything() }),
    ]);
  });

  it('refuses to publish a draft another tab saved since, and publishes nothing', async () => {
    const seen = await saveDraft(0);
    await saveDraft(seen, 'Renamed in another tab');
    const stale = await t.call('dan', 'POST', `${path}/publish`, { expectedDraftRev: seen });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/reload/) });
    expect(await versions()).toEqual([]);
  });

  it('names the field of a bad publish request', async () => {
    await saveDraft(0);
    const tooLong = await t.call('dan', 'POST', `${path}/publish`, { note: 'x'.repeat(1001) });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await tooLong.json())).toContain('note');
    const unknown = await t.call('dan', 'POST', `${path}/publish`, { notes: 'typo' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('notes');
    expect(await versions()).toEqual([]);
  });
});
