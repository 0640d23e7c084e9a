import { defineAction, defineConnector, retryable } from '@flowline/connector-sdk';
import { z } from 'zod';

/** An `email` connector that records approval e-mails instead of sending them (runtime tests). */
export function createFakeEmailConnector() {
  const sent: { to: string; subject: string; intro: string; approveUrl: string; rejectUrl: string }[] = [];
  // How many sends fail (retryably) before the relay works again.
  const relay = { failures: 0, attempts: 0 };
  const sendApprovalEmail = defineAction({
    id: 'sendApprovalEmail',
    title: 'Send approval e-mail',
    description: 'Records the e-mail',
    input: z.object({
      to: z.string(),
      subject: z.string(),
      intro: z.string(),
      approveUrl: z.string(),
      rejectUrl: z.string(),
    }),
    output: z.object({ messageId: z.string() }),
    async run(ctx, input) {
      relay.attempts += 1;
      if (relay.failures > 0) {
        relay.failures -= 1;
        throw retryable('RELAY_DOWN', 'The mail relay is not answering');
      }
      if (!sent.some((m) => m.approveUrl === input.approveUrl)) sent.push(input);
      return { messageId: ctx.idempotencyKey };
    },
  });
  return {
    connector: defineConnector({
      id: 'email',
      title: 'E-mail (fake)',
      version: '1.0.0',
      actions: [sendApprovalEmail],
    }),
    sent,
    relay,
  };
}
