import { z } from 'zod';
import { ExpressionSchema } from '../identifiers';

/** The most details one task shows: a summary, not a copy of the request. */
export const TASK_DETAILS_MAX = 20;

/**
 * What a person needs to know to act on a task, beyond its fixed title: label → expression,
 * evaluated when the task is created and shown with it, on its confirmation page and in its
 * e-mail (an approver deciding from a mail sees nothing else of the request).
 */
export const TaskDetailsSchema = z
  .record(z.string().min(1).max(80), ExpressionSchema)
  .refine((details) => Object.keys(details).length <= TASK_DETAILS_MAX, {
    message: `Show at most ${TASK_DETAILS_MAX} details`,
  })
  .meta({
    title: 'Details',
    maxProperties: TASK_DETAILS_MAX,
    description:
      'What the assignee sees with the task and in its e-mail: label → expression, e.g. "New hire" → vars.displayName',
  });
