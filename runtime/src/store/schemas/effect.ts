import { z } from 'zod';
import { EpochMsSchema } from './common';
import { JobResultSchema, NewJobSchema } from './job';
import { LeaseSchema } from './lease';
import { DelegationSchema, NewTaskSchema, TaskDecisionSchema } from './task';
import { NewTimerSchema } from './timer';

/**
 * A change to the store's own records that a step brings with it: enqueue the job it asked for,
 * close the task it was decided by, complete the job whose result it applied. Effects are part of
 * the step: applied with it or not at all, never without it. Each one is idempotent and
 * conditional in the way its single-record method is (an enqueue of an existing id, a completion
 * under a lost lease, a decision on a closed task change nothing and fail nothing), so the step
 * itself never fails because of them.
 */
export const StoreEffectSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('job.enqueue'),
    job: NewJobSchema,
    /** Stored already claimed by this lease: the local worker runs it at once, with no claim. */
    lease: LeaseSchema.optional(),
  }),
  z.object({
    type: z.literal('job.complete'),
    id: z.string().min(1),
    leaseToken: z.string().min(1),
    result: JobResultSchema,
  }),
  z.object({ type: z.literal('job.cancel'), id: z.string().min(1) }),
  z.object({ type: z.literal('timer.schedule'), timer: NewTimerSchema }),
  z.object({ type: z.literal('timer.cancel'), id: z.string().min(1) }),
  /** Under its current lease only, like `markTimerFired`. */
  z.object({ type: z.literal('timer.fired'), id: z.string().min(1), leaseToken: z.string().min(1) }),
  z.object({ type: z.literal('task.create'), task: NewTaskSchema }),
  /**
   * A buffered message taken by the step it caused: only under the reservation `token` names,
   * while it is current (reserved for `instanceId`, not released, not taken). Unlike other
   * effects it fences its step: when the take cannot apply, the whole step is refused
   * (`reservation_lost`) and nothing of it is written.
   */
  z.object({
    type: z.literal('message.take'),
    id: z.string().min(1),
    instanceId: z.string().min(1),
    token: z.string().min(1),
    at: EpochMsSchema,
  }),
  z.object({ type: z.literal('task.decide'), id: z.string().min(1), decision: TaskDecisionSchema }),
  /** Compare-and-set on the task being open and still assigned to `from`, like `delegateTask`. */
  z.object({ type: z.literal('task.delegate'), id: z.string().min(1), ...DelegationSchema.shape }),
  z.object({
    type: z.literal('task.cancel'),
    instanceId: z.string().min(1),
    nodeId: z.string().optional(),
    /** When they closed: statistics count a task closed past its due time as a breach. */
    at: EpochMsSchema.optional(),
  }),
]);
export type StoreEffect = z.infer<typeof StoreEffectSchema>;
