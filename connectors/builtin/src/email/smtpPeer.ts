import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerOptions } from 'smtp-server';

/** One message as the peer received it. */
export interface ReceivedMail {
  readonly from: string;
  readonly recipients: readonly string[];
  readonly raw: string;
  readonly user: string | undefined;
}

export interface SmtpPeer {
  readonly host: string;
  readonly port: number;
  readonly messages: readonly ReceivedMail[];
  /** TCP connections accepted, to prove a refused host was never contacted. */
  readonly connections: number;
  /** MAIL FROM commands received: every attempt to send, refused or not. */
  readonly attempts: number;
  /** Answers the next `count` sends with 451 (try again later), as a relay that is down does. */
  failNext(count: number): void;
  close(): Promise<void>;
}

export interface SmtpPeerOptions {
  /** Accepts exactly this login when set; otherwise no login is offered. */
  readonly login?: { readonly username: string; readonly password: string };
  /** Reply to RCPT TO for this address with the given SMTP code. */
  readonly rejectRecipient?: { readonly address: string; readonly responseCode: number };
  /** Never send the greeting (a server that hangs). */
  readonly silent?: boolean;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 that keeps every message it
 * receives. Plain text on purpose: tests set `requireTls: false`, as for a trusted relay.
 */
export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const messages: ReceivedMail[] = [];
  let connections = 0;
  let attempts = 0;
  let failures = 0;
  const { login, rejectRecipient } = options;
  const config: SMTPServerOptions = {
    disabledCommands: login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !login,
    logger: false,
    closeTimeout: 100,
    onConnect(_session, callback) {
      connections += 1;
      if (options.silent) return;
      callback();
    },
    onAuth(auth: SMTPServerAuthentication, _session, callback) {
      if (login && auth.username === login.username && auth.password === login.password) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
      }
    },
    onMailFrom(_address, _session, callback) {
      attempts += 1;
      if (failures > 0) {
        failures -= 1;
        callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
      } else callback();
    },
    onRcptTo(address, _session, callback) {
      if (rejectRecipient?.address === address.address) {
        callback(
          Object.assign(new Error('Recipient refused'), { responseCode: rejectRecipient.responseCode }),
        );
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        messages.push({
          from: from === false ? '' : from.address,
          recipients: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(config);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    messages,
    get connections() {
      return connections;
    },
    get attempts() {
      return attempts;
    },
    failNext(count) {
      failures = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Undoes quoted-printable soft breaks and escapes, enough to search a body for a link. */
export function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * The decision links of an approval mail, by label, read from its text body (`Label: URL` lines),
 * as a person would find them.
 */
export function decisionLinksOf(raw: string): Record<string, string> {
  const decoded = decodeQuotedPrintable(raw);
  const html = decoded.search(/content-type:\s*text\/html/i);
  const text = html < 0 ? decoded : decoded.slice(0, html);
  const links: Record<string, string> = {};
  for (const [, label, url] of text.matchAll(/^([^:\r\n]{1,100}): (https?:\/\/\S+)\r?$/gm)) {
    if (label !== undefined && url !== undefined && !(label in links)) links[label] = url;
  }
  return links;
}

/** The value of the first header with this name (unfolded), or undefined. */
export function headerOf(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}
