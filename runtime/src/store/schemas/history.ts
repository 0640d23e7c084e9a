import { z } from 'zod';
import { EpochMsSchema, JsonSchema } from './common';

/** What a caller hands in; the store assigns `seq` and the hash chain. */
export const NewHistoryEntrySchema = z.object({
  at: EpochMsSchema,
  type: z.string().min(1),
  nodeId: z.string().optional(),
  actor: z.string().optional(),
  data: JsonSchema,
  /** Where the step left the instance: the nodes it waits in, and the commands it gave. */
  step: z.object({ activeNodes: z.array(z.string()), commands: z.array(z.string()) }).optional(),
});
export type NewHistoryEntry = z.infer<typeof NewHistoryEntrySchema>;

export const HistoryEntrySchema = NewHistoryEntrySchema.extend({
  instanceId: z.string(),
  /** 1, 2, 3… per instance, without gaps. */
  seq: z.number().int().min(1),
  prevHash: z.string(),
  /** SHA-256 (hex) over prevHash and the canonical JSON of the entry without its hash. */
  hash: z.string(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const HistoryVerdictSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), entries: z.number().int() }),
  z.object({ ok: z.literal(false), brokenAtSeq: z.number().int() }),
]);
export type HistoryVerdict = z.infer<typeof HistoryVerdictSchema>;
