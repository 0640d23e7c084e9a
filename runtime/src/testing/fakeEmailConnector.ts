import { defineAction, defineConnector } from '@flowline/connector-sdk';
import { z } from 'zod';

/** An `email` connector that records approval e-mails instead of sending them (runtime tests). */
export function createFakeEmailConnector() {
  const sent: { to: string; subject: string; intro: string; approveUrl: string; rejectUrl: string }[] = [];
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
  };
}
