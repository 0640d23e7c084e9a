import { z } from 'zod';
import { ExpressionSchema } from '../identifiers';

/**
 * A boundary-style cancel on a waiting node (approval, manual task, wait): when the named event
 * reaches the instance while the node waits, the node is cancelled (its tasks withdrawn, its
 * timers dropped) and the instance follows the node's `cancelled` exit.
 */
export const CancelOnSchema = z
  .object({
    event: z
      .string()
      .min(1)
      .max(200)
      .meta({ description: 'The event that cancels the waiting node, e.g. request.withdrawn' }),
    correlationKey: ExpressionSchema.optional().meta({
      description:
        'Only an event carrying this key cancels it; with one, POST /api/events reaches it too. Without, only events sent to the instance do',
    }),
  })
  .meta({
    title: 'Cancel on event',
    description: 'Cancels the waiting node when this event arrives and takes its cancelled exit',
  });

export type CancelOn = z.infer<typeof CancelOnSchema>;

/** The handle a cancelled node leaves by. */
export const CANCELLED_HANDLE = 'cancelled';
