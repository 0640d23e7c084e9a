import { z } from 'zod';

const oneLine = (title: string) =>
  z
    .string()
    .min(1)
    .max(998)
    .refine((s) => !/[\r\n]/.test(s), 'Must be a single line')
    .meta({ title });

export const RecipientsSchema = z.array(z.email()).min(1).max(100);
export const SubjectSchema = oneLine('Subject');

export const SentMailSchema = z.object({
  messageId: z.string().meta({ title: 'Message-ID' }),
  accepted: z.array(z.string()).meta({ title: 'Accepted recipients' }),
  rejected: z.array(z.string()).meta({ title: 'Rejected recipients' }),
});
