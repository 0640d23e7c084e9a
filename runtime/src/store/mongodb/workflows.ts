import type { Document } from 'mongodb';
import { draftDeletion, StoreError } from '../errors';
import { decodeCursor, toPage } from '../pageCursor';
import type { WorkflowStore } from '../port';
import type { JsonObject } from '../schemas/common';
import type { PublishedVersionRef, WorkflowDraft, WorkflowVersion } from '../schemas/workflow';
import type { MongoContext } from './context';
import { isDuplicateKey, toStoreError, withRetry } from './errors';
import { fromText, present, toText } from './json';
import { type SequencedLog, append, readLog } from './sequence';

export const DRAFTS = 'workflow_drafts';
export const VERSIONS = 'workflow_versions';

/** The order of publications: a sequenced log (sequence.ts) `{_id: seq, key, workflowId, version, publishedAt}`. */
export const PUBLICATION_LOG: SequencedLog = { collection: 'publications', counter: 'publications' };

/** workflow_drafts: `{_id: workflowId, name, definition: text, draftRev, updatedAt, updatedBy}` */
export interface DraftDocument extends Document {
  _id: string;
  name: string;
  definition: string;
  draftRev: number;
  updatedAt: number;
  updatedBy: string;
}

/**
 * workflow_versions: `{_id: '<workflowId>@<version>', workflowId, version, definition: text,
 * publishedAt, publishedBy, note?, announce?: true}`; `announce` is set until the publication is in
 * the publication log (a crash between the two writes is finished by the next reader).
 */
export interface VersionDocument extends Document {
  _id: string;
  workflowId: string;
  version: number;
  definition: string;
  publishedAt: number;
  publishedBy: string;
  note?: string;
  announce?: true;
}

const fromDraft = (doc: DraftDocument): WorkflowDraft => ({
  workflowId: doc._id,
  name: doc.name,
  definition: fromText<JsonObject>(doc.definition, 'definition'),
  draftRev: doc.draftRev,
  updatedAt: doc.updatedAt,
  updatedBy: doc.updatedBy,
});

const fromVersion = (doc: VersionDocument): WorkflowVersion =>
  present<WorkflowVersion>({
    workflowId: doc.workflowId,
    version: doc.version,
    definition: fromText<JsonObject>(doc.definition, 'definition'),
    publishedAt: doc.publishedAt,
    publishedBy: doc.publishedBy,
    note: doc.note,
  });

export const versionId = (workflowId: string, version: number): string => `${workflowId}@${version}`;

export function mongoWorkflows(context: MongoContext): WorkflowStore {
  const drafts = () => context.db.collection<DraftDocument>(DRAFTS);
  const versions = () => context.db.collection<VersionDocument>(VERSIONS);
  const { writeConcern } = context.consistency;
  const readConcern = { level: context.consistency.readConcern };

  async function announce(
    doc: Pick<VersionDocument, 'workflowId' | 'version' | 'publishedAt'>,
  ): Promise<void> {
    const key = versionId(doc.workflowId, doc.version);
    await append(context, PUBLICATION_LOG, [
      { key, fields: { workflowId: doc.workflowId, version: doc.version, publishedAt: doc.publishedAt } },
    ]);
    await withRetry('Publishing a version', () =>
      versions().updateOne({ _id: key }, { $unset: { announce: '' } }, { writeConcern }),
    );
  }

  return {
    async saveDraft({ expectedDraftRev, ...draft }) {
      const fields = {
        name: draft.name,
        definition: toText(draft.definition),
        draftRev: expectedDraftRev + 1,
        updatedAt: draft.updatedAt,
        updatedBy: draft.updatedBy,
      };
      // One single-document write is its own compare-and-set: insert when new, else update from the expected rev.
      let changed: boolean;
      try {
        if (expectedDraftRev === 0) {
          changed = await drafts()
            .insertOne({ _id: draft.workflowId, ...fields }, { writeConcern })
            .then(() => true)
            .catch((error: unknown) => {
              if (isDuplicateKey(error)) return false;
              throw error;
            });
        } else {
          const result = await drafts().updateOne(
            { _id: draft.workflowId, draftRev: expectedDraftRev },
            { $set: fields },
            { writeConcern },
          );
          changed = result.matchedCount > 0;
        }
      } catch (error) {
        throw toStoreError(error, `Saving the draft of ${draft.workflowId}`);
      }
      if (!changed)
        throw new StoreError(
          'CONFLICT',
          `The draft of ${draft.workflowId} changed since revision ${expectedDraftRev}; reload it and save again.`,
        );
      return { ...draft, draftRev: expectedDraftRev + 1 };
    },

    async getDraft(workflowId) {
      const doc = await drafts().findOne({ _id: workflowId }, { readConcern });
      return doc ? fromDraft(doc) : null;
    },

    async deleteDraft(workflowId, expectedDraftRev) {
      const published = () =>
        versions()
          .findOne({ workflowId }, { projection: { _id: 1 }, readConcern })
          .then(Boolean);
      try {
        if (await published()) throw draftDeletion.published(workflowId);
        const doc = await drafts().findOne({ _id: workflowId }, { readConcern });
        if (!doc) throw draftDeletion.missing(workflowId);
        if (doc.draftRev !== expectedDraftRev) throw draftDeletion.stale(workflowId, expectedDraftRev);
        const { deletedCount } = await drafts().deleteOne(
          { _id: workflowId, draftRev: expectedDraftRev },
          { writeConcern },
        );
        if (deletedCount === 0) throw draftDeletion.stale(workflowId, expectedDraftRev);
        // No transaction spans the two collections: a publish (on another replica) that read the
        // draft before it went may have stored its version meanwhile. Then the draft comes back,
        // as it was, and the deletion is refused (the publisher restores it in the other order).
        if (await published()) {
          await drafts()
            .insertOne(doc, { writeConcern })
            .catch((error: unknown) => {
              if (!isDuplicateKey(error)) throw error;
            });
          throw draftDeletion.published(workflowId);
        }
      } catch (error) {
        if (error instanceof StoreError) throw error;
        throw toStoreError(error, `Deleting the draft of ${workflowId}`);
      }
    },

    async listDrafts({ limit, cursor }) {
      const after = cursor === undefined ? undefined : decodeCursor(cursor).id;
      const docs = await drafts()
        .find(after === undefined ? {} : { _id: { $gt: after } }, { readConcern })
        .sort({ _id: 1 })
        .limit(limit + 1)
        .toArray();
      return toPage(docs.map(fromDraft), limit, (draft) => ({ at: 0, id: draft.workflowId }));
    },

    async publishVersion(version) {
      const doc = present<VersionDocument>({
        _id: versionId(version.workflowId, version.version),
        workflowId: version.workflowId,
        version: version.version,
        definition: toText(version.definition),
        publishedAt: version.publishedAt,
        publishedBy: version.publishedBy,
        note: version.note,
        announce: true,
      });
      try {
        await versions().insertOne(doc, { writeConcern });
      } catch (error) {
        if (!isDuplicateKey(error)) throw toStoreError(error, `Publishing ${doc._id}`);
        throw new StoreError(
          'CONFLICT',
          `Version ${version.version} of ${version.workflowId} is already published; versions are immutable.`,
          { cause: error },
        );
      }
      await announce(doc);
    },

    async getVersion(workflowId, version) {
      const doc = await versions().findOne({ workflowId, version }, { readConcern });
      return doc ? fromVersion(doc) : null;
    },

    async getLatestVersion(workflowId) {
      const doc = await versions()
        .find({ workflowId }, { readConcern })
        .sort({ version: -1 })
        .limit(1)
        .next();
      return doc ? fromVersion(doc) : null;
    },

    async getLatestVersionNumber(workflowId) {
      const doc = await versions()
        .find({ workflowId }, { readConcern, projection: { version: 1 } })
        .sort({ version: -1 })
        .limit(1)
        .next();
      return doc ? doc.version : null;
    },

    async listPublishedSince(afterSeq, limit) {
      // Publications a crash left unannounced are announced by whoever reads next.
      const left = await versions()
        .find({ announce: true }, { projection: { workflowId: 1, version: 1, publishedAt: 1 } })
        .limit(100)
        .toArray();
      for (const doc of left) await announce(doc);
      const entries = await readLog(context, PUBLICATION_LOG, afterSeq, limit);
      return entries.map((entry): PublishedVersionRef => ({
        workflowId: entry['workflowId'] as string,
        version: entry['version'] as number,
        publishedAt: entry['publishedAt'] as number,
        seq: entry._id,
      }));
    },

    async listVersions(workflowId) {
      const docs = await versions().find({ workflowId }, { readConcern }).sort({ version: 1 }).toArray();
      return docs.map(fromVersion);
    },
  };
}
