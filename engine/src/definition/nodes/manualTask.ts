import { z } from 'zod';
import { DurationOrExpressionSchema } from '../computedDuration';
import { FormFieldSchema } from '../formField';
import { IdentifierSchema } from '../identifiers';
import { nodeBase } from './base';
import { CancelOnSchema } from './cancelOn';
import { TaskDetailsSchema } from './taskDetails';
import { AssigneeSchema, OutcomeSchema } from './approval';

export const DEFAULT_MANUAL_OUTCOMES = [{ id: 'done', label: 'Done' }];

/**
 * Work a person does that is not a decision: a checklist item, or a form to fill ("record the
 * laptop's serial number"). It runs on the approval's task machinery (tasks, signed links,
 * reminders, delegation, due dates), but the first assignee to complete it settles it, and the
 * form's values become the node's result (`nodes.<id>.form`).
 */
export const ManualTaskNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('manualTask'),
    title: z.string().min(1).max(200),
    instructions: z.string().max(4000).optional(),
    details: TaskDetailsSchema.optional(),
    assignees: z.array(AssigneeSchema).min(1, { message: 'Name at least one assignee' }),
    /** The fields the assignee fills when completing the task; checked on completion. */
    form: z.array(FormFieldSchema).default([]),
    /** Ways to finish it, one handle each; `done` unless the task needs more (e.g. `notNeeded`). */
    outcomes: z.array(OutcomeSchema).min(1).default(DEFAULT_MANUAL_OUTCOMES),
    /** Outcomes that must carry a comment. */
    requireCommentOn: z.array(IdentifierSchema).default([]),
    /** When it falls due, the task is withdrawn and the instance follows the `timeout` handle. */
    due: z.object({ after: DurationOrExpressionSchema }).optional(),
    reminders: z
      .object({ every: DurationOrExpressionSchema, max: z.int().min(1).max(20).default(3) })
      .optional(),
    allowDelegation: z.boolean().default(false),
    /** Off by default: the requester may well be the one to do the work (a manager's checklist). */
    segregationOfDuties: z
      .boolean()
      .default(false)
      .meta({ description: 'The requester may not complete the task (off by default)' }),
    cancelOn: CancelOnSchema.optional(),
  })
  .meta({
    title: 'Manual task',
    description: 'Work for a person: a checklist item or a form to fill; one handle per outcome',
  });
