import { createHash, randomUUID } from 'node:crypto';

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/**
 * The id of a message sent to POST /api/events: from the sender's own id when it gave one, so its
 * retry is recognised (buffered once, taken once by each run), else new.
 */
export const eventMessageId = (senderId: string | undefined): string =>
  senderId === undefined ? `event:${randomUUID()}` : `event:${hash(senderId)}`;

/** The id of a kept unsigned webhook call (a signed one is kept under its delivery id). */
export const webhookMessageId = (workflowId: string): string => `webhook:${workflowId}:${randomUUID()}`;
