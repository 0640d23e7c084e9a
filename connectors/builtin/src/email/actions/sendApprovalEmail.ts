import { defineAction } from '@flowline/connector-sdk';
import { z } from 'zod';
import type { HostGuardOptions } from '../../network/hostGuard';
import { approvalMessage } from '../approvalMessage';
import { EmailSettingsSchema, smtpLogin } from '../emailSettings';
import { RecipientsSchema, SentMailSchema, SubjectSchema } from '../mailSchemas';
import { sendSmtpMessage } from '../sendSmtpMessage';

const ChoiceSchema = z.object({
  label: z
    .string()
    .min(1)
    .max(100)
    .refine((s) => !/[\r\n:]/.test(s), 'A single line without a colon')
    .meta({ title: 'Label', description: 'What the approver chooses, e.g. "Approve"' }),
  url: z.url({ protocol: /^https?$/ }).meta({ title: 'Link' }),
});

/** Built per network policy, like sendEmail. */
export function defineSendApprovalEmail(guard: HostGuardOptions) {
  return defineAction({
    id: 'sendApprovalEmail',
    title: 'Send approval e-mail',
    description:
      'Sends an approval request with one link per outcome (Approve, Reject, or the approval’s own). The links come from the runtime (signed, single-use) and open a confirmation page; opening one never decides.',
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
      choices: z
        .array(ChoiceSchema)
        .min(1)
        .max(10)
        .meta({ title: 'Decisions', description: 'One signed link per outcome, in the order shown' }),
    }),
    output: SentMailSchema,
    run: (ctx, input) => sendSmtpMessage(ctx, { ...input, ...approvalMessage(input) }, guard),
  });
}
