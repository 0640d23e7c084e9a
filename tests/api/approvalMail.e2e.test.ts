import { decisionLinksOf, headerOf, startSmtpPeer, type SmtpPeer } from '@flowline/connectors/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { seedUsers } from '../support/runtimeInternals';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const PASSWORD = 'correct horse battery staple';
const FORM = { system: 'crm', accessLevel: 'read', justification: 'New role', manager: 'maria' };

describe('an approval decided from the e-mail it sent', () => {
  const data = createTempDir('mail');
  let smtp: SmtpPeer;
  let runtime: RuntimeProcess;
  let admin: ApiClient;
  let maria: ApiClient;

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    await seedUsers(data.path, [
      { id: 'admin', email: 'admin@localhost', password: PASSWORD, roles: ['admin'] },
      { id: 'maria', email: 'maria@example.test', password: PASSWORD, roles: ['approver'] },
    ]);
    runtime = await startRuntime({ dataDir: data.path, seedExamples: true });
    admin = createApiClient(runtime.url);
    maria = createApiClient(runtime.url);
    await admin.signIn('admin@localhost', PASSWORD);
    await maria.signIn('maria@example.test', PASSWORD);
    const saved = await admin.put('/api/connections/email/default', {
      settings: {
        host: smtp.host,
        port: smtp.port,
        requireTls: false,
        from: 'Flowline <flowline@example.test>',
      },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  });

  afterAll(async () => {
    await killAllRuntimes();
    await smtp?.close();
    data.remove();
  });

  it('reaches the SMTP server through the real e-mail connector; its links confirm, then decide', async () => {
    // Someone else asks: the requester may not approve their own request.
    const started = await admin.post<{ id: string }>('/api/instances', {
      workflowId: 'access-approval',
      input: FORM,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const instancePath = `/api/instances/${encodeURIComponent(started.body.id)}`;

    const mail = await pollUntil(
      'the approval e-mail',
      async () => smtp.messages.find((m) => m.recipients.includes('maria@example.test')),
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(headerOf(mail.raw, 'Subject')).toBe('Approval needed: Access request');
    const links = decisionLinksOf(mail.raw);
    expect(Object.keys(links)).toEqual(['Approve', 'Reject']);
    expect(links['Approve']!.startsWith(`${runtime.url}/approve/`)).toBe(true);

    // Opening the link (as a mail scanner would) shows a confirmation page and decides nothing.
    const page = await fetch(links['Approve']!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Nothing has been decided yet');
    expect((await admin.get<{ status: string }>(instancePath)).body.status).toBe('running');

    // The confirmation page's form posts back to the same URL.
    const decided = await fetch(links['Approve']!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ comment: 'Fine by me' }).toString(),
    });
    expect(decided.status, await decided.text()).toBe(200);
    const done = await admin.get<{ status: string; history: { type: string; actor?: string }[] }>(
      instancePath,
    );
    expect(done.body.status).toBe('completed');
    expect(done.body.history.some((h) => h.type === 'task.decided' && h.actor === 'maria')).toBe(true);

    // The other link was for the same task: it is spent.
    const late = await fetch(links['Reject']!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'comment=changed+my+mind',
    });
    expect(late.status).toBe(409);
  });
});
