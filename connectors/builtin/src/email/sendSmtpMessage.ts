import type { HostGuardOptions } from '../network/hostGuard';
import { messageIdentity } from './messageIdentity';
import { openSmtpTransport, type SmtpContext } from './openSmtpTransport';
import { toSmtpError } from './smtpError';

/** What one mail carries, whichever action composed it. */
export interface OutgoingMail {
  readonly to: readonly string[];
  readonly cc?: readonly string[] | undefined;
  readonly subject: string;
  readonly text: string;
  readonly html?: string | undefined;
}

const addressesOf = (list: unknown): string[] =>
  (Array.isArray(list) ? list : []).map((item: unknown) =>
    typeof item === 'object' && item !== null && 'address' in item ? String(item.address) : String(item),
  );

/** Sends one mail with the job's idempotency key in its Message-ID and a header. */
export async function sendSmtpMessage(ctx: SmtpContext, mail: OutgoingMail, guard: HostGuardOptions) {
  const where = `SMTP ${ctx.settings.host}:${ctx.settings.port}`;
  const identity = messageIdentity(ctx.idempotencyKey, ctx.settings.from);
  const smtp = await openSmtpTransport(ctx, guard);
  try {
    const info = await smtp.transport.sendMail({
      from: ctx.settings.from,
      to: [...mail.to],
      ...(mail.cc && mail.cc.length > 0 ? { cc: [...mail.cc] } : {}),
      subject: mail.subject,
      text: mail.text,
      ...(mail.html === undefined ? {} : { html: mail.html }),
      ...identity,
    });
    return {
      messageId: identity.messageId,
      accepted: addressesOf(info.accepted),
      rejected: addressesOf(info.rejected),
    };
  } catch (thrown) {
    throw toSmtpError(thrown, where);
  } finally {
    smtp.close();
  }
}

/** Connects, says EHLO, upgrades to TLS and logs in, without sending anything. */
export async function verifySmtp(ctx: SmtpContext, guard: HostGuardOptions): Promise<void> {
  const smtp = await openSmtpTransport(ctx, guard);
  try {
    await smtp.transport.verify();
  } catch (thrown) {
    throw toSmtpError(thrown, `SMTP ${ctx.settings.host}:${ctx.settings.port}`);
  } finally {
    smtp.close();
  }
}
