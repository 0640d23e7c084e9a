import { defineAction } from '@flowline/connector-sdk';
import { z } from 'zod';
import type { HostGuardOptions } from '../../network/hostGuard';
import { approvalMessage } from '../approvalMessage';
import { EmailSettingsSchema, smtpLogin } from '../emailSettings';
import { RecipientsSchema, SentMailSchema, SubjectSchema } from '../mailSchemas';
import { sendSmtpMessage } from '../sendSmtpMessage';

const LinkSchema = z.url({ protocol: /^https?$/ });

/** Built per network policy, like sendEmail. */
export function defineSendApprovalEmail(guard: HostGuardOptions) {
  return defineAction({
    id: 'sendApprovalEmail',
    title: 'Send approval e-mail',
    description:
      'Sends an approval request with Approve and Reject links. The links come from the runtime (signed, single-use) and open a confirmation page; opening one never decides.',
    credentials: smtpLogin,
    settings: EmailSettingsSchema,
    timeout: '60s',
    input: z.object({
      to: RecipientsSchema.meta({ title: 'To' }),
      cc: RecipientsSchema.optional().meta({ title: 'Cc' }),
      subject: SubjectSchema,
      intro: z
        .string()
        .min(1)
        .max(20_000)
        .meta({ title: 'Introduction', description: 'What is being approved' }),
      approveUrl: LinkSchema.meta({ title: 'Approve link' }),
      rejectUrl: LinkSchema.meta({ title: 'Reject link' }),
    }),
    output: SentMailSchema,
    run: (ctx, input) => sendSmtpMessage(ctx, { ...input, ...approvalMessage(input) }, guard),
  });
}
