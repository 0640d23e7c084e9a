import {
  decisionLinksOf,
  decodeQuotedPrintable,
  headerOf,
  startScimPeer,
  startSmtpPeer,
  startTableApiPeer,
  type ReceivedMail,
  type ScimPeer,
  type SmtpPeer,
} from '@flowline/connectors/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { seedUsers } from '../support/runtimeInternals';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';
import { advanceClock, readClock } from '../support/testClock';

const PASSWORD = 'correct horse battery staple';
const SCIM_TOKEN = 'scim-directory-token';
const CHAT_TOKEN = 'scim-chat-token';
const SERVICENOW_LOGIN = { username: 'flowline.svc', password: 'sn-secret-pw' };
const DAY = 86_400_000;
const WAIT = { timeoutMs: 30_000, intervalMs: 100 };
/** Every group the example's variables name, so the directory accepts each PatchOp. */
const DIRECTORY_GROUPS = [
  'all-staff',
  'engineering',
  'sales',
  'finance',
  'people',
  'app-crm',
  'app-erp',
  'app-github',
  'prod-access',
];

interface Instance {
  readonly id: string;
  readonly status: string;
  readonly currentNodes: readonly string[];
  readonly output?: Record<string, unknown>;
  readonly incidents: readonly {
    nodeId: string;
    kind: string;
    attempts: number;
    error: { code: string } | null;
  }[];
  readonly openTasks: readonly { id: string; nodeId: string; assignee: { type: string; id: string } }[];
  readonly history: readonly { type: string; nodeId?: string; actor?: string; data: unknown }[];
  readonly calls: readonly { nodeId: string; attempt: number; status: string }[];
}

describe('employee onboarding, end to end on a real runtime against SCIM, ServiceNow and SMTP peers', () => {
  const data = createTempDir('onboarding');
  let runtime: RuntimeProcess;
  let smtp: SmtpPeer;
  let directory: ScimPeer;
  let chat: ScimPeer;
  let servicenow: Awaited<ReturnType<typeof startTableApiPeer>>;
  let admin: ApiClient;
  let hr: ApiClient;
  let maria: ApiClient;
  const started: string[] = [];

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    directory = await startScimPeer(SCIM_TOKEN, [], { groups: DIRECTORY_GROUPS });
    chat = await startScimPeer(CHAT_TOKEN);
    servicenow = await startTableApiPeer({ login: SERVICENOW_LOGIN });
    await seedUsers(data.path, [
      { id: 'admin', email: 'admin@localhost', password: PASSWORD, roles: ['admin'] },
      { id: 'hana', email: 'hana@example.test', password: PASSWORD, roles: ['approver'], groups: ['hr'] },
      { id: 'maria', email: 'maria@example.test', password: PASSWORD, roles: ['approver'] },
      {
        id: 'ines',
        email: 'ines@example.test',
        password: PASSWORD,
        roles: ['approver'],
        groups: ['it-access'],
      },
      {
        id: 'ivan',
        email: 'ivan@example.test',
        password: PASSWORD,
        roles: ['approver'],
        groups: ['it-desk'],
      },
    ]);
    runtime = await startRuntime({ dataDir: data.path, seedExamples: true, testClock: true });
    const signedIn = async (email: string) => {
      const client = createApiClient(runtime.url);
      await client.signIn(email, PASSWORD);
      return client;
    };
    admin = await signedIn('admin@localhost');
    hr = await signedIn('hana@example.test');
    maria = await signedIn('maria@example.test');
    // The connections the README names, configured as an administrator would, through the API.
    const connections: [string, unknown][] = [
      [
        'scim/directory',
        { settings: { baseUrl: `${directory.url}/scim/v2` }, credentials: { token: SCIM_TOKEN } },
      ],
      ['scim/chat', { settings: { baseUrl: `${chat.url}/scim/v2` }, credentials: { token: CHAT_TOKEN } }],
      ['servicenow/default', { settings: { instanceUrl: servicenow.url }, credentials: SERVICENOW_LOGIN }],
      [
        'email/default',
        { settings: { host: smtp.host, port: smtp.port, requireTls: false, from: 'IT <it@example.test>' } },
      ],
    ];
    for (const [path, body] of connections) {
      const saved = await admin.put(`/api/connections/${path}`, body);
      expect(saved.status, `${path}: ${JSON.stringify(saved.body)}`).toBe(200);
    }
  });

  // Each test leaves nothing running: a later clock advance must not wake an earlier instance.
  afterEach(async () => {
    for (const id of started.splice(0)) {
      const now = await get(id);
      if (now.status === 'running') await admin.post(`/api/instances/${encodeURIComponent(id)}/withdraw`, {});
    }
  });

  afterAll(async () => {
    await killAllRuntimes();
    await Promise.all([smtp?.close(), directory?.close(), chat?.close(), servicenow?.close()]);
    data.remove();
  });

  const get = async (id: string) =>
    (await admin.get<Instance>(`/api/instances/${encodeURIComponent(id)}`)).body;

  /** The runtime's own "now" (its test clock): start dates are relative to it. */
  const runtimeNow = () => readClock(admin);
  const dateIn = (now: number, days: number) => new Date(now + days * DAY).toISOString().slice(0, 10);

  async function startOnboarding(form: Record<string, unknown>): Promise<string> {
    const response = await hr.post<{ id: string }>('/api/instances', {
      workflowId: 'employee-onboarding',
      input: form,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    started.push(response.body.id);
    return response.body.id;
  }

  const until = (what: string, id: string, predicate: (i: Instance) => boolean) =>
    pollUntil(
      what,
      async () => {
        const now = await get(id);
        return predicate(now) ? now : undefined;
      },
      WAIT,
    );
  const waitingAt = (id: string, nodeId: string) =>
    until(`the instance waiting at ${nodeId}`, id, (i) => i.currentNodes.includes(nodeId));
  const taskAt = async (id: string, nodeId: string) =>
    (
      await until(`a task at ${nodeId}`, id, (i) => i.openTasks.some((t) => t.nodeId === nodeId))
    ).openTasks.find((t) => t.nodeId === nodeId)!;

  /** The mails to an address with a subject, sent since `from` (an index into the peer's messages). */
  const mailsTo = (address: string, subject: string, from = 0): ReceivedMail[] =>
    smtp.messages
      .slice(from)
      .filter((m) => m.recipients.includes(address) && headerOf(m.raw, 'Subject') === subject);
  const mailTo = (address: string, subject: string, from = 0) =>
    pollUntil(`"${subject}" to ${address}`, async () => mailsTo(address, subject, from)[0], WAIT);
  const bodyOf = (mail: ReceivedMail) => decodeQuotedPrintable(mail.raw);

  /** A POST to a signed link, as the confirmation page's form sends it. */
  const submitLink = (url: string, fields: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  const scimCalls = (peer: ScimPeer, from: number) =>
    peer.requests.slice(from).map((r) => `${r.method} ${r.path}`);

  function newHire(now: number, overrides: Record<string, unknown> = {}) {
    return {
      firstName: 'Ada',
      lastName: 'Lovelace',
      workEmail: 'ada.lovelace@example.test',
      role: 'Software engineer',
      department: 'engineering',
      manager: 'maria',
      startDate: dateIn(now, 10),
      equipment: ['developer-laptop', 'monitor'],
      extraAccess: ['source-code', 'production'],
      ...overrides,
    };
  }

  it('approved: sets everything up, waits for the start date on the clock, welcomes, ends when both checklists are done', async () => {
    const mark = {
      directory: directory.requests.length,
      chat: chat.requests.length,
      mail: smtp.messages.length,
    };
    const now = await runtimeNow();
    const form = newHire(now);
    const id = await startOnboarding(form);

    // The manager's approval mail arrives once all three set-up branches are through.
    const approvalMail = await mailTo(
      'maria@example.test',
      'Approval needed: Access for a new hire',
      mark.mail,
    );
    expect(scimCalls(chat, mark.chat)).toEqual(['POST /scim/v2/Users']);
    expect(chat.requests[mark.chat]!.json()).toMatchObject({
      userName: 'ada.lovelace@example.test',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
    });
    expect(scimCalls(directory, mark.directory).sort()).toEqual([
      'PATCH /scim/v2/Groups/all-staff',
      'PATCH /scim/v2/Groups/engineering',
      'POST /scim/v2/Users',
    ]);
    expect(directory.requests[mark.directory]!.json()).toMatchObject({
      userName: 'ada.lovelace@example.test',
      emails: [{ value: 'ada.lovelace@example.test', primary: true }],
      active: true,
    });
    for (const request of directory.requests.slice(mark.directory + 1))
      expect(request.json()).toMatchObject({
        Operations: [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }],
      });
    const ticket = [...servicenow.rows.values()].find((row) => row['requested_for'] === form.workEmail)!;
    expect(ticket).toMatchObject({
      number: expect.stringMatching(/^REQ/),
      short_description: `Equipment for Ada Lovelace (starts ${form.startDate})`,
      due_date: form.startDate,
    });
    expect(String(ticket['description'])).toContain('developer-laptop, monitor');

    // The mail says whom and what for; so does the page its link opens.
    expect(bodyOf(approvalMail)).toContain('New hire: Ada Lovelace');
    expect(bodyOf(approvalMail)).toContain('Extra access asked for: source-code, production');
    // The manager approves from the mail's signed link (a GET only shows the confirmation page).
    const links = decisionLinksOf(approvalMail.raw);
    expect(Object.keys(links)).toEqual(['Approve', 'Reject']);
    expect(links['Approve']!.startsWith(`${runtime.url}/approve/`)).toBe(true);
    const confirmation = await fetch(links['Approve']!);
    expect(confirmation.status).toBe(200);
    expect(await confirmation.text()).toContain('<dt>New hire</dt><dd>Ada Lovelace</dd>');
    const approved = await submitLink(links['Approve']!, { comment: 'Needs both for the platform team' });
    expect(approved.status, await approved.text()).toBe(200);

    // The extra access is granted; then the instance waits for the start date, and no welcome yet.
    await waitingAt(id, 'untilStartDate');
    expect(
      scimCalls(directory, mark.directory)
        .filter((c) => c.includes('/Groups/app') || c.includes('prod'))
        .sort(),
    ).toEqual(['PATCH /scim/v2/Groups/app-github', 'PATCH /scim/v2/Groups/prod-access']);
    expect(mailsTo(form.workEmail, 'Welcome aboard, Ada!')).toHaveLength(0);

    // Ten days pass on the runtime's clock: 07:00 UTC on the start date is behind it.
    await advanceClock(admin, 11 * DAY);
    const welcome = await mailTo(form.workEmail, 'Welcome aboard, Ada!', mark.mail);
    expect(bodyOf(welcome)).toContain('Your account is ada.lovelace@example.test');
    expect(bodyOf(welcome)).toContain(String(ticket['number']));

    // Day one: the manager's and IT's checklists, each mailed with its own signed link.
    const managerMail = await mailTo('maria@example.test', 'Task to do: Day one of your new hire', mark.mail);
    const itMail = await mailTo(
      'ivan@example.test',
      'Task to do: Hand over the equipment of a new hire',
      mark.mail,
    );
    const itLink = decisionLinksOf(itMail.raw)['Done']!;
    expect(itLink.startsWith(`${runtime.url}/approve/`)).toBe(true);
    expect(await (await fetch(itLink)).text()).toContain('name="field.laptopSerial"');
    const itDone = await submitLink(itLink, { 'field.laptopSerial': 'C02XK1', 'field.signedIn': 'true' });
    expect(itDone.status, await itDone.text()).toBe(200);
    // One checklist done is not the end.
    expect((await get(id)).status).toBe('running');
    expect(decisionLinksOf(managerMail.raw)['Done']).toBeDefined();
    const managerTask = await taskAt(id, 'managerChecklist');
    const managerDone = await maria.post(`/api/tasks/${encodeURIComponent(managerTask.id)}/decide`, {
      outcome: 'done',
      form: { buddy: 'Grace', planShared: true },
    });
    expect(managerDone.status, JSON.stringify(managerDone.body)).toBe(200);

    const ended = await until('the end', id, (i) => i.status !== 'running');
    expect(ended).toMatchObject({
      status: 'completed',
      output: {
        userId: 'u1',
        groups: ['all-staff', 'engineering'],
        extraAccess: 'granted',
        laptopTicket: ticket['number'],
        laptopSerial: 'C02XK1',
        buddy: 'Grace',
      },
    });
  });

  it('rejected: HR hears of it, and the new hire keeps only the department groups', async () => {
    const mark = { directory: directory.requests.length, mail: smtp.messages.length };
    const now = await runtimeNow();
    const form = newHire(now, {
      firstName: 'Bob',
      lastName: 'Sales',
      workEmail: 'bob.sales@example.test',
      department: 'sales',
      extraAccess: ['crm', 'production'],
    });
    const id = await startOnboarding(form);
    const task = await taskAt(id, 'accessApproval');
    expect(task.assignee).toEqual({ type: 'user', id: 'maria' });

    // A rejection must say why.
    const bare = await maria.post(`/api/tasks/${encodeURIComponent(task.id)}/decide`, {
      outcome: 'rejected',
    });
    expect(bare.status).toBe(400);
    const rejected = await maria.post(`/api/tasks/${encodeURIComponent(task.id)}/decide`, {
      outcome: 'rejected',
      comment: 'Sales does not get production access',
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);

    const hrMail = await mailTo('hr@example.com', 'Extra access refused for Bob Sales', mark.mail);
    expect(bodyOf(hrMail)).toContain('(crm, production) was refused');
    await waitingAt(id, 'untilStartDate');
    expect(scimCalls(directory, mark.directory).sort()).toEqual([
      'PATCH /scim/v2/Groups/all-staff',
      'PATCH /scim/v2/Groups/sales',
      'POST /scim/v2/Users',
    ]);
  });

  it('escalated: two days without the manager, a reminder first, then the IT access team decides', async () => {
    const mark = { directory: directory.requests.length, mail: smtp.messages.length };
    const now = await runtimeNow();
    const id = await startOnboarding(
      newHire(now, { workEmail: 'cy.esc@example.test', extraAccess: ['erp'] }),
    );
    await taskAt(id, 'accessApproval');
    await mailTo('maria@example.test', 'Approval needed: Access for a new hire', mark.mail);

    // A day on: the manager is reminded by mail, with fresh links.
    await advanceClock(admin, DAY + 60_000);
    const reminder = await mailTo(
      'maria@example.test',
      'Reminder: approval needed: Access for a new hire',
      mark.mail,
    );
    expect(Object.keys(decisionLinksOf(reminder.raw))).toEqual(['Approve', 'Reject']);

    // Another day: the approval falls due and goes to the it-access group.
    await advanceClock(admin, DAY);
    const escalated = await taskAt(id, 'escalatedApproval');
    expect(escalated.assignee).toEqual({ type: 'group', id: 'it-access' });
    expect((await get(id)).openTasks.some((t) => t.nodeId === 'accessApproval')).toBe(false);
    const inesMail = await mailTo(
      'ines@example.test',
      'Approval needed: Access for a new hire (escalated: the manager did not answer)',
      mark.mail,
    );
    const approved = await submitLink(decisionLinksOf(inesMail.raw)['Approve']!, {
      comment: 'Standard for the role',
    });
    expect(approved.status, await approved.text()).toBe(200);

    const waiting = await waitingAt(id, 'untilStartDate');
    expect(waiting.history.some((h) => h.type === 'task.decided' && h.actor === 'ines')).toBe(true);
    expect(scimCalls(directory, mark.directory)).toContain('PATCH /scim/v2/Groups/app-erp');
  });

  it('withdrawn: HR takes the request back while the manager decides; every task is gone and its links are spent', async () => {
    const mark = { mail: smtp.messages.length };
    const now = await runtimeNow();
    const id = await startOnboarding(newHire(now, { workEmail: 'dee.withdrawn@example.test' }));
    const approvalMail = await mailTo(
      'maria@example.test',
      'Approval needed: Access for a new hire',
      mark.mail,
    );

    const withdrawn = await hr.post(`/api/instances/${encodeURIComponent(id)}/withdraw`, {
      reason: 'The candidate declined the offer',
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const ended = await get(id);
    expect(ended).toMatchObject({ status: 'cancelled', openTasks: [] });
    expect(ended.history.some((h) => h.type === 'instance.withdraw' && h.actor === 'hana')).toBe(true);
    const inbox = await maria.get<{ items: { instanceId: string }[] }>('/api/tasks');
    expect(inbox.body.items.some((t) => t.instanceId === id)).toBe(false);
    const late = await submitLink(decisionLinksOf(approvalMail.raw)['Approve']!, { comment: 'ok' });
    expect(late.status).toBe(409);
  });

  it('directory down: the account step becomes an incident, nothing after it runs, and a retry goes on once it is back', async () => {
    const mark = {
      directory: directory.requests.length,
      chat: chat.requests.length,
      mail: smtp.messages.length,
    };
    directory.setDown(true);
    const now = await runtimeNow();
    const form = newHire(now, { workEmail: 'eve.incident@example.test', extraAccess: [] });
    const id = await startOnboarding(form);

    // Three tries (5 s, then 15 s apart on the runtime's clock), then an incident on the node.
    const stuck = await pollUntil(
      'the incident',
      async () => {
        const now = await get(id);
        if (now.incidents.length > 0) return now;
        // Between two tries (none running, the next queued for later), move towards the next.
        // By less than a job's 15 s lease: a try the worker claims between this read and the
        // move keeps its lease (a 60 s jump expired it, the worker claimed it again, and the
        // directory saw a fourth call under load).
        const calls = now.calls.filter((c) => c.nodeId === 'createIdentity');
        if (calls.some((c) => c.status === 'queued') && !calls.some((c) => c.status === 'running'))
          await advanceClock(admin, 10_000);
        return undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(stuck.status).toBe('running');
    expect(stuck.incidents).toEqual([
      {
        nodeId: 'createIdentity',
        kind: 'task',
        attempts: 3,
        error: { code: 'HTTP_503', message: expect.any(String) },
      },
    ]);
    expect(scimCalls(directory, mark.directory)).toEqual([
      'POST /scim/v2/Users',
      'POST /scim/v2/Users',
      'POST /scim/v2/Users',
    ]);
    // The other branches went on; nothing after the failed step ran or was skipped past.
    expect(scimCalls(chat, mark.chat)).toEqual(['POST /scim/v2/Users']);
    expect([...servicenow.rows.values()].some((r) => r['requested_for'] === form.workEmail)).toBe(true);
    expect(stuck.currentNodes).toContain('createIdentity');
    expect(stuck.openTasks).toEqual([]);

    // The directory is back: an operator retries the node, and the onboarding goes on.
    directory.setDown(false);
    const retried = await admin.post(`/api/instances/${encodeURIComponent(id)}/retry`, {
      nodeId: 'createIdentity',
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    const approval = await taskAt(id, 'accessApproval');
    expect(approval.assignee).toEqual({ type: 'user', id: 'maria' });
    const after = await get(id);
    expect(after.incidents).toEqual([]);
    expect(scimCalls(directory, mark.directory).slice(3).sort()).toEqual([
      'PATCH /scim/v2/Groups/all-staff',
      'PATCH /scim/v2/Groups/engineering',
      'POST /scim/v2/Users',
    ]);
    expect(after.history.some((h) => h.type === 'job.retry' && h.actor === 'admin')).toBe(true);
  });
});
