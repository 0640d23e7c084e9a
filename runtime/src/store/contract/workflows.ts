import { describe, expect, it } from 'vitest';
import { isStoreError } from '../errors';
import type { SaveDraft, WorkflowVersion } from '../schemas/workflow';
import type { ContractContext } from './context';
import { T0 } from './fixtures';

const draft = (overrides: Partial<SaveDraft> = {}): SaveDraft => ({
  workflowId: 'access-request',
  name: 'Access request',
  definition: { nodes: [], edges: [] },
  updatedAt: T0,
  updatedBy: 'ada',
  expectedDraftRev: 0,
  ...overrides,
});

const version = (n: number, workflowId = 'access-request'): WorkflowVersion => ({
  workflowId,
  version: n,
  definition: { nodes: [{ id: `v${n}` }] },
  publishedAt: T0 + n,
  publishedBy: 'ada',
});

export function describeWorkflows({ store }: ContractContext): void {
  describe('workflow drafts and versions', () => {
    it('creates a draft at revision 1 and saves it again from that revision', async () => {
      const created = await store().saveDraft(draft());
      expect(created.draftRev).toBe(1);
      const saved = await store().saveDraft(
        draft({ expectedDraftRev: 1, name: 'Access request v2', updatedAt: T0 + 5 }),
      );
      expect(saved.draftRev).toBe(2);
      expect(await store().getDraft('access-request')).toEqual({
        workflowId: 'access-request',
        name: 'Access request v2',
        definition: { nodes: [], edges: [] },
        draftRev: 2,
        updatedAt: T0 + 5,
        updatedBy: 'ada',
      });
    });

    it('refuses a draft save based on a stale revision and keeps the stored draft', async () => {
      await store().saveDraft(draft());
      await store().saveDraft(draft({ expectedDraftRev: 1, name: 'first writer' }));
      const stale = store().saveDraft(draft({ expectedDraftRev: 1, name: 'second writer' }));
      await expect(stale).rejects.toSatisfy((error) => isStoreError(error, 'CONFLICT'));
      expect((await store().getDraft('access-request'))?.name).toBe('first writer');
    });

    it('refuses to create a draft that already exists', async () => {
      await store().saveDraft(draft());
      await expect(store().saveDraft(draft())).rejects.toSatisfy((error) => isStoreError(error, 'CONFLICT'));
    });

    it('pages through drafts with a cursor', async () => {
      for (const id of ['a', 'b', 'c']) await store().saveDraft(draft({ workflowId: id }));
      const first = await store().listDrafts({ limit: 2 });
      expect(first.items.map((d) => d.workflowId)).toEqual(['a', 'b']);
      expect(first.nextCursor).not.toBeNull();
      const second = await store().listDrafts({ limit: 2, cursor: first.nextCursor ?? '' });
      expect(second.items.map((d) => d.workflowId)).toEqual(['c']);
      expect(second.nextCursor).toBeNull();
    });

    it('publishes immutable versions and refuses to publish the same version twice', async () => {
      await store().publishVersion(version(1));
      const again = store().publishVersion({ ...version(1), definition: { changed: true } });
      await expect(again).rejects.toSatisfy((error) => isStoreError(error, 'CONFLICT'));
      expect(await store().getVersion('access-request', 1)).toEqual(version(1));
    });

    it("keeps a version's note, and none when it has none", async () => {
      await store().publishVersion({ ...version(1), note: 'Adds the CAB quorum' });
      await store().publishVersion(version(2));
      expect(await store().getVersion('access-request', 1)).toEqual({
        ...version(1),
        note: 'Adds the CAB quorum',
      });
      expect((await store().listVersions('access-request')).map((v) => v.note)).toEqual([
        'Adds the CAB quorum',
        undefined,
      ]);
    });

    it('returns the latest version and lists versions in ascending order', async () => {
      for (const n of [2, 1, 3]) await store().publishVersion(version(n));
      await store().publishVersion(version(9, 'other-workflow'));
      expect((await store().getLatestVersion('access-request'))?.version).toBe(3);
      expect(await store().getLatestVersionNumber('access-request')).toBe(3);
      expect(await store().getLatestVersionNumber('other-workflow')).toBe(9);
      expect((await store().listVersions('access-request')).map((v) => v.version)).toEqual([1, 2, 3]);
    });

    it('lists what was published since a position, in publication order, each once', async () => {
      expect(await store().listPublishedSince(0, 10)).toEqual([]);
      await store().publishVersion(version(1));
      await store().publishVersion(version(1, 'other-workflow'));
      const first = await store().listPublishedSince(0, 10);
      expect(first.map((v) => [v.workflowId, v.version, v.publishedAt])).toEqual([
        ['access-request', 1, T0 + 1],
        ['other-workflow', 1, T0 + 1],
      ]);
      const [a, b] = first.map((v) => v.seq);
      expect(b).toBeGreaterThan(a ?? Infinity);
      const seen = first.at(-1)?.seq ?? 0;
      expect(await store().listPublishedSince(seen, 10)).toEqual([]);
      await store().publishVersion(version(2));
      await store().publishVersion(version(3));
      const page = await store().listPublishedSince(seen, 1);
      expect(page.map((v) => v.version)).toEqual([2]);
      const rest = await store().listPublishedSince(page[0]?.seq ?? 0, 10);
      expect(rest.map((v) => v.version)).toEqual([3]);
    });

    it('lists a version once when publishing it again was refused', async () => {
      await store().publishVersion(version(1));
      await expect(store().publishVersion(version(1))).rejects.toSatisfy((e) => isStoreError(e, 'CONFLICT'));
      const seen = (await store().listPublishedSince(0, 10)).map((v) => v.seq);
      expect(seen).toHaveLength(1);
      await store().publishVersion(version(2));
      expect((await store().listPublishedSince(seen[0] ?? 0, 10)).map((v) => v.version)).toEqual([2]);
    });

    it('deletes a workflow never published, from the revision it was seen at', async () => {
      await store().saveDraft(draft());
      await store().saveDraft(draft({ expectedDraftRev: 1, name: 'edited' }));
      await expect(store().deleteDraft('access-request', 1)).rejects.toSatisfy((error) =>
        isStoreError(error, 'CONFLICT'),
      );
      expect((await store().getDraft('access-request'))?.draftRev).toBe(2);
      await store().deleteDraft('access-request', 2);
      expect(await store().getDraft('access-request')).toBeNull();
      expect((await store().listDrafts({ limit: 10 })).items).toEqual([]);
      await expect(store().deleteDraft('access-request', 2)).rejects.toSatisfy((error) =>
        isStoreError(error, 'NOT_FOUND'),
      );
      // The id is free again.
      expect((await store().saveDraft(draft())).draftRev).toBe(1);
    });

    it('refuses to delete a workflow that has a published version, keeping its draft', async () => {
      await store().saveDraft(draft());
      await store().publishVersion(version(1));
      await expect(store().deleteDraft('access-request', 1)).rejects.toSatisfy(
        (error) => isStoreError(error, 'CONFLICT') && /published/.test((error as Error).message),
      );
      expect((await store().getDraft('access-request'))?.draftRev).toBe(1);
    });

    it('answers null for unknown drafts and versions', async () => {
      expect(await store().getDraft('nope')).toBeNull();
      expect(await store().getVersion('nope', 1)).toBeNull();
      expect(await store().getLatestVersion('nope')).toBeNull();
      expect(await store().getLatestVersionNumber('nope')).toBeNull();
      expect(await store().listVersions('nope')).toEqual([]);
    });
  });
}
