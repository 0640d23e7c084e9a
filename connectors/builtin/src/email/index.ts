import { defineConnector } from '@flowline/connector-sdk';
import type { HostGuardOptions } from '../network/hostGuard';
import { defineSendApprovalEmail } from './actions/sendApprovalEmail';
import { defineSendEmail } from './actions/sendEmail';
import { EmailSettingsSchema, smtpLogin } from './emailSettings';
import { verifySmtp } from './sendSmtpMessage';

/**
 * Builds the e-mail connector for one network policy. The SDK hands actions an HTTP client that
 * carries the operator's policy, but nothing for other protocols, so the runtime passes the same
 * policy here when it registers the connector. Default: public addresses only.
 */
export function createEmailConnector(guard: HostGuardOptions = {}) {
  return defineConnector({
    id: 'email',
    title: 'E-mail (SMTP)',
    // 2.0.0: sendApprovalEmail takes one link per outcome (`choices`) instead of approve/reject URLs.
    version: '2.0.0',
    description: 'Send e-mails and approval requests through your SMTP server.',
    credentials: smtpLogin,
    settings: EmailSettingsSchema,
    check: (ctx) => verifySmtp(ctx, guard),
    actions: [defineSendEmail(guard), defineSendApprovalEmail(guard)],
  });
}

export const email = createEmailConnector();
