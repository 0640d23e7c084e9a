import { createHash } from 'node:crypto';
import { permanent } from '@flowline/connector-sdk';

import { idempotencyHeader } from '../network/idempotencyHeader';

/**
 * A stable Message-ID for one job. The key itself may hold characters a Message-ID cannot (`:`),
 * so the ID carries its hash; the raw key travels in its own header. Retries send the same ID,
 * which lets mail systems that de-duplicate on Message-ID drop the copy.
 */
export function messageIdentity(idempotencyKey: string, from: string) {
  if (/[\r\n]/.test(idempotencyKey)) {
    throw permanent('INVALID_IDEMPOTENCY_KEY', 'The idempotency key cannot contain line breaks');
  }
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'flowline.invalid';
  const hash = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return { messageId: `<${hash}@${domain}>`, headers: { [idempotencyHeader]: idempotencyKey } };
}
