import { defineAction } from '@flowline/connector-sdk';
import { z } from 'zod';
import type { HostGuardOptions } from '../../network/hostGuard';
import { EmailSettingsSchema, smtpLogin } from '../emailSettings';
import { RecipientsSchema, SentMailSchema, SubjectSchema } from '../mailSchemas';
import { sendSmtpMessage } from '../sendSmtpMessage';

/** The action is built per network policy: SMTP sockets are opened here, not by the SDK's client. */
export function defineSendEmail(guard: HostGuardOptions) {
  return defineAction({
    id: 'sendEmail',
    title: 'Send e-mail',
    description: 'Sends a plain-text e-mail, with an optional HTML version, through the SMTP server.',
    credentials: smtpLogin,
    settings: EmailSettingsSchema,
    timeout: '60s',
    input: z.object({
      to: RecipientsSchema.meta({ title: 'To' }),
      cc: RecipientsSchema.optional().meta({ title: 'Cc' }),
      subject: SubjectSchema,
      text: z.string().max(100_000).meta({ title: 'Text' }),
      html: z
        .string()
        .max(200_000)
        .optional()
        .meta({ title: 'HTML', description: 'Optional HTML version of the text' }),
    }),
    output: SentMailSchema,
    run: (ctx, input) => sendSmtpMessage(ctx, input, guard),
  });
}
