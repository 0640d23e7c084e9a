import { exampleWorkflows } from '@flowline/examples';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

describe('saving a draft', () => {
  let t: TestApp;
  const path = '/api/definitions/access-approval';
  const example = exampleWorkflows[0]!.definition as { name: string; nodes: Record<string, unknown>[] };
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer']);
  });
  afterEach(() => t.close());

  const put = (definition: unknown, draftRev: number) => t.call('dan', 'PUT', path, { definition, draftRev });
  const stored = async () =>
    (await (await t.call('dan', 'GET', path)).json()) as {
      draft: { draftRev: number; name: string; definition: { name: string } };
      issues: { path: (string | number)[]; message: string }[];
    };

  it('refuses a save from a tab that saw an older revision, and keeps what the other tab saved', async () => {
    expect((await put(example, 0)).status).toBe(200);
    expect((await put({ ...example, name: 'Saved by tab A' }, 1)).status).toBe(200);
    const stale = await put({ ...example, name: 'Saved by tab B' }, 1);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/reload/) });
    const after = await stored();
    expect(after.draft).toMatchObject({ draftRev: 2, name: 'Saved by tab A' });
  });

  it('keeps work in progress that does not follow the format yet, with its issues, and will not publish it', async () => {
    expect((await put(example, 0)).status).toBe(200);
    const unfinished = {
      ...example,
      nodes: [...example.nodes, { id: 'review', name: 'Review', kind: 'approval', assignees: [] }],
    };
    const saved = await put(unfinished, 1);
    expect(saved.status).toBe(200);
    const after = await stored();
    expect(after.draft.draftRev).toBe(2);
    expect(after.issues).toContainEqual(
      expect.objectContaining({ path: ['nodes', example.nodes.length, 'assignees'] }),
    );
    const publish = await t.call('dan', 'POST', `${path}/publish`, { expectedDraftRev: 2 });
    expect(publish.status).toBe(422);
  });

  it('still refuses a document that does not name itself, or names another workflow', async () => {
    for (const definition of [
      { ...example, name: '' },
      { ...example, name: 42 },
      { ...example, id: 'another' },
      { nodes: 'none' },
    ]) {
      const answer = await put(definition, 0);
      expect(answer.status, JSON.stringify(definition).slice(0, 60)).toBe(400);
    }
    expect((await t.call('dan', 'GET', path)).status).toBe(404);
  });
});
