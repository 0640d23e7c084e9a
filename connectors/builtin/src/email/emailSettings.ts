import { credential } from '@flowline/connector-sdk';
import { z } from 'zod';

export const EmailSettingsSchema = z.object({
  host: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'A host name or IP address')
    .meta({ title: 'SMTP host', description: 'Checked by the network policy before connecting' }),
  port: z.int().min(1).max(65_535).default(587).meta({ title: 'Port' }),
  secure: z.boolean().default(false).meta({
    title: 'Implicit TLS',
    description: 'On for port 465 (TLS from the start); off to use STARTTLS on 587 or 25',
  }),
  requireTls: z.boolean().default(true).meta({
    title: 'Require encryption',
    description:
      'Refuse to log in or send unless the connection is encrypted; turn off only for a relay on a trusted network',
  }),
  from: z.string().min(3).meta({ title: 'From', description: 'e.g. "IT Service Desk <itsm@example.com>"' }),
});
export type EmailSettings = z.output<typeof EmailSettingsSchema>;

/**
 * SMTP login, or nothing for a relay that accepts mail without one. One `custom` credential with
 * optional fields covers both, since a connector has exactly one credential kind.
 */
export const smtpLogin = credential.custom(
  z
    .object({
      username: z
        .string()
        .min(1)
        .optional()
        .meta({ title: 'Username', description: 'Leave empty for no login' }),
      password: z.string().min(1).optional().meta({ title: 'Password', writeOnly: true }),
    })
    .refine((v) => (v.username === undefined) === (v.password === undefined), {
      message: 'Give both a user name and a password, or neither',
    }),
  { describe: 'SMTP user name and password, or none for an open relay' },
);
