import { z } from 'zod';
import { EpochMsSchema, JsonSchema } from './common';
import { StoreEffectSchema } from './effect';
import { NewHistoryEntrySchema } from './history';

export const InstanceStatusSchema = z.enum(['running', 'completed', 'rejected', 'failed', 'cancelled']);
export type InstanceStatus = z.infer<typeof InstanceStatusSchema>;

/**
 * Something the instance asked the runtime to do. The id is deterministic (`instanceId:rev:n`) so a
 * re-dispatch after a crash is recognisable; the rest is the engine's payload, opaque to the store.
 */
export const CommandSchema = z.looseObject({ id: z.string().min(1), type: z.string().min(1) });
export type Command = z.infer<typeof CommandSchema>;

export const InstanceErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
});
export type InstanceError = z.infer<typeof InstanceErrorSchema>;

export const InstanceSchema = z.object({
  id: z.string().min(1),
  workflowId: z.string().min(1),
  version: z.number().int().min(1),
  status: InstanceStatusSchema,
  /**
   * The engine's state (plain JSON by the engine's contract), kept and given back as it is: its
   * shape belongs to the engine, which checks it on the way back (isPersistedState).
   */
  snapshot: z.unknown(),
  /** Compare-and-set counter: every committed step adds one. */
  rev: z.number().int().nonnegative(),
  input: JsonSchema,
  outcome: z.string().optional(),
  output: JsonSchema.optional(),
  error: InstanceErrorSchema.optional(),
  currentNodes: z.array(z.string()),
  correlationKeys: z.array(z.string()),
  /** How many nodes wait for an operator (retry or cancel); absent when none. */
  openIncidents: z.number().int().min(1).optional(),
  parent: z
    .object({
      instanceId: z.string(),
      childKey: z.string(),
      /** The instance at the top of the tree (started by a person or trigger), for tree-wide limits. */
      rootId: z.string().optional(),
      /** Levels below the root: 1 for a root's child. Absent on children stored before it. */
      depth: z.number().int().min(1).optional(),
    })
    .optional(),
  startedBy: z.string().optional(),
  /**
   * What operators know the run by (a ticket number, an employee's email): given at start or
   * computed by the workflow's business key expression; never changed after.
   */
  businessKey: z.string().optional(),
  createdAt: EpochMsSchema,
  updatedAt: EpochMsSchema,
  /** Commands committed but not yet dispatched, oldest first. */
  outbox: z.array(CommandSchema),
});
export type Instance = z.infer<typeof InstanceSchema>;

/** What listings return: the document without its (possibly large) snapshot and outbox. */
export const InstanceSummarySchema = InstanceSchema.omit({ snapshot: true, outbox: true });
export type InstanceSummary = z.infer<typeof InstanceSummarySchema>;

export const InstanceFilterSchema = z.object({
  workflowId: z.string().optional(),
  status: InstanceStatusSchema.optional(),
  startedBy: z.string().optional(),
  /** Only instances of this version (meaningful with `workflowId`). */
  version: z.number().int().min(1).optional(),
  /** Started at or after this time (ms since epoch). */
  createdFrom: EpochMsSchema.optional(),
  /** Started before this time (ms since epoch). */
  createdTo: EpochMsSchema.optional(),
  /**
   * Only instances the user started, or with a task that is or was theirs: assigned to them or to
   * one of `groups`, handed on by them (`delegatedFrom`), or decided by them (auth/instanceScope.ts
   * `taskInvolves` says the same in code).
   */
  involving: z.object({ userId: z.string(), groups: z.array(z.string()) }).optional(),
  /** Only instances with (true) or without (false) an open incident. */
  hasIncident: z.boolean().optional(),
  /** Only instances with exactly this business key. */
  businessKey: z.string().optional(),
  /** Only instances whose business key starts with this text (case-sensitive, as stored). */
  businessKeyPrefix: z.string().min(1).optional(),
});
export type InstanceFilter = z.infer<typeof InstanceFilterSchema>;

/** The fields one step replaces; optional ones keep their stored value when absent. */
export const InstanceChangeSchema = z.object({
  snapshot: z.unknown(),
  status: InstanceStatusSchema,
  currentNodes: z.array(z.string()),
  correlationKeys: z.array(z.string()),
  updatedAt: EpochMsSchema,
  outcome: z.string().optional(),
  output: JsonSchema.optional(),
  error: InstanceErrorSchema.optional(),
  /** How many nodes wait for an operator after the step (0 clears it); absent keeps the stored count. */
  openIncidents: z.number().int().min(0).optional(),
});
export type InstanceChange = z.infer<typeof InstanceChangeSchema>;

export const CommitStepSchema = z.object({
  instanceId: z.string().min(1),
  expectedRev: z.number().int().nonnegative(),
  set: InstanceChangeSchema,
  commands: z.array(CommandSchema),
  history: z.array(NewHistoryEntrySchema),
  /** Applied with the step, only when it wins its rev check (see StoreEffectSchema). */
  effects: z.array(StoreEffectSchema).optional(),
  /** The step raised an incident (the instance now waits for an operator): told on the change feed. */
  incident: z.boolean().optional(),
});
export type CommitStep = z.infer<typeof CommitStepSchema>;

export const CommitResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), rev: z.number().int() }),
  /**
   * `conflict`: the rev moved on (load again and retry). `reservation_lost`: a `message.take` of
   * the step names a reservation that is no longer current; retrying the same step cannot win.
   */
  z.object({ ok: z.literal(false), reason: z.enum(['conflict', 'not_found', 'reservation_lost']) }),
]);
export type CommitResult = z.infer<typeof CommitResultSchema>;

export const PendingCommandsSchema = z.object({
  instanceId: z.string(),
  commands: z.array(CommandSchema),
});
export type PendingCommands = z.infer<typeof PendingCommandsSchema>;
