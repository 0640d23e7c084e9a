import { createHmac } from 'node:crypto';
import { startHttpPeer, type HttpPeer } from '@flowline/connector-sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { instanceWaits } from '../support/instanceWaits';
import { seedUsers } from '../support/runtimeInternals';
import { advanceClock, readClock } from '../support/testClock';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const PASSWORD = 'correct horse battery staple';
const SECRET_KEY = Buffer.from('the monitoring webhook secret, 32+ bytes');
const SECRET = `whsec_${SECRET_KEY.toString('base64')}`;
const CHAT_PATH = '/services/T0000/B0000/incidents';
const WAIT = { timeoutMs: 30_000, intervalMs: 100 };
const MINUTE = 60_000;

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
}

describe('the major-incident example on a real runtime, against a paging service and a chat webhook', () => {
  const data = createTempDir('incident');
  let runtime: RuntimeProcess;
  let paging: HttpPeer;
  let chat: HttpPeer;
  const as: Record<string, ApiClient> = {};

  beforeAll(async () => {
    // The paging service (PagerDuty, Opsgenie… behind a small adapter): an alert id that says so is refused.
    paging = await startHttpPeer({
      'POST /pages': (req) =>
        String((req.json() as { dedupKey: string }).dedupKey).includes('refused')
          ? { status: 400, json: { error: 'unknown routing key' } }
          : { status: 202, json: { status: 'success' } },
    });
    chat = await startHttpPeer({ [`POST ${CHAT_PATH}`]: () => ({ text: 'ok' }) });
    const user = (id: string, roles: ('admin' | 'approver')[], groups: string[] = []) => ({
      id,
      email: `${id}@example.test`,
      password: PASSWORD,
      roles,
      groups,
    });
    await seedUsers(data.path, [
      user('alex', ['admin']),
      user('omar', ['approver'], ['on-call']),
      user('ingrid', ['approver'], ['incident-managers']),
      user('olga', ['approver']),
    ]);
    runtime = await startRuntime({
      dataDir: data.path,
      seedExamples: true,
      testClock: true,
      env: { FLOWLINE_WEBHOOK_SECRETS: JSON.stringify({ monitoring: SECRET }) },
    });
    for (const id of ['alex', 'omar', 'ingrid', 'olga']) {
      as[id] = createApiClient(runtime.url);
      await as[id].signIn(`${id}@example.test`, PASSWORD);
    }
    const connections: [string, unknown][] = [
      [
        '/api/connections/http/paging',
        { credentials: { auth: { type: 'none' } }, settings: { baseUrl: paging.url } },
      ],
      ['/api/connections/slack/incident-channel', { credentials: { webhookUrl: `${chat.url}${CHAT_PATH}` } }],
    ];
    for (const [path, body] of connections) {
      const saved = await as['alex']!.put(path, body);
      expect(saved.status, `${path}: ${JSON.stringify(saved.body)}`).toBe(200);
    }
  });

  afterAll(async () => {
    await killAllRuntimes();
    await Promise.all([paging?.close(), chat?.close()]);
    data.remove();
  });

  const admin = () => as['alex']!;
  const { detail, ended, tasksAt } = instanceWaits<Instance>(admin, WAIT);

  /**
   * What monitoring sends: a Standard Webhooks message whose id is the alert id, firing and
   * resolved alike.
   */
  async function sendAlert(alert: Record<string, unknown>, signWith = SECRET_KEY) {
    const body = JSON.stringify(alert);
    const timestamp = String(Math.floor((await readClock(admin())) / 1000));
    const id = String(alert['alertId']);
    const signature = createHmac('sha256', signWith).update(`${id}.${timestamp}.${body}`).digest('base64');
    return fetch(`${runtime.url}/api/webhooks/major-incident`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': `v1,${signature}`,
      },
      body,
    });
  }

  async function complete(who: string, task: OpenTask, outcome: string, form?: Record<string, string>) {
    const answer = await as[who]!.post(`/api/tasks/${encodeURIComponent(task.id)}/decide`, {
      outcome,
      ...(form ? { form } : {}),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  }

  const pagesFor = (alertId: string) =>
    paging.requests
      .map((r) => r.json() as { target: string; dedupKey: string })
      .filter((p) => p.dedupKey === alertId);
  const chatSaid = (text: string) =>
    pollUntil(
      `a chat message with "${text}"`,
      async () => chat.requests.map((r) => (r.json() as { text: string }).text).find((t) => t.includes(text)),
      WAIT,
    );

  it('opens one run per alert, escalates after 15 minutes, posts updates, closes on the resolved alert and the review', async () => {
    const alert = {
      alertId: 'prom-erp-503',
      service: 'erp',
      severity: 'critical',
      summary: 'ERP answers 503',
    };
    const first = await sendAlert(alert);
    expect(first.status).toBe(202);
    const { instanceId: id } = (await first.json()) as { instanceId: string };
    // Operators find the run by the alert id: the workflow's business key.
    const found = await admin().get<{ items: { id: string; businessKey?: string }[] }>(
      '/api/instances?businessKeyPrefix=prom-erp',
    );
    expect(found.body.items).toEqual([expect.objectContaining({ id, businessKey: 'prom-erp-503' })]);
    const [ack] = await tasksAt(id, 'ackOnCall');
    expect(ack).toMatchObject({ assignee: { type: 'group', id: 'on-call' } });
    await chatSaid(':rotating_light: *P1 erp*: ERP answers 503 (alert prom-erp-503)');
    await chatSaid('Paging the on-call; acknowledge within 15 minutes.');

    // Monitoring fires the same alert again: the same run, nothing paged twice.
    const again = await sendAlert({ ...alert, summary: 'ERP still answers 503' });
    expect(again.status).toBe(202);
    expect(((await again.json()) as { instanceId: string }).instanceId).toBe(id);
    expect(pagesFor('prom-erp-503')).toEqual([expect.objectContaining({ target: 'on-call' })]);

    // Nobody acknowledges: after 15 minutes the channel is told and the incident managers paged.
    await advanceClock(admin(), 16 * MINUTE);
    await chatSaid('was not acknowledged within 15 minutes');
    const [escalated] = await tasksAt(id, 'ackManagers');
    expect((await detail(id)).openTasks.map((t) => t.nodeId)).not.toContain('ackOnCall');
    await pollUntil('the second page', async () => pagesFor('prom-erp-503')[1], WAIT);
    expect(pagesFor('prom-erp-503').map((p) => p.target)).toEqual(['on-call', 'incident-managers']);
    await complete('ingrid', escalated!, 'acknowledged');
    await chatSaid(':eyes: ingrid acknowledged *P1 erp*');
    await tasksAt(id, 'markResolved');

    // Half an hour on, still open: a status update.
    await advanceClock(admin(), 31 * MINUTE);
    await chatSaid('*P1 erp*: ERP answers 503 is still open after');

    // The resolved alert, to the same webhook with the same message id: it goes to the run.
    const resolvedAlert = { ...alert, status: 'resolved', note: 'Connection pool raised' };
    const resolved = await sendAlert(resolvedAlert);
    expect(resolved.status).toBe(202);
    expect(await resolved.json()).toEqual({
      event: 'alert.resolved',
      correlationKey: 'prom-erp-503',
      reached: 1,
      buffered: false,
    });
    await chatSaid('resolved after');
    // The sender's retry reaches nothing again.
    expect(await (await sendAlert(resolvedAlert)).json()).toMatchObject({ reached: 0 });
    const [review] = await tasksAt(id, 'review');
    expect(review).toMatchObject({ assignee: { type: 'user', id: 'olga' } });
    expect(review!.dueAt).toBeGreaterThan((await readClock(admin())) + 4 * 24 * 60 * MINUTE);
    await complete('olga', review!, 'done', { rootCause: 'Pool too small for Monday traffic' });

    const done = await ended(id, 'completed');
    expect(done.output).toMatchObject({
      alertId: 'prom-erp-503',
      severity: 'P1',
      acknowledgedBy: 'ingrid',
      escalated: true,
      resolvedBy: 'monitoring',
      resolution: 'Connection pool raised',
      statusUpdates: 1,
      review: 'done',
      rootCause: 'Pool too small for Monday traffic',
    });
    expect(done.output!['minutesToAcknowledge']).toBeGreaterThanOrEqual(15);
    expect(done.output!['minutesToResolve']).toBeGreaterThanOrEqual(47);
    expect(
      chat.requests.filter((r) => (r.json() as { text: string }).text.includes('resolved after')),
    ).toHaveLength(1);
  });

  it('keeps a resolved alert that comes before its run waits, opening nothing; the run then takes it', async () => {
    const runs = async () =>
      (await admin().get<{ items: unknown[] }>('/api/instances?workflowId=major-incident&limit=100')).body
        .items.length;
    const before = await runs();
    const flapping = { alertId: 'prom-erp-flap', service: 'erp', severity: 'P1', summary: 'ERP flaps' };
    const at = await readClock(admin());
    // Monitoring's "resolved" overtakes its "firing" (out of order): no run waits for it yet.
    const resolved = await sendAlert({ ...flapping, status: 'resolved', note: 'Back after a restart' });
    expect(resolved.status).toBe(202);
    const kept = (await resolved.json()) as { message: { expiresAt: number } };
    expect(kept).toEqual({
      event: 'alert.resolved',
      correlationKey: 'prom-erp-flap',
      reached: 0,
      buffered: true,
      message: { id: expect.any(String), expiresAt: expect.any(Number), taken: false },
    });
    // Kept 10 minutes from when it came (the test clock runs on from `at`).
    expect(kept.message.expiresAt - at).toBeGreaterThanOrEqual(10 * MINUTE);
    expect(kept.message.expiresAt - (await readClock(admin()))).toBeLessThanOrEqual(10 * MINUTE);
    expect(await runs()).toBe(before);
    expect(pagesFor('prom-erp-flap')).toEqual([]);

    // The firing alert starts the run; once it waits (the acknowledgement) it takes the kept one.
    const fired = await sendAlert(flapping);
    const { instanceId: id } = (await fired.json()) as { instanceId: string };
    const [review] = await tasksAt(id, 'review');
    expect((await detail(id)).openTasks.map((t) => t.nodeId)).toEqual(['review']);
    await complete('olga', review!, 'done', {
      rootCause: 'A flapping load balancer',
    });
    const done = await ended(id, 'completed');
    expect(done.output).toMatchObject({
      alertId: 'prom-erp-flap',
      acknowledgedAt: null,
      resolvedBy: 'monitoring',
      resolution: 'The alert resolved before anyone acknowledged it.',
    });
  });

  it('keeps a resolved alert no run waits for at most 10 minutes', async () => {
    const resolved = await sendAlert({
      alertId: 'never-fired',
      service: 'vpn',
      severity: 'P1',
      summary: 'VPN down',
      status: 'resolved',
    });
    expect(await resolved.json()).toMatchObject({ reached: 0, buffered: true });
    await advanceClock(admin(), 11 * MINUTE);
    const fired = await sendAlert({
      alertId: 'never-fired',
      service: 'vpn',
      severity: 'P1',
      summary: 'VPN down',
    });
    const { instanceId: id } = (await fired.json()) as { instanceId: string };
    // Expired: the run waits for an acknowledgement as any other.
    const [ack] = await tasksAt(id, 'ackOnCall');
    expect(ack).toMatchObject({ assignee: { type: 'group', id: 'on-call' } });
  });

  it('starts nothing for an alert with a wrong signature', async () => {
    const refused = await sendAlert(
      { alertId: 'forged-1', service: 'erp', severity: 'P1', summary: 'x' },
      Buffer.from('not the secret, but long enough'),
    );
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(pagesFor('forged-1')).toEqual([]);
  });

  it('tells the channel to phone the on-call when the paging service refuses, and goes on', async () => {
    const sent = await readClock(admin());
    const started = await sendAlert({
      alertId: 'refused-7',
      service: 'erp',
      severity: 'P2',
      summary: 'Slow ERP',
    });
    const { instanceId: id } = (await started.json()) as { instanceId: string };
    await chatSaid('Paging the on-call for *P2 erp*: Slow ERP failed. Phone them now');
    const [ack] = await tasksAt(id, 'ackOnCall');
    // A P2's acknowledgement is due half an hour after its task opened (a P1's in 15 minutes).
    const seen = await readClock(admin());
    expect(ack!.dueAt).toBeGreaterThanOrEqual(sent + 30 * MINUTE);
    expect(ack!.dueAt).toBeLessThanOrEqual(seen + 30 * MINUTE);
    expect((await detail(id)).incidents).toEqual([]);
    await complete('omar', ack!, 'acknowledged');
    const [mark] = await tasksAt(id, 'markResolved');
    await complete('omar', mark!, 'resolved', { resolution: 'Restarted the app servers' });
    const [review] = await tasksAt(id, 'review');
    await complete('olga', review!, 'done', { rootCause: 'Memory leak' });
    const done = await ended(id, 'completed');
    expect(done.output).toMatchObject({
      acknowledgedBy: 'omar',
      escalated: false,
      resolvedBy: 'omar',
      resolution: 'Restarted the app servers',
    });
  });

  it('lets the on-call declare one from the portal form; a resolved alert with its reference closes it', async () => {
    const started = await as['omar']!.post<{ id: string }>('/api/instances', {
      workflowId: 'major-incident-declare',
      input: { service: 'erp', severity: 'P2', summary: 'Invoices fail to print', reference: 'INC0099' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await pollUntil('the page for INC0099', async () => pagesFor('INC0099')[0], WAIT);
    // Starting the escalation workflow itself through the API is refused: it starts from its webhook.
    const direct = await admin().post('/api/instances', { workflowId: 'major-incident', input: {} });
    expect(direct.status).toBe(403);
    // Monitoring's resolved alert for the same id reaches the run the portal started.
    const resolved = await sendAlert({
      alertId: 'INC0099',
      service: 'erp',
      severity: 'P2',
      summary: 'Invoices print again',
      status: 'resolved',
    });
    expect(await resolved.json()).toEqual({
      event: 'alert.resolved',
      correlationKey: 'INC0099',
      reached: 1,
      buffered: false,
    });
    const review = await pollUntil(
      'the review task',
      async () => {
        const tasks = await as['olga']!.get<{ items: { id: string; nodeId: string }[] }>('/api/tasks');
        return tasks.body.items.find((t) => t.nodeId === 'review');
      },
      WAIT,
    );
    await complete('olga', { ...review, assignee: { type: 'user', id: 'olga' }, dueAt: null }, 'done', {
      rootCause: 'A printer driver update',
    });
    const done = await ended(started.body.id, 'completed');
    expect(done.output).toMatchObject({
      incident: {
        alertId: 'INC0099',
        acknowledgedAt: null,
        resolvedBy: 'monitoring',
        resolution: 'The alert resolved before anyone acknowledged it.',
        review: 'done',
      },
    });
  });
});
