import { decisionLinksOf, headerOf, startSmtpPeer, type SmtpPeer } from '@flowline/connectors/testing';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { seedUsers } from '../support/runtimeInternals';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const PASSWORD = 'correct horse battery staple';

/** HR asks; IT records the new laptop's serial number; the request ends with it. */
const laptop = aWorkflow('laptop-handover')
  .input({ key: 'employee', label: 'Employee', type: 'string', required: true })
  .nodes(
    n.trigger(),
    n.manualTask('serial', {
      title: "Record the laptop's serial number",
      assignees: [{ type: 'group', id: 'it-desk' }],
      form: [
        { key: 'serialNumber', label: 'Serial number', type: 'string', required: true },
        { key: 'ram', label: 'Memory (GB)', type: 'integer', required: true, min: 8 },
      ],
    }),
    n.end('ready', 'completed', {
      employee: 'input.employee',
      serial: 'nodes.serial.form.serialNumber',
      ram: 'nodes.serial.form.ram',
    }),
  )
  .edges('start -> serial', 'serial:done -> ready')
  .document();

describe('a manual task, done from the inbox API and from its e-mail, on a real runtime', () => {
  const data = createTempDir('manual');
  let smtp: SmtpPeer;
  let runtime: RuntimeProcess;
  let hr: ApiClient;
  let ivan: ApiClient;

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    await seedUsers(data.path, [
      { id: 'hr', email: 'hr@example.test', password: PASSWORD, roles: ['admin'] },
      {
        id: 'ivan',
        email: 'ivan@example.test',
        password: PASSWORD,
        roles: ['approver'],
        groups: ['it-desk'],
      },
      { id: 'vic', email: 'vic@example.test', password: PASSWORD, roles: ['viewer'], groups: ['it-desk'] },
    ]);
    runtime = await startRuntime({ dataDir: data.path });
    hr = createApiClient(runtime.url);
    ivan = createApiClient(runtime.url);
    await hr.signIn('hr@example.test', PASSWORD);
    await ivan.signIn('ivan@example.test', PASSWORD);
    const saved = await hr.put('/api/connections/email/default', {
      settings: {
        host: smtp.host,
        port: smtp.port,
        requireTls: false,
        from: 'Flowline <flowline@example.test>',
      },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const draft = await hr.put('/api/definitions/laptop-handover', { definition: laptop, draftRev: 0 });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    const published = await hr.post('/api/definitions/laptop-handover/publish');
    expect(published.status, JSON.stringify(published.body)).toBe(201);
  });

  afterAll(async () => {
    await killAllRuntimes();
    await smtp?.close();
    data.remove();
  });

  async function start(employee: string) {
    const started = await hr.post<{ id: string }>('/api/instances', {
      workflowId: 'laptop-handover',
      input: { employee },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    return started.body.id;
  }

  it('shows in the inbox as a manual task; refuses bad values field by field; completes with good ones', async () => {
    const instanceId = await start('Ada');
    type Inbox = { items: { id: string; kind: string; instanceId: string; canDecide: boolean }[] };
    const task = await pollUntil(
      'the task in the inbox',
      async () => {
        const inbox = await ivan.get<Inbox>('/api/tasks');
        return inbox.body.items.find((t) => t.instanceId === instanceId);
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(task).toMatchObject({ kind: 'manualTask', canDecide: true });
    const decide = `/api/tasks/${encodeURIComponent(task.id)}/decide`;

    const bad = await ivan.post<{ code: string; issues: { path: string }[] }>(decide, {
      outcome: 'done',
      form: { serialNumber: 'PF3A9Z', ram: 4 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i) => i.path)).toEqual(['form.ram']);
    const still = await hr.get<{ status: string }>(`/api/instances/${encodeURIComponent(instanceId)}`);
    expect(still.body.status).toBe('running');

    const done = await ivan.post(decide, { outcome: 'done', form: { serialNumber: 'PF3A9Z', ram: 16 } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const ended = await hr.get<{ status: string; output: unknown }>(
      `/api/instances/${encodeURIComponent(instanceId)}`,
    );
    expect(ended.body).toMatchObject({
      status: 'completed',
      output: { employee: 'Ada', serial: 'PF3A9Z', ram: 16 },
    });
  });

  it('e-mails the group members who may do it a signed link whose page takes the form', async () => {
    const toIvan = () => smtp.messages.filter((m) => m.recipients.includes('ivan@example.test'));
    // The first test's task mailed Ivan too: count from after that mail, so this one is Grace's.
    const before = (
      await pollUntil('the first mail', async () => toIvan()[0] && toIvan(), {
        timeoutMs: 20_000,
        intervalMs: 100,
      })
    ).length;
    const instanceId = await start('Grace');
    const mail = await pollUntil('the task e-mail', async () => toIvan()[before], {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    expect(headerOf(mail.raw, 'Subject')).toBe("Task to do: Record the laptop's serial number");
    // The viewer in the group cannot do it, so gets no mail.
    expect(smtp.messages.some((m) => m.recipients.includes('vic@example.test'))).toBe(false);
    const link = decisionLinksOf(mail.raw)['Done']!;
    expect(link.startsWith(`${runtime.url}/approve/`)).toBe(true);

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="field.serialNumber"');

    const post = (fields: Record<string, string>) =>
      fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const incomplete = await post({ 'field.ram': '32' });
    expect(incomplete.status).toBe(400);
    // The page escapes quotes as HTML does (&#34;).
    expect(await incomplete.text()).toContain('&#34;Serial number&#34; is required');
    const done = await post({ 'field.serialNumber': 'C02XK1', 'field.ram': '32' });
    expect(done.status, await done.text()).toBe(200);
    const ended = await hr.get<{ status: string; output: unknown }>(
      `/api/instances/${encodeURIComponent(instanceId)}`,
    );
    expect(ended.body).toMatchObject({
      status: 'completed',
      output: { employee: 'Grace', serial: 'C02XK1', ram: 32 },
    });
  });
});
