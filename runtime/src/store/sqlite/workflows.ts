import { draftDeletion, StoreError } from '../errors';
import { decodeCursor, toPage } from '../pageCursor';
import type { WorkflowStore } from '../port';
import type { JsonObject } from '../schemas/common';
import type { PublishedVersionRef, WorkflowDraft, WorkflowVersion } from '../schemas/workflow';
import { isUniqueViolation } from './constraint';
import { createLatestVersions } from './latestVersions';
import type { Row, SqlDatabase } from './database';
import { int, json, text, toJsonText } from './rows';
import type { Writes } from './writeQueue';

const toDraft = (row: Row): WorkflowDraft => ({
  workflowId: text(row, 'workflow_id'),
  name: text(row, 'name'),
  definition: json<JsonObject>(row, 'definition'),
  draftRev: int(row, 'draft_rev'),
  updatedAt: int(row, 'updated_at'),
  updatedBy: text(row, 'updated_by'),
});

const toVersion = (row: Row): WorkflowVersion => ({
  workflowId: text(row, 'workflow_id'),
  version: int(row, 'version'),
  definition: json<JsonObject>(row, 'definition'),
  publishedAt: int(row, 'published_at'),
  publishedBy: text(row, 'published_by'),
  ...(typeof row['note'] === 'string' ? { note: row['note'] } : {}),
});

export function sqliteWorkflows(db: SqlDatabase, writes: Writes): WorkflowStore {
  const latest = createLatestVersions(db);
  return {
    async saveDraft({ expectedDraftRev, ...draft }) {
      const params = {
        workflowId: draft.workflowId,
        name: draft.name,
        definition: toJsonText(draft.definition),
        rev: expectedDraftRev + 1,
        expected: expectedDraftRev,
        updatedAt: draft.updatedAt,
        updatedBy: draft.updatedBy,
      };
      // One statement is its own atomic compare-and-set: insert when new, update only from the expected rev.
      const changed = await writes.run(() =>
        expectedDraftRev === 0
          ? db.run(
              `INSERT INTO workflow_drafts (workflow_id, name, definition, draft_rev, updated_at, updated_by)
               VALUES (:workflowId, :name, :definition, :rev, :updatedAt, :updatedBy) ON CONFLICT DO NOTHING`,
              params,
            )
          : db.run(
              `UPDATE workflow_drafts SET name = :name, definition = :definition, draft_rev = :rev,
                 updated_at = :updatedAt, updated_by = :updatedBy
               WHERE workflow_id = :workflowId AND draft_rev = :expected`,
              params,
            ),
      );
      if (changed === 0) {
        throw new StoreError(
          'CONFLICT',
          `The draft of ${draft.workflowId} changed since revision ${expectedDraftRev}; reload it and save again.`,
        );
      }
      return { ...draft, draftRev: expectedDraftRev + 1 };
    },

    async getDraft(workflowId) {
      const row = db.get('SELECT * FROM workflow_drafts WHERE workflow_id = :workflowId', { workflowId });
      return row ? toDraft(row) : null;
    },

    async deleteDraft(workflowId, expectedDraftRev) {
      // Checked and deleted in one write: a publish cannot slip in between.
      const outcome = await writes.run(() => {
        const params = { workflowId };
        if (db.get('SELECT 1 FROM workflow_versions WHERE workflow_id = :workflowId LIMIT 1', params))
          return 'published';
        const row = db.get('SELECT draft_rev FROM workflow_drafts WHERE workflow_id = :workflowId', params);
        if (!row) return 'missing';
        if (int(row, 'draft_rev') !== expectedDraftRev) return 'stale';
        db.run('DELETE FROM workflow_drafts WHERE workflow_id = :workflowId', params);
        return 'deleted';
      });
      if (outcome === 'published') throw draftDeletion.published(workflowId);
      if (outcome === 'missing') throw draftDeletion.missing(workflowId);
      if (outcome === 'stale') throw draftDeletion.stale(workflowId, expectedDraftRev);
    },

    async listDrafts({ limit, cursor }) {
      const after = cursor === undefined ? null : decodeCursor(cursor).id;
      const rows = db.all(
        `SELECT * FROM workflow_drafts WHERE :after IS NULL OR workflow_id > :after
         ORDER BY workflow_id LIMIT :limit`,
        { after, limit: limit + 1 },
      );
      return toPage(rows.map(toDraft), limit, (draft) => ({ at: 0, id: draft.workflowId }));
    },

    async publishVersion(version) {
      await writes.run(() => {
        try {
          db.run(
            // Writers take turns (BEGIN IMMEDIATE), so the order of seq is the order of commits.
            `INSERT INTO workflow_versions (workflow_id, version, definition, published_at, published_by, note, publish_seq)
             VALUES (:workflowId, :version, :definition, :publishedAt, :publishedBy, :note,
                     (SELECT coalesce(max(publish_seq), 0) + 1 FROM workflow_versions))`,
            { ...version, definition: toJsonText(version.definition), note: version.note ?? null },
          );
          latest.forget(version.workflowId);
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          throw new StoreError(
            'CONFLICT',
            `Version ${version.version} of ${version.workflowId} is already published; versions are immutable.`,
            { cause: error },
          );
        }
      });
    },

    async getVersion(workflowId, version) {
      const row = db.get(
        'SELECT * FROM workflow_versions WHERE workflow_id = :workflowId AND version = :version',
        {
          workflowId,
          version,
        },
      );
      return row ? toVersion(row) : null;
    },

    async getLatestVersion(workflowId) {
      const row = db.get(
        'SELECT * FROM workflow_versions WHERE workflow_id = :workflowId ORDER BY version DESC LIMIT 1',
        { workflowId },
      );
      return row ? toVersion(row) : null;
    },

    async getLatestVersionNumber(workflowId) {
      return latest.get(workflowId);
    },

    async listPublishedSince(afterSeq, limit) {
      return db
        .all(
          `SELECT workflow_id, version, published_at, publish_seq FROM workflow_versions
           WHERE publish_seq > :afterSeq ORDER BY publish_seq LIMIT :limit`,
          { afterSeq, limit },
        )
        .map((row): PublishedVersionRef => ({
          workflowId: text(row, 'workflow_id'),
          version: int(row, 'version'),
          publishedAt: int(row, 'published_at'),
          seq: int(row, 'publish_seq'),
        }));
    },

    async listVersions(workflowId) {
      return db
        .all('SELECT * FROM workflow_versions WHERE workflow_id = :workflowId ORDER BY version', {
          workflowId,
        })
        .map(toVersion);
    },
  };
}
