import type { ActionContext } from '@flowline/connector-sdk';
import { isIP } from 'node:net';
import { vetHost, type HostGuardOptions } from '../network/hostGuard';
import type { EmailSettings } from './emailSettings';

export type SmtpContext = ActionContext<
  { username?: string | undefined; password?: string | undefined },
  EmailSettings
>;

const maxStageMs = 30_000;

/**
 * Opens a nodemailer SMTP transport the way the SDK's HTTP client opens sockets: the host first
 * goes through the SSRF guard (SMTP is not HTTP, so the SDK client cannot carry it), the socket
 * connects to exactly the vetted address, and TLS still verifies the certificate against the
 * configured host name. The transport closes when the attempt is aborted.
 */
export async function openSmtpTransport(ctx: SmtpContext, guard: HostGuardOptions) {
  const { settings, credentials } = ctx;
  const target = await vetHost(settings.host, guard);
  const servername = isIP(target.hostname) === 0 ? target.hostname : undefined;
  // Each stage is bounded here; the attempt's deadline is the SDK's signal, which closes the
  // transport (the deadline comes from the runtime's clock, which need not be this process's).
  const stageMs = maxStageMs;
  // Loaded on the first mail: importing nodemailer costs every runtime process about 14 MB of RSS.
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    host: target.address,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls && !settings.secure,
    ...(servername === undefined ? {} : { servername, tls: { servername } }),
    ...(credentials.username === undefined
      ? {}
      : { auth: { user: credentials.username, pass: credentials.password ?? '' } }),
    connectionTimeout: stageMs,
    greetingTimeout: stageMs,
    socketTimeout: stageMs,
    // Bodies are our own text; nothing in a mail may make the worker read files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const abort = () => transport.close();
  ctx.signal.addEventListener('abort', abort, { once: true });
  return {
    transport,
    close() {
      ctx.signal.removeEventListener('abort', abort);
      transport.close();
    },
  };
}
