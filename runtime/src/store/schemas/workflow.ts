import { z } from 'zod';
import { EpochMsSchema, JsonObjectSchema } from './common';

export const WorkflowDraftSchema = z.object({
  workflowId: z.string().min(1),
  name: z.string(),
  definition: JsonObjectSchema,
  /** Bumped by every save; a save names the rev it was based on (optimistic concurrency). */
  draftRev: z.number().int().positive(),
  updatedAt: EpochMsSchema,
  updatedBy: z.string(),
});
export type WorkflowDraft = z.infer<typeof WorkflowDraftSchema>;

export const SaveDraftSchema = WorkflowDraftSchema.omit({ draftRev: true }).extend({
  /** 0 when creating the draft. */
  expectedDraftRev: z.number().int().nonnegative(),
});
export type SaveDraft = z.infer<typeof SaveDraftSchema>;

export const WorkflowVersionSchema = z.object({
  workflowId: z.string().min(1),
  version: z.number().int().min(1),
  definition: JsonObjectSchema,
  publishedAt: EpochMsSchema,
  publishedBy: z.string(),
  /** What the publisher said about this version ("adds the CAB quorum"), shown in the version list. */
  note: z.string().max(1000).optional(),
});
export type WorkflowVersion = z.infer<typeof WorkflowVersionSchema>;

/** Where a published version stands in the order of publication (for readers that follow changes). */
export const PublishedVersionRefSchema = z.object({
  workflowId: z.string().min(1),
  version: z.number().int().min(1),
  publishedAt: EpochMsSchema,
  /** Increases with every publication, in the order publications become visible. */
  seq: z.number().int().positive(),
});
export type PublishedVersionRef = z.infer<typeof PublishedVersionRefSchema>;
