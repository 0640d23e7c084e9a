import { z } from '@hono/zod-openapi';
import type { BufferedMessage } from '../store';

/** What a sender hears of an event kept for a run not waiting yet (events API, webhook `deliver`). */
export const KeptMessageFields = {
  buffered: z
    .boolean()
    .openapi({ description: 'Kept for a run that is not waiting yet (a `ttl` was given)' }),
  message: z
    .object({
      id: z.string(),
      expiresAt: z.number().openapi({ description: 'Kept until then (ms since the epoch)' }),
      taken: z.boolean().openapi({ description: 'A run that began waiting meanwhile took it' }),
    })
    .optional(),
};

export const keptAnswer = (message: BufferedMessage) => ({
  buffered: true,
  message: { id: message.id, expiresAt: message.expiresAt, taken: message.takenAt !== undefined },
});
