import { describeConnectorContract, runAction } from '@flowline/connector-sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmailConnector, email } from './index';
import { idempotencyHeader } from '../network/idempotencyHeader';
import { decisionLinksOf, decodeQuotedPrintable, headerOf, startSmtpPeer, type SmtpPeer } from './smtpPeer';

const loopbackEmail = createEmailConnector({ network: { allowLoopback: true } });
const peers: SmtpPeer[] = [];
const start = async (options?: Parameters<typeof startSmtpPeer>[0]) => {
  const peer = await startSmtpPeer(options);
  peers.push(peer);
  return peer;
};
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

const settingsFor = (peer: SmtpPeer) => ({
  host: peer.host,
  port: peer.port,
  requireTls: false,
  from: 'IT Service Desk <itsm@example.com>',
});

describeConnectorContract(email);

describe('email.sendEmail', () => {
  it('delivers to the recipients with subject, both bodies and the idempotency key', async () => {
    const peer = await start({ login: { username: 'mailer', password: 'smtp-secret' } });
    const result = await runAction(loopbackEmail, 'sendEmail', {
      input: {
        to: ['alice@example.com'],
        cc: ['bob@example.com'],
        subject: 'Laptop ready',
        text: 'Your laptop is ready for pick-up.',
        html: '<p>Your laptop is ready.</p>',
      },
      credentials: { username: 'mailer', password: 'smtp-secret' },
      settings: settingsFor(peer),
      idempotencyKey: 'inst-1:4:0',
    });
    expect(result).toMatchObject({
      ok: true,
      output: { accepted: ['alice@example.com', 'bob@example.com'], rejected: [] },
    });
    const [mail] = peer.messages;
    expect(mail?.user).toBe('mailer');
    expect(mail?.from).toBe('itsm@example.com');
    expect(mail?.recipients).toEqual(['alice@example.com', 'bob@example.com']);
    expect(headerOf(mail?.raw ?? '', 'Subject')).toBe('Laptop ready');
    expect(headerOf(mail?.raw ?? '', idempotencyHeader)).toBe('inst-1:4:0');
    expect(headerOf(mail?.raw ?? '', 'Message-ID')).toMatch(/^<[0-9a-f]{32}@example\.com>$/);
    expect(mail?.raw).toContain('Your laptop is ready for pick-up.');
    expect(mail?.raw).toContain('text/html');
  });

  it('keeps the same Message-ID when a job is retried', async () => {
    const peer = await start();
    const send = () =>
      runAction(loopbackEmail, 'sendEmail', {
        input: { to: ['a@example.com'], subject: 'Hi', text: 'x' },
        settings: settingsFor(peer),
        idempotencyKey: 'job-7',
      });
    const first = await send();
    const second = await send();
    expect(first.ok && second.ok && first.output.messageId === second.output.messageId).toBe(true);
    expect(headerOf(peer.messages[0]?.raw ?? '', 'Message-ID')).toBe(
      headerOf(peer.messages[1]?.raw ?? '', 'Message-ID'),
    );
  });

  it('fails a wrong password permanently, without leaking it', async () => {
    const peer = await start({ login: { username: 'mailer', password: 'smtp-secret' } });
    const result = await runAction(loopbackEmail, 'sendEmail', {
      input: { to: ['a@example.com'], subject: 'Hi', text: 'x' },
      credentials: { username: 'mailer', password: 'wrong-password' },
      settings: settingsFor(peer),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'SMTP_AUTH_FAILED', retryable: false } });
    expect(JSON.stringify(result)).not.toContain('wrong-password');
  });

  it.each([
    [550, 'SMTP_RECIPIENT_REJECTED', false],
    [451, 'SMTP_TEMPORARY_FAILURE', true],
  ])('maps a %i reply to a recipient to %s', async (responseCode, code, retryable) => {
    const peer = await start({ rejectRecipient: { address: 'gone@example.com', responseCode } });
    const result = await runAction(loopbackEmail, 'sendEmail', {
      input: { to: ['gone@example.com'], subject: 'Hi', text: 'x' },
      settings: settingsFor(peer),
    });
    expect(result).toMatchObject({ ok: false, error: { code, retryable } });
  });

  it('times out on a server that never greets, as a retryable failure', async () => {
    const peer = await start({ silent: true });
    const result = await runAction(loopbackEmail, 'sendEmail', {
      input: { to: ['a@example.com'], subject: 'Hi', text: 'x' },
      settings: settingsFor(peer),
      deadline: new Date(Date.now() + 300),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'TIMEOUT', retryable: true } });
  });

  it('refuses 127.0.0.1 before connecting when loopback is not allowed', async () => {
    const peer = await start();
    const result = await runAction(email, 'sendEmail', {
      input: { to: ['a@example.com'], subject: 'Hi', text: 'x' },
      settings: settingsFor(peer),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSRF_BLOCKED', retryable: false } });
    expect(peer.connections).toBe(0);
  });

  it('refuses a host name that resolves to a loopback address', async () => {
    const guarded = createEmailConnector({
      lookup: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]),
    });
    const result = await runAction(guarded, 'sendEmail', {
      input: { to: ['a@example.com'], subject: 'Hi', text: 'x' },
      settings: { host: 'smtp.example.com', port: 587, from: 'x@example.com' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSRF_BLOCKED' } });
  });
});

describe('email.sendApprovalEmail', () => {
  const approveUrl = 'https://flowline.example.com/approve/v1.abc.def?x=1&y=2';
  const rejectUrl = 'https://flowline.example.com/approve/v1.ghi.jkl';
  const moreUrl = 'https://flowline.example.com/approve/v1.mno.pqr';

  it('sends one confirmation link per outcome, as text and as buttons, with the intro escaped', async () => {
    const peer = await start();
    const result = await runAction(loopbackEmail, 'sendApprovalEmail', {
      input: {
        to: ['manager@example.com'],
        subject: 'Approve access to <Payroll>',
        intro: 'Alice asks for access to <Payroll>.\n\nReason: month-end close.',
        choices: [
          { label: 'Approve', url: approveUrl },
          { label: 'Reject', url: rejectUrl },
          { label: 'Ask for <details>', url: moreUrl },
        ],
      },
      settings: settingsFor(peer),
      idempotencyKey: 'inst-9:2:1',
    });
    expect(result.ok).toBe(true);
    const [mail] = peer.messages;
    const body = decodeQuotedPrintable(mail?.raw ?? '');
    expect(mail?.recipients).toEqual(['manager@example.com']);
    expect(headerOf(mail?.raw ?? '', 'Subject')).toBe('Approve access to <Payroll>');
    expect(headerOf(mail?.raw ?? '', idempotencyHeader)).toBe('inst-9:2:1');
    expect(decisionLinksOf(mail?.raw ?? '')).toEqual({
      Approve: approveUrl,
      Reject: rejectUrl,
      'Ask for <details>': moreUrl,
    });
    for (const url of [approveUrl, rejectUrl, moreUrl])
      expect(body).toContain(`href="${url.replace(/&/g, '&amp;')}"`);
    const html = body.slice(body.indexOf('text/html'));
    expect(html).toContain('access to &lt;Payroll&gt;');
    expect(html).toContain('>Ask for &lt;details&gt;</a>');
    expect(html).not.toContain('<Payroll>');
  });

  it('refuses links that are not http(s), and a message without any', async () => {
    const peer = await start();
    const send = (choices: unknown) =>
      runAction(loopbackEmail, 'sendApprovalEmail', {
        input: { to: ['m@example.com'], subject: 'x', intro: 'y', choices },
        settings: settingsFor(peer),
      });
    expect(await send([{ label: 'Approve', url: 'javascript:alert(1)' }])).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await send([])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(peer.connections).toBe(0);
  });
});
