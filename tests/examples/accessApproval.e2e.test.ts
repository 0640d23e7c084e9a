import { startHttpPeer, type HttpPeer, type PeerReply } from '@flowline/connector-sdk/testing';
import {
  decisionLinksOf,
  decodeQuotedPrintable,
  headerOf,
  startSmtpPeer,
  type ReceivedMail,
  type SmtpPeer,
} from '@flowline/connectors/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceWaits } from '../support/instanceWaits';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { seedUsers } from '../support/runtimeInternals';
import { advanceClock } from '../support/testClock';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const PASSWORD = 'correct horse battery staple';
const SCIM_TOKEN = 'scim-token-of-the-directory';
const WEBHOOK_PATH = '/services/T0000/B0000/access-requests';
const WAIT = { timeoutMs: 30_000, intervalMs: 100 };
const DAY = 86_400_000;
/** The groups of the directory, one per system and access level provisioned through SCIM. */
const GROUPS = ['github-read', 'github-write', 'github-admin', 'confluence-read', 'confluence-write'];

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
  incidents: { nodeId: string; error: { code: string; message: string } }[];
  history: { type: string; nodeId?: string; actor?: string; data?: Record<string, unknown> }[];
}

const accessForm = (overrides: Record<string, unknown> = {}) => ({
  system: 'github',
  accessLevel: 'write',
  justification: 'Maintains the deployment pipelines',
  manager: 'maria',
  requester: 'rita',
  ...overrides,
});

describe('the access-approval example on a real runtime, against SCIM, SMTP and chat peers', () => {
  const data = createTempDir('access');
  let smtp: SmtpPeer;
  let scim: HttpPeer;
  let chat: HttpPeer;
  let runtime: RuntimeProcess;
  /** While true the directory answers 503, as an identity provider in maintenance does. */
  let scimDown = false;
  /** Group id → member ids, as the directory holds them after the PatchOps it accepted. */
  const members = new Map<string, string[]>();
  const as: Record<string, ApiClient> = {};

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    // A SCIM 2.0 service provider (RFC 7644) with this example's groups: Bearer auth, PatchOp adds members.
    const patchGroup =
      (group: string) =>
      (req: { headers: Record<string, unknown>; json(): unknown }): PeerReply => {
        const error = (status: number, detail: string): PeerReply => ({
          status,
          json: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail },
          headers: { 'content-type': 'application/scim+json' },
        });
        if (scimDown) return error(503, 'Down for maintenance');
        if (req.headers['authorization'] !== `Bearer ${SCIM_TOKEN}`)
          return error(401, 'Authorization failure');
        if (req.headers['content-type'] !== 'application/scim+json')
          return error(415, 'Use application/scim+json');
        const body = req.json() as {
          schemas: string[];
          Operations: { op: string; path: string; value: { value: string }[] }[];
        };
        if (!body.schemas.includes('urn:ietf:params:scim:api:messages:2.0:PatchOp'))
          return error(400, 'Not a PatchOp');
        for (const op of body.Operations) {
          if (op.op !== 'add' || op.path !== 'members') return error(400, 'Only adds members');
          const now = members.get(group) ?? [];
          for (const { value } of op.value) if (!now.includes(value)) now.push(value);
          members.set(group, now);
        }
        return { status: 204 };
      };
    scim = await startHttpPeer(
      Object.fromEntries(GROUPS.map((g) => [`PATCH /scim/v2/Groups/${g}`, patchGroup(g)])),
    );
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
      user('rita', ['approver']),
      user('maria', ['approver']),
      user('sec-ana', ['approver']),
      user('sec-ben', ['approver']),
      user('sec-cai', ['approver']),
      user('sam', ['approver'], ['service-desk']),
    ]);
    runtime = await startRuntime({ dataDir: data.path, seedExamples: true, testClock: true });
    for (const id of ['alex', 'rita', 'maria', 'sec-ana', 'sec-ben', 'sam']) {
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
        '/api/connections/scim/directory',
        { credentials: { token: SCIM_TOKEN }, settings: { baseUrl: `${scim.url}/scim/v2` } },
      ],
      [
        '/api/connections/slack/access-requests',
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
    await Promise.all([smtp?.close(), scim?.close(), chat?.close()]);
    data.remove();
  });

  const admin = () => as['alex']!;
  const { detail, ended, tasksAt } = instanceWaits<Instance>(admin, WAIT);

  /** Rita asks, through her own session: she is the requester the runtime records. */
  async function request(form: Record<string, unknown>): Promise<string> {
    const started = await as['rita']!.post<{ id: string }>('/api/instances', {
      workflowId: 'access-approval',
      input: form,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    return started.body.id;
  }

  async function decide(who: string, task: OpenTask, outcome: string, comment = 'ok') {
    const answer = await as[who]!.post(`/api/tasks/${encodeURIComponent(task.id)}/decide`, {
      outcome,
      comment,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  }

  const mailTo = (to: string, subject: string, since: number) =>
    pollUntil(
      `"${subject}" to ${to}`,
      async () =>
        smtp.messages
          .slice(since)
          .find((m) => m.recipients.includes(to) && headerOf(m.raw, 'Subject') === subject),
      WAIT,
    );

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
  }

  it('approved by the manager through the signed link: rita joins github-write in the directory and the channel is told', async () => {
    const mails = smtp.messages.length;
    const posts = chat.requests.length;
    const id = await request(accessForm());
    const mail = await mailTo('maria@example.test', 'Approval needed: Access request', mails);
    expect(Object.keys(decisionLinksOf(mail.raw))).toEqual(['Approve', 'Reject']);
    await followLink(mail, 'Approve', 'Fits the role');

    const done = await ended(id, 'completed');
    expect(done.output).toEqual({ system: 'github', accessLevel: 'write' });
    expect(members.get('github-write')).toEqual(['rita']);
    const patch = scim.requests.find((r) => r.path === '/scim/v2/Groups/github-write')!;
    expect(patch.headers['authorization']).toBe(`Bearer ${SCIM_TOKEN}`);
    expect(patch.json()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: [{ value: 'rita' }] }],
    });
    expect(chatTexts(posts)).toEqual([':key: rita now has write access to github (approved by maria).']);
    expect(done.history.filter((h) => h.type === 'task.decided').map((h) => h.actor)).toEqual(['maria']);
  });

  it('rejected by the manager: refused, nothing provisioned, nothing posted', async () => {
    const posts = chat.requests.length;
    const patches = scim.requests.length;
    const id = await request(accessForm({ system: 'confluence', accessLevel: 'read' }));
    const [task] = await tasksAt(id, 'managerApproval');
    await decide('maria', task!, 'rejected', 'Ask your team lead for the space instead');
    const done = await ended(id, 'rejected');
    expect(done.output).toEqual({ system: 'confluence' });
    expect(scim.requests.length).toBe(patches);
    expect(members.get('confluence-read')).toBeUndefined();
    expect(chat.requests.length).toBe(posts);
  });

  it('escalated to the service desk after three days without a decision; the desk grants it', async () => {
    const mails = smtp.messages.length;
    const id = await request(accessForm({ system: 'confluence', accessLevel: 'write' }));
    const [managerTask] = await tasksAt(id, 'managerApproval');
    expect(managerTask!.assignee).toEqual({ type: 'user', id: 'maria' });
    // Three days and a minute on the runtime's own clock: the due timer fires, the desk is asked.
    await advanceClock(admin(), 3 * DAY + 60_000);
    const [deskTask] = await tasksAt(id, 'serviceDesk');
    expect(deskTask!.assignee).toEqual({ type: 'group', id: 'service-desk' });
    await mailTo(
      'sam@example.test',
      'Approval needed: Escalated access request (manager did not answer)',
      mails,
    );
    await decide('sam', deskTask!, 'approved', 'Standard access for the docs team');
    await ended(id, 'completed');
    expect(members.get('confluence-write')).toEqual(['rita']);
  });

  it('withdrawn by the requester: the open task is cancelled, nothing provisioned, the history names her', async () => {
    const posts = chat.requests.length;
    const patches = scim.requests.length;
    const id = await request(accessForm({ accessLevel: 'admin' }));
    await tasksAt(id, 'managerApproval');
    const answer = await as['rita']!.post(`/api/instances/${encodeURIComponent(id)}/withdraw`, {
      reason: 'Read access is enough after all',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({ id, status: 'cancelled', withdrawn: true });
    const after = await detail(id);
    expect(after).toMatchObject({ status: 'cancelled', openTasks: [] });
    expect(after.history.find((h) => h.type === 'instance.withdraw')).toMatchObject({
      actor: 'rita',
      data: { by: 'rita', reason: 'Read access is enough after all' },
    });
    // Maria's task is gone: her decision is refused and nothing reaches the directory or the channel.
    const cancelled = await as['maria']!.get<{ items: { instanceId: string; nodeId: string }[] }>(
      `/api/tasks?instanceId=${encodeURIComponent(id)}&status=cancelled`,
    );
    expect(cancelled.body.items.filter((t) => t.instanceId === id).map((t) => t.nodeId)).toEqual([
      'managerApproval',
    ]);
    expect(scim.requests.length).toBe(patches);
    expect(members.get('github-admin')).toBeUndefined();
    expect(chat.requests.length).toBe(posts);
  });

  it('holds an incident while the directory is down, and provisions on the retry once it is back', async () => {
    const posts = chat.requests.length;
    scimDown = true;
    const id = await request(accessForm({ accessLevel: 'read' }));
    const [task] = await tasksAt(id, 'managerApproval');
    await decide('maria', task!, 'approved');
    // The task retries with backoff (30 s, then 60 s): move the runtime's clock past each wait.
    const stuck = await pollUntil(
      'an incident at addToGroup',
      async () => {
        const instance = await detail(id);
        if (instance.incidents.some((i) => i.nodeId === 'addToGroup')) return instance;
        await advanceClock(admin(), 5 * 60_000);
        return undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    expect(stuck.status).toBe('running');
    expect(stuck.incidents.find((i) => i.nodeId === 'addToGroup')!.error.message).toMatch(/503|maintenance/i);
    expect(members.get('github-read')).toBeUndefined();
    expect(chat.requests.length).toBe(posts);

    scimDown = false;
    const retried = await admin().post(`/api/instances/${encodeURIComponent(id)}/retry`, {
      nodeId: 'addToGroup',
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    await ended(id, 'completed');
    expect(members.get('github-read')).toEqual(['rita']);
    expect(chatTexts(posts)).toEqual([':key: rita now has read access to github (approved by maria).']);
  });
});
