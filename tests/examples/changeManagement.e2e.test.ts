import { startHttpPeer, type HttpPeer } from '@flowline/connector-sdk/testing';
import {
  decisionLinksOf,
  decodeQuotedPrintable,
  headerOf,
  startSmtpPeer,
  startTableApiPeer,
  type ReceivedMail,
  type SmtpPeer,
} from '@flowline/connectors/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceWaits } from '../support/instanceWaits';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { seedUsers } from '../support/runtimeInternals';
import { advanceClock, readClock } from '../support/testClock';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const PASSWORD = 'correct horse battery staple';
const SN_LOGIN = { username: 'flowline.svc', password: 'sn-secret-pw' };
const WEBHOOK_PATH = '/services/T0000/B0000/change-announcements';
const WAIT = { timeoutMs: 30_000, intervalMs: 100 };

type Row = Record<string, unknown> & { sys_id: string };
interface OpenTask {
  id: string;
  nodeId: string;
  assignee: { type: string; id: string };
  dueAt: number | null;
}
interface Instance {
  status: string;
  currentNodes: string[];
  output?: Record<string, unknown>;
  openTasks: OpenTask[];
  incidents: unknown[];
  history: { type: string; nodeId?: string; actor?: string }[];
}

/** The request form of a change; a window already open unless a test says otherwise. */
const changeForm = (title: string, overrides: Record<string, unknown> = {}) => ({
  title,
  changeType: 'normal',
  risk: 'moderate',
  affectedServices: ['erp', 'crm'],
  serviceOwner: 'olga',
  windowStart: new Date(Date.now() - 60_000).toISOString(),
  implementationPlan: 'Run the upgrade playbook',
  backoutPlan: 'Restore the snapshot taken before',
  ...overrides,
});

describe('the change-management example on a real runtime, against ServiceNow, SMTP, chat and automation peers', () => {
  const data = createTempDir('change');
  let smtp: SmtpPeer;
  let servicenow: HttpPeer & { rows: Map<string, Row> };
  let automation: HttpPeer;
  let chat: HttpPeer;
  let runtime: RuntimeProcess;
  const as: Record<string, ApiClient> = {};

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    servicenow = await startTableApiPeer({
      login: SN_LOGIN,
      // Raised in ServiceNow directly: the weekly report lists the open one, not the closed one.
      seed: {
        change_request: [
          {
            sys_id: 'e'.repeat(32),
            number: 'CHG0040001',
            short_description: 'Replace the core switch',
            type: 'normal',
            start_date: '2026-12-12 22:00:00',
            state: '-2',
            active: 'true',
          },
          {
            sys_id: 'f'.repeat(32),
            number: 'CHG0040002',
            short_description: 'Old change, closed',
            type: 'standard',
            state: '3',
            active: 'false',
          },
        ],
      },
    });
    // The automation service (AWX, Rundeck…): a plan that says so fails; rollbacks work.
    automation = await startHttpPeer({
      'POST /changes/implement': (req) => {
        const body = req.json() as { plan: string };
        return body.plan.includes('fails')
          ? { status: 422, json: { error: 'the playbook stopped at step 3' } }
          : { json: { run: 42, status: 'successful' } };
      },
      'POST /changes/rollback': () => ({ json: { run: 43, status: 'successful' } }),
    });
    chat = await startHttpPeer({ [`POST ${WEBHOOK_PATH}`]: () => ({ text: 'ok' }) });

    const user = (id: string, roles: ('admin' | 'approver')[], groups: string[] = []) => ({
      id,
      email: `${id}@example.test`,
      password: PASSWORD,
      roles,
      groups,
    });
    await seedUsers(data.path, [
      user('alex', ['admin']),
      user('cab-ana', ['approver'], ['cab']),
      user('cab-ben', ['approver'], ['cab']),
      user('cab-cai', ['approver'], ['cab']),
      user('olga', ['approver']),
      user('erin', ['approver'], ['ecab']),
      user('max', ['approver'], ['change-managers']),
    ]);
    runtime = await startRuntime({ dataDir: data.path, seedExamples: true, testClock: true });
    for (const id of ['alex', 'cab-ana', 'cab-ben', 'cab-cai', 'olga', 'erin', 'max']) {
      as[id] = createApiClient(runtime.url);
      await as[id].signIn(`${id}@example.test`, PASSWORD);
    }
    // The connections the definition names, configured as an administrator would.
    const connections: [string, unknown][] = [
      [
        '/api/connections/email/default',
        {
          settings: {
            host: smtp.host,
            port: smtp.port,
            requireTls: false,
            from: 'Flowline <flowline@example.test>',
          },
        },
      ],
      [
        '/api/connections/servicenow/itsm',
        { credentials: SN_LOGIN, settings: { instanceUrl: servicenow.url } },
      ],
      [
        '/api/connections/http/change-automation',
        { credentials: { auth: { type: 'none' } }, settings: { baseUrl: automation.url } },
      ],
      [
        '/api/connections/slack/change-announcements',
        { credentials: { webhookUrl: `${chat.url}${WEBHOOK_PATH}` } },
      ],
    ];
    for (const [path, body] of connections) {
      const saved = await as['alex']!.put(path, body);
      expect(saved.status, `${path}: ${JSON.stringify(saved.body)}`).toBe(200);
    }
  });

  afterAll(async () => {
    await killAllRuntimes();
    await Promise.all([smtp?.close(), servicenow?.close(), automation?.close(), chat?.close()]);
    data.remove();
  });

  const admin = () => as['alex']!;
  const { detail, ended, tasksAt } = instanceWaits<Instance>(admin, WAIT);

  async function start(form: Record<string, unknown>): Promise<string> {
    const started = await admin().post<{ id: string }>('/api/instances', {
      workflowId: 'change-management',
      input: form,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    return started.body.id;
  }

  async function decide(who: string, task: OpenTask, outcome: string, comment?: string) {
    const answer = await as[who]!.post(`/api/tasks/${encodeURIComponent(task.id)}/decide`, {
      outcome,
      ...(comment ? { comment } : {}),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  }

  /** The ServiceNow change record this change's first step created. */
  const changeRow = (title: string) =>
    pollUntil(
      `the change record "${title}"`,
      async () => [...servicenow.rows.values()].find((r) => r['short_description'] === title),
      WAIT,
    );

  /** Mails to `to` that arrived after `since` messages, with the subject given. */
  const mailsTo = (to: string, subject: string, since: number) =>
    smtp.messages
      .slice(since)
      .filter((m) => m.recipients.includes(to) && headerOf(m.raw, 'Subject') === subject);
  const mailTo = (to: string, subject: string, since: number) =>
    pollUntil(`"${subject}" to ${to}`, async () => mailsTo(to, subject, since)[0], WAIT);

  const chatTexts = (since: number) =>
    chat.requests.slice(since).map((r) => (r.json() as { text: string }).text);

  /** Opens a signed link as a mail scanner would (nothing decided), then posts it as the person does. */
  async function followLink(mail: ReceivedMail, label: string, comment: string) {
    const link = decisionLinksOf(mail.raw)[label];
    expect(link, `a "${label}" link in ${decodeQuotedPrintable(mail.raw)}`).toBeDefined();
    expect(link!.startsWith(`${runtime.url}/approve/`)).toBe(true);
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Nothing has been decided yet');
    const decided = await fetch(link!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ comment }).toString(),
    });
    expect(decided.status, await decided.clone().text()).toBe(200);
    return link!;
  }

  /** The owner verifies the service through the link in the task mail. */
  async function verify(since: number, label = 'Works as expected', comment = 'ERP and CRM answer') {
    const mail = await mailTo('olga@example.test', 'Task to do: Check the service after the change', since);
    await followLink(mail, label, comment);
  }

  it('takes a standard change straight to scheduling, announces it per service, implements, verifies and closes it', async () => {
    const mails = smtp.messages.length;
    const posts = chat.requests.length;
    const title = 'Rotate the VPN certificate';
    const id = await start(changeForm(title, { changeType: 'standard', affectedServices: ['vpn', 'email'] }));

    await verify(mails);
    const done = await ended(id, 'completed');
    const row = await changeRow(title);
    expect(done.output).toEqual({ change: row['number'], closeCode: 'successful' });
    // Pre-approved: no approval node was visited.
    expect(done.history.filter((h) => /Approval$/.test(h.nodeId ?? ''))).toEqual([]);
    expect(row).toMatchObject({
      type: 'standard',
      risk: '3',
      approval: 'approved',
      state: '3',
      active: 'false',
      close_code: 'successful',
      close_notes: 'Implemented in the window and verified by olga.',
      backout_plan: 'Restore the snapshot taken before',
    });
    expect(chatTexts(posts).sort()).toEqual(
      [
        expect.stringContaining(`Change *${String(row['number'])}* affects *email*: ${title}.`),
        expect.stringContaining(`Change *${String(row['number'])}* affects *vpn*: ${title}.`),
      ].sort(),
    );
    const implemented = automation.requests.filter((r) => r.path === '/changes/implement').at(-1);
    expect(implemented?.json()).toMatchObject({ change: row['number'], services: ['vpn', 'email'] });
    // The step's idempotency key reaches the automation service, so a redelivery runs nothing twice.
    expect(implemented?.headers['idempotency-key']).toEqual(expect.stringContaining(id));
  });

  it('needs two of the three CAB members for a normal change; the third link is spent', async () => {
    const mails = smtp.messages.length;
    const title = 'Upgrade the ERP database';
    const id = await start(changeForm(title));
    const subject = 'Approval needed: Change advisory board: assess the change';
    // Each CAB member gets their own mail with signed links.
    const [ana, , cai] = await Promise.all(
      ['cab-ana', 'cab-ben', 'cab-cai'].map((who) => mailTo(`${who}@example.test`, subject, mails)),
    );
    expect(Object.keys(decisionLinksOf(ana!.raw))).toEqual(['Approve', 'Reject']);

    await followLink(ana!, 'Approve', 'Plan and rollback look fine');
    expect((await detail(id)).currentNodes).toEqual(['cabApproval']);
    const benTask = (await tasksAt(id, 'cabApproval')).find((t) => t.assignee.id === 'cab-ben')!;
    await decide('cab-ben', benTask, 'approved', 'Window is clear');

    // Quorum reached: cab-cai's task was withdrawn, and its link no longer decides anything.
    const late = await fetch(decisionLinksOf(cai!.raw)['Reject']!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'comment=too+late',
    });
    expect(late.status).toBe(409);
    // Moderate risk: the service owner is not asked to approve, only to verify.
    await verify(mails);
    await ended(id, 'completed');
    expect(mailsTo('olga@example.test', 'Approval needed: High-risk change to your service', mails)).toEqual(
      [],
    );
    expect(await changeRow(title)).toMatchObject({ state: '3', close_code: 'successful' });
  });

  it('also needs the service owner when a normal change is high risk', async () => {
    const mails = smtp.messages.length;
    const runs = automation.requests.length;
    const title = 'Move the CRM to the new cluster';
    const id = await start(changeForm(title, { risk: 'high' }));
    const cab = await pollUntil(
      'two CAB tasks',
      async () => {
        const tasks = (await detail(id)).openTasks.filter((t) => t.nodeId === 'cabApproval');
        return tasks.length === 3 ? tasks : undefined;
      },
      WAIT,
    );
    for (const task of cab.slice(0, 2)) await decide(task.assignee.id, task, 'approved');

    const owner = await mailTo(
      'olga@example.test',
      'Approval needed: High-risk change to your service',
      mails,
    );
    expect((await detail(id)).currentNodes).toEqual(['ownerApproval']);
    expect(automation.requests.length).toBe(runs);
    await followLink(owner, 'Approve', 'Go ahead on Saturday night');
    await verify(mails);
    await ended(id, 'completed');
    expect(await changeRow(title)).toMatchObject({ risk: '2', state: '3', close_code: 'successful' });
  });

  it('cancels the change record when the CAB rejects it; nothing is announced or implemented', async () => {
    const posts = chat.requests.length;
    const runs = automation.requests.length;
    const title = 'Disable TLS 1.2 everywhere';
    const id = await start(changeForm(title));
    const cab = await pollUntil(
      'the CAB tasks',
      async () => {
        const tasks = (await detail(id)).openTasks.filter((t) => t.nodeId === 'cabApproval');
        return tasks.length === 3 ? tasks : undefined;
      },
      WAIT,
    );
    // A rejection needs a reason.
    const bare = await as['cab-ana']!.post(`/api/tasks/${encodeURIComponent(cab[0]!.id)}/decide`, {
      outcome: 'rejected',
    });
    expect(bare.status).toBe(400);
    await decide(cab[0]!.assignee.id, cab[0]!, 'rejected', 'Breaks the old scanners');
    await decide(cab[1]!.assignee.id, cab[1]!, 'rejected', 'No rollback tested');

    const done = await ended(id, 'rejected');
    const row = await changeRow(title);
    expect(done.output).toEqual({ change: row['number'] });
    expect(row).toMatchObject({ state: '4', approval: 'rejected', active: 'false' });
    expect(chat.requests.length).toBe(posts);
    expect(automation.requests.length).toBe(runs);
  });

  it('rolls back, opens an incident caused by the change and closes it unsuccessful when implementing fails', async () => {
    const title = 'Resize the mail store';
    const id = await start(
      changeForm(title, {
        changeType: 'standard',
        implementationPlan: 'Resize the volume (the peer fails this one)',
      }),
    );
    const done = await ended(id, 'failed');
    const row = await changeRow(title);
    const incident = [...servicenow.rows.values()].find((r) => r['caused_by'] === row.sys_id);
    expect(incident).toMatchObject({
      sys_class_name: 'incident',
      short_description: `Change ${String(row['number'])} failed and was rolled back: ${title}`,
      impact: '2',
      urgency: '2',
      description: 'Affected services: erp, crm',
    });
    expect(done.output).toEqual({
      change: row['number'],
      closeCode: 'unsuccessful',
      incident: incident!['number'],
    });
    expect(row).toMatchObject({
      state: '3',
      close_code: 'unsuccessful',
      close_notes: `Rolled back. Incident ${String(incident!['number'])} follows up.`,
    });
    const rollback = automation.requests.filter((r) => r.path === '/changes/rollback').at(-1);
    expect(rollback?.json()).toEqual({ change: row['number'], plan: 'Restore the snapshot taken before' });
    // The implementation was refused for good (422): tried once, and nobody was asked to verify.
    expect(
      automation.requests.filter(
        (r) => r.path === '/changes/implement' && (r.json() as { change: string }).change === row['number'],
      ),
    ).toHaveLength(1);
    expect(done.history.filter((h) => h.nodeId === 'verify')).toEqual([]);
  });

  it('rolls back too when the service owner finds the service broken', async () => {
    const mails = smtp.messages.length;
    const title = 'Patch the website CMS';
    const id = await start(changeForm(title, { changeType: 'standard', affectedServices: ['website'] }));
    await verify(mails, 'Broken, roll it back', 'The login page answers 500');
    await ended(id, 'failed');
    const row = await changeRow(title);
    expect(row).toMatchObject({ close_code: 'unsuccessful' });
    expect([...servicenow.rows.values()].some((r) => r['caused_by'] === row.sys_id)).toBe(true);
  });

  it('calls a scheduled change off when change.cancelled arrives with its number before the window', async () => {
    const runs = automation.requests.length;
    const title = 'Rebuild the file server';
    const windowStart = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const id = await start(changeForm(title, { changeType: 'standard', windowStart }));
    await pollUntil(
      'the wait for the window',
      async () => ((await detail(id)).currentNodes.includes('waitWindow') ? true : undefined),
      WAIT,
    );
    const row = await changeRow(title);
    expect(row).toMatchObject({ state: '-2', start_date: windowStart });

    const sent = await admin().post<{ matched: number; delivered: number }>('/api/events', {
      event: 'change.cancelled',
      correlationKey: row['number'],
      payload: { reason: 'Hardware arrives late' },
    });
    expect(sent).toMatchObject({ status: 202, body: { matched: 1, delivered: 1 } });
    const done = await ended(id, 'cancelled');
    expect(done.output).toEqual({ change: row['number'] });
    expect(await changeRow(title)).toMatchObject({
      state: '4',
      active: 'false',
      close_notes: 'Called off before its window.',
    });
    expect(automation.requests.length).toBe(runs);
  });

  // Timer paths: the runtime's test clock moves forward; nothing sleeps.
  const HOUR = 3_600_000;
  const runtimeNow = () => readClock(admin());

  it('gives the emergency CAB one hour, then alerts the channel and lets a change manager decide', async () => {
    const mails = smtp.messages.length;
    const posts = chat.requests.length;
    const title = 'Block the exploited VPN port';
    const id = await start(changeForm(title, { changeType: 'emergency', affectedServices: ['vpn'] }));
    const ecabMail = await mailTo(
      'erin@example.test',
      'Approval needed: Emergency change: decide within the hour',
      mails,
    );
    const [ecab] = await tasksAt(id, 'ecabApproval');
    expect(ecab).toMatchObject({ assignee: { type: 'group', id: 'ecab' } });
    expect(ecab!.dueAt! - (await runtimeNow())).toBeLessThanOrEqual(HOUR);

    // 59 minutes: still the emergency CAB's to decide.
    await advanceClock(admin(), 59 * 60_000);
    expect((await detail(id)).currentNodes).toEqual(['ecabApproval']);
    await advanceClock(admin(), 2 * 60_000);
    const manager = await mailTo('max@example.test', 'Approval needed: Escalated emergency change', mails);
    const row = await changeRow(title);
    expect(chatTexts(posts)[0]).toBe(
      `:rotating_light: Emergency change *${String(row['number'])}* (${title}) waited an hour for the emergency CAB. The change managers decide now.`,
    );
    // The emergency CAB's link ran out with its task's hour, and decides nothing now.
    const late = await fetch(decisionLinksOf(ecabMail.raw)['Approve']!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'comment=sorry',
    });
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('EXPIRED');

    await followLink(manager, 'Approve', 'Do it now');
    await verify(mails);
    const done = await ended(id, 'completed');
    expect(done.history.some((h) => h.nodeId === 'managerApproval' && h.actor === 'max')).toBe(true);
    expect(await changeRow(title)).toMatchObject({ type: 'emergency', state: '3', close_code: 'successful' });
  });

  it('waits for the change window: nothing is implemented before it opens, and it goes on when it does', async () => {
    const mails = smtp.messages.length;
    const title = 'Re-index the CRM search';
    const windowStart = new Date((await runtimeNow()) + 2 * HOUR).toISOString();
    const id = await start(
      changeForm(title, { changeType: 'standard', affectedServices: ['crm'], windowStart }),
    );
    await pollUntil(
      'the wait for the window',
      async () => ((await detail(id)).currentNodes.includes('waitWindow') ? true : undefined),
      WAIT,
    );
    const row = await changeRow(title);
    const implementsOf = () =>
      automation.requests.filter(
        (r) => r.path === '/changes/implement' && (r.json() as { change: string }).change === row['number'],
      );

    await advanceClock(admin(), HOUR);
    expect((await detail(id)).currentNodes).toEqual(['waitWindow']);
    expect(implementsOf()).toEqual([]);
    expect((await changeRow(title))['state']).toBe('-2');

    await advanceClock(admin(), HOUR + 60_000);
    await pollUntil('the implementation call', async () => implementsOf()[0], WAIT);
    expect((await changeRow(title))['state']).toBe('-1');
    await verify(mails);
    await ended(id, 'completed');
    expect(await changeRow(title)).toMatchObject({ state: '3', close_code: 'successful' });
  });

  it('mails the weekly report of the changes still open in ServiceNow on Monday at 07:00 UTC', async () => {
    // One change of ours still waits for its window a month away; every other one has ended.
    const title = 'Replace the storage array';
    const windowStart = new Date((await runtimeNow()) + 30 * 24 * HOUR).toISOString();
    const waiting = await start(changeForm(title, { changeType: 'standard', windowStart }));
    await pollUntil(
      'the wait for the window',
      async () => ((await detail(waiting)).currentNodes.includes('waitWindow') ? true : undefined),
      WAIT,
    );
    const ours = await changeRow(title);

    const mails = smtp.messages.length;
    const lists = servicenow.requests.length;
    const now = new Date(await runtimeNow());
    const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 7));
    monday.setUTCDate(monday.getUTCDate() + ((8 - monday.getUTCDay()) % 7));
    if (monday.getTime() <= now.getTime()) monday.setUTCDate(monday.getUTCDate() + 7);
    await advanceClock(admin(), monday.getTime() - now.getTime() + 60_000);

    const report = await mailTo('cab@example.com', 'Open changes: 2', mails);
    const text = decodeQuotedPrintable(report.raw);
    expect(text).toContain('Change requests still open, soonest window first:');
    expect(text).toContain('- CHG0040001 Replace the core switch (normal, window 2026-12-12 22:00:00)');
    expect(text).toContain(`- ${String(ours['number'])} ${title} (standard, window ${windowStart})`);
    expect(text).not.toContain('CHG0040002');
    const listed = servicenow.requests.slice(lists).find((r) => r.method === 'GET');
    expect(listed?.query).toMatchObject({
      sysparm_query: 'active=true^ORDERBYstart_date',
      sysparm_fields: 'sys_id,number,short_description,type,risk,state,start_date',
    });
    // Exactly one report for the one Monday passed.
    expect(mailsTo('cab@example.com', 'Open changes: 2', mails)).toHaveLength(1);

    // The waiting change is called off, so nothing is left running.
    await admin().post('/api/events', { event: 'change.cancelled', correlationKey: ours['number'] });
    await ended(waiting, 'cancelled');
  });
});
