import { accessApprovalV1 } from '@flowline/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

interface Summary {
  workflowId: string;
  draftRev: number;
  latestVersion: { version: number; publishedAt: number } | null;
  unpublishedChanges: boolean;
}

// The designer's workflow list shows each draft's newest version and whether it has unpublished edits.
describe('GET /api/definitions: where each draft stands against its published versions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer']);
  });
  afterAll(() => t.close());

  const summary = async (id: string): Promise<Summary> => {
    const list = (await (await t.call('dan', 'GET', '/api/definitions')).json()) as { items: Summary[] };
    return list.items.find((item) => item.workflowId === id)!;
  };
  const definition = structuredClone(accessApprovalV1) as { name: string };

  it('says never published, then published, then changed since', async () => {
    await t.call('dan', 'PUT', '/api/definitions/access-approval', { definition, draftRev: 0 });
    expect(await summary('access-approval')).toMatchObject({ latestVersion: null, unpublishedChanges: true });

    await t.call('dan', 'POST', '/api/definitions/access-approval/publish');
    expect(await summary('access-approval')).toMatchObject({
      latestVersion: { version: 1 },
      unpublishedChanges: false,
    });

    const changed = { ...definition, name: 'Access request (edited)' };
    await t.call('dan', 'PUT', '/api/definitions/access-approval', { definition: changed, draftRev: 1 });
    expect(await summary('access-approval')).toMatchObject({
      latestVersion: { version: 1 },
      unpublishedChanges: true,
    });

    // Saving the published content again is no change (compared by content, not by time).
    await t.call('dan', 'PUT', '/api/definitions/access-approval', { definition, draftRev: 2 });
    expect(await summary('access-approval')).toMatchObject({ unpublishedChanges: false });
  });
});
