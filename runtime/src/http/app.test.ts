import { accessApprovalV1 } from '@flowline/examples';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';

const form = { system: 'crm', accessLevel: 'read', justification: 'Sales onboarding', manager: 'maria' };

describe('HTTP API', () => {
  let t: TestApp;
  let rt: TestApp['rt'];
  let app: TestApp['app'];
  let call: TestApp['call'];

  beforeEach(async () => {
    t = await createTestApp();
    ({ rt, app, call } = t);
    await t.user('ada', ['admin']);
    await t.user('dan', ['designer']);
    await t.user('maria', ['approver']);
    await t.user('mallory', ['approver']);
    await t.user('vic', ['viewer']);
  });
  afterEach(() => t.close());

  async function publishExample() {
    const definition = accessApprovalV1;
    const saved = await call('dan', 'PUT', '/api/definitions/access-approval', { definition, draftRev: 0 });
    expect(saved.status).toBe(200);
    const published = await call('dan', 'POST', '/api/definitions/access-approval/publish');
    expect(published.status).toBe(201);
    expect(await published.json()).toMatchObject({ workflowId: 'access-approval', version: 1 });
  }

  it('publishes the approval example, starts it, refuses the wrong approver and completes on the right one', async () => {
    await publishExample();
    const started = await call('dan', 'POST', '/api/instances', {
      workflowId: 'access-approval',
      input: form,
    });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    const inbox = (await (await call('maria', 'GET', '/api/tasks')).json()) as { items: { id: string }[] };
    expect(inbox.items).toHaveLength(1);
    const taskId = inbox.items[0]!.id;
    const detail = await call('maria', 'GET', `/api/tasks/${encodeURIComponent(taskId)}`);
    expect(await detail.json()).toMatchObject({ request: { input: form } });
    const wrong = await call('mallory', 'POST', `/api/tasks/${encodeURIComponent(taskId)}/decide`, {
      outcome: 'approved',
    });
    // Mallory has nothing to do with the request: the task is as missing to him as its instance.
    expect(wrong.status).toBe(404);
    expect(await wrong.json()).toMatchObject({ code: 'NOT_FOUND' });
    const right = await call('maria', 'POST', `/api/tasks/${encodeURIComponent(taskId)}/decide`, {
      outcome: 'approved',
      comment: 'ok',
    });
    expect(right.status).toBe(200);
    const again = await call('maria', 'POST', `/api/tasks/${encodeURIComponent(taskId)}/decide`, {
      outcome: 'rejected',
      comment: 'changed my mind',
    });
    expect(again.status).toBe(409);
    const instance = (await (await call('vic', 'GET', `/api/instances/${id}`)).json()) as {
      status: string;
      history: { type: string; actor?: string }[];
    };
    expect(instance.status).toBe('completed');
    expect(instance.history.find((h) => h.type === 'task.decided')).toMatchObject({ actor: 'maria' });
  });

  it('refuses a definition with errors at publish, with node-addressed issues', async () => {
    const definition = structuredClone(accessApprovalV1) as { edges: unknown[] };
    definition.edges = definition.edges.slice(1);
    await call('dan', 'PUT', '/api/definitions/access-approval', { definition, draftRev: 0 });
    const published = await call('dan', 'POST', '/api/definitions/access-approval/publish');
    expect(published.status).toBe(422);
    const body = (await published.json()) as { issues: { code: string; nodeId?: string }[] };
    expect(body.issues).toContainEqual(
      expect.objectContaining({ code: 'UNREACHABLE_NODE', nodeId: 'managerApproval' }),
    );
  });

  it('answers bad input with 400 and field-level issues, and changes nothing', async () => {
    await publishExample();
    const cases: [string, string, unknown][] = [
      ['POST', '/api/instances', { workflowId: 'access-approval', input: { ...form, accessLevel: 'root' } }],
      ['POST', '/api/instances', { input: form }],
      ['POST', '/api/instances', { workflowId: 'access-approval', input: { ...form, extra: 'x' } }],
      [
        'POST',
        '/api/instances',
        '{"workflowId": "access-approval", "input": {"__proto__": {"admin": true}}}',
      ],
      ['POST', '/api/instances', '{not json'],
      [
        'POST',
        '/api/instances',
        `{"workflowId": "access-approval", "input": ${JSON.stringify(form).slice(0, -1)}, "__proto__": {"admin": true}}}`,
      ],
      [
        'POST',
        '/api/events',
        '{"event": "e", "correlationKey": "k", "payload": {"constructor": {"prototype": {}}}}',
      ],
      ['PUT', '/api/definitions/access-approval', { definition: { id: 'x' }, draftRev: 1 }],
      ['POST', '/api/events', { event: '', correlationKey: 'k' }],
    ];
    for (const [method, path, body] of cases) {
      const response = await call('ada', method, path, body);
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      const json = (await response.json()) as { code: string; issues?: unknown[] };
      expect(json.code).toBe('INVALID_INPUT');
    }
    const listed = (await (await call('ada', 'GET', '/api/instances')).json()) as { items: unknown[] };
    expect(listed.items).toEqual([]);
  });

  it('accepts only JSON bodies, up to the size limit', async () => {
    const text = await call('ada', 'POST', '/api/instances', 'workflowId=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(text.status).toBe(415);
    const big = await call('ada', 'POST', '/api/instances', {
      workflowId: 'access-approval',
      input: { justification: 'x'.repeat(100_000) },
    });
    expect(big.status).toBe(413);
  });

  it('gives 404 for unknown things and 401 without credentials', async () => {
    expect((await call('ada', 'GET', '/api/instances/nope')).status).toBe(404);
    expect((await call('ada', 'POST', '/api/instances', { workflowId: 'nope', input: {} })).status).toBe(404);
    expect((await call(null, 'GET', '/api/instances')).status).toBe(401);
    // A path no endpoint serves: 404 once signed in, 401 before (no probing for routes).
    expect((await call('ada', 'POST', '/api/tasks/x/decision', {})).status).toBe(404);
    expect((await call(null, 'GET', '/api/nothing-here')).status).toBe(401);
  });

  it('lets viewers read but change nothing', async () => {
    await publishExample();
    expect((await call('vic', 'GET', '/api/definitions')).status).toBe(200);
    expect(
      (await call('vic', 'POST', '/api/instances', { workflowId: 'access-approval', input: form })).status,
    ).toBe(403);
    expect((await call('vic', 'POST', '/api/definitions/access-approval/publish')).status).toBe(403);
  });

  it('serves an OpenAPI 3.1 document that lists the routes', async () => {
    const doc = (await (await call(null, 'GET', '/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/instances', '/api/tasks/{id}/decide', '/api/definitions/{id}/publish']),
    );
    expect((await call(null, 'GET', '/api/docs')).status).toBe(200);
  });

  it('delivers an event by correlation key to the waiting instance', async () => {
    const definition = {
      id: 'wait-ticket',
      name: 'Wait for ticket',
      input: [{ key: 'ticket', label: 'Ticket', type: 'string', required: true }],
      nodes: [
        { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
        {
          id: 'w',
          name: 'Resolved?',
          kind: 'wait',
          wait: { type: 'event', event: 'ticket.resolved', correlationKey: 'input.ticket' },
        },
        { id: 'done', name: 'Done', kind: 'end' },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'w' },
        { id: 'e2', source: 'w', target: 'done' },
      ],
    };
    await call('dan', 'PUT', '/api/definitions/wait-ticket', { definition, draftRev: 0 });
    await call('dan', 'POST', '/api/definitions/wait-ticket/publish');
    const { id } = (await (
      await call('dan', 'POST', '/api/instances', { workflowId: 'wait-ticket', input: { ticket: 'INC9' } })
    ).json()) as { id: string };
    const sent = await call('dan', 'POST', '/api/events', {
      event: 'ticket.resolved',
      correlationKey: 'INC9',
      payload: { by: 'ops' },
    });
    expect(await sent.json()).toEqual({ matched: 1, delivered: 1 });
    expect(
      ((await (await call('dan', 'GET', `/api/instances/${id}`)).json()) as { status: string }).status,
    ).toBe('completed');
  });

  it('decides by e-mail link only on POST from the confirmation page, once', async () => {
    await publishExample();
    await call('dan', 'POST', '/api/instances', { workflowId: 'access-approval', input: form });
    const [task] = ((await (await call('maria', 'GET', '/api/tasks')).json()) as { items: { id: string }[] })
      .items;
    const minted = await call('maria', 'POST', `/api/tasks/${encodeURIComponent(task!.id)}/links`);
    expect(minted.status).toBe(201);
    const { links } = (await minted.json()) as { links: Record<string, string> };
    const approve = links['approved']!;
    const preview = await app.request(approve);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('Nothing has been decided yet');
    expect((await rt.store.getTask(task!.id))?.status).toBe('open');
    const tampered = await app.request(`${approve.slice(0, -3)}abc`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(tampered.status).toBe(400);
    const confirm = () =>
      app.request(approve, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'comment=by+mail',
      });
    expect((await confirm()).status).toBe(200);
    expect((await rt.store.getTask(task!.id))?.decision).toMatchObject({
      outcome: 'approved',
      by: 'maria',
      comment: 'by mail',
    });
    expect((await confirm()).status).toBe(409);
  });

  it('lets an admin create users and anyone create API tokens with at most their own roles', async () => {
    const weak = await call('ada', 'POST', '/api/users', {
      email: 'new@example.com',
      name: 'New',
      password: 'short',
      roles: ['approver'],
    });
    expect(weak.status).toBe(400);
    expect(
      (await call('ada', 'POST', '/api/groups', { id: 'service-desk', name: 'Service desk' })).status,
    ).toBe(201);
    const created = await call('ada', 'POST', '/api/users', {
      email: 'new@example.com',
      name: 'New',
      password: 'a long enough passphrase',
      roles: ['approver'],
      groups: ['service-desk'],
    });
    expect(created.status).toBe(201);
    expect(await created.json()).not.toHaveProperty('passwordHash');
    expect(
      (
        await call('dan', 'POST', '/api/users', {
          email: 'x@example.com',
          name: 'X',
          password: 'a long enough passphrase',
          roles: ['admin'],
        })
      ).status,
    ).toBe(403);
    expect((await call('maria', 'POST', '/api/tokens', { name: 'ci', roles: ['admin'] })).status).toBe(403);
    const token = await call('maria', 'POST', '/api/tokens', { name: 'ci', roles: ['approver'] });
    expect(token.status).toBe(201);
    const secret = ((await token.json()) as { token: string }).token;
    const me = await app.request('/api/auth/me', { headers: { authorization: `Bearer ${secret}` } });
    expect(await me.json()).toMatchObject({ id: 'maria' });
  });

  it('stores connections encrypted, validates them against the connector, and never returns credentials', async () => {
    expect((await call('dan', 'PUT', '/api/connections/counter/main', { credentials: {} })).status).toBe(403);
    expect((await call('ada', 'PUT', '/api/connections/nope/main', { credentials: {} })).status).toBe(404);
    const saved = await call('ada', 'PUT', '/api/connections/counter/main', {
      credentials: {},
      settings: {},
    });
    expect(saved.status).toBe(200);
    // Admins manage connections; designers see names to pick one; approvers and viewers nothing.
    expect(await (await call('ada', 'GET', '/api/connections')).json()).toEqual({
      items: [
        { id: expect.any(String), name: 'main', connectorId: 'counter', updatedAt: expect.any(Number) },
      ],
    });
    expect(await (await call('dan', 'GET', '/api/connections')).json()).toEqual({
      items: [{ name: 'main', connectorId: 'counter' }],
    });
    expect((await call('maria', 'GET', '/api/connections')).status).toBe(403);
    expect((await call('vic', 'GET', '/api/connections')).status).toBe(403);
  });

  it('starts an instance from a signed webhook, refusing bad signatures; a message delivered again gets its first instance', async () => {
    const definition = {
      id: 'from-itsm',
      name: 'From ITSM',
      input: [{ key: 'ticket', label: 'Ticket', type: 'string', required: true }],
      nodes: [
        {
          id: 'start',
          name: 'Start',
          kind: 'trigger',
          trigger: {
            type: 'webhook',
            signature: { scheme: 'standard-webhooks', secretName: 'itsm' },
            input: { ticket: 'body.number' },
          },
        },
        { id: 'done', name: 'Done', kind: 'end', output: { ticket: 'input.ticket' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'done' }],
    };
    await call('dan', 'PUT', '/api/definitions/from-itsm', { definition, draftRev: 0 });
    await call('dan', 'POST', '/api/definitions/from-itsm/publish');
    const body = JSON.stringify({ number: 'INC42', __meta: 'x' });
    const timestamp = String(Math.floor(rt.clock.now() / 1000));
    const key = Buffer.from('a webhook secret of enough length');
    const { createHmac } = await import('node:crypto');
    const sign = (id: string, content: string) =>
      `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${content}`).digest('base64')}`;
    const send = (id: string, signature: string, content = body) =>
      app.request('/api/webhooks/from-itsm', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': timestamp,
          'webhook-signature': signature,
        },
        body: content,
      });
    expect((await send('msg_1', sign('msg_1', body).replace(/.$/, 'A'))).status).toBe(401);
    expect((await send('msg_1', sign('msg_1', body), body.replace('42', '43'))).status).toBe(401);
    const ok = await send('msg_1', sign('msg_1', body));
    expect(ok.status).toBe(202);
    const { instanceId } = (await ok.json()) as { instanceId: string };
    expect(await rt.store.getInstance(instanceId)).toMatchObject({
      status: 'completed',
      output: { ticket: 'INC42' },
    });
    // The sender's retry (or a replay inside the window) starts nothing new: it gets the same instance.
    const again = await send('msg_1', sign('msg_1', body));
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ instanceId });
    expect((await rt.store.listInstances({ workflowId: 'from-itsm' }, { limit: 10 })).items).toHaveLength(1);

    // A message refused for its input is not used up: once the workflow takes it, it starts.
    const numeric = JSON.stringify({ number: 7 });
    const refused = await send('msg_2', sign('msg_2', numeric), numeric);
    expect(refused.status).toBe(400);
    const takesNumbers = { ...definition, input: [{ key: 'ticket', label: 'Ticket', type: 'number' }] };
    expect(
      (await call('dan', 'PUT', '/api/definitions/from-itsm', { definition: takesNumbers, draftRev: 1 }))
        .status,
    ).toBe(200);
    expect((await call('dan', 'POST', '/api/definitions/from-itsm/publish')).status).toBe(201);
    const accepted = await send('msg_2', sign('msg_2', numeric), numeric);
    expect(accepted.status).toBe(202);
    const second = ((await accepted.json()) as { instanceId: string }).instanceId;
    expect(second).not.toBe(instanceId);
    expect(await rt.store.getInstance(second)).toMatchObject({ status: 'completed', output: { ticket: 7 } });
    // The first message again, now that the workflow's form would refuse its body: still its
    // instance; and a replay that adds ?wait hears the instance id, never the run's output.
    for (const query of ['', '?wait=1000']) {
      const replay = await app.request(`/api/webhooks/from-itsm${query}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': 'msg_1',
          'webhook-timestamp': timestamp,
          'webhook-signature': sign('msg_1', body),
        },
        body,
      });
      expect(replay.status).toBe(202);
      expect(await replay.json()).toEqual({ instanceId });
    }
  });

  it('e-mails a new approval task to its approver with signed links that decide it', async () => {
    await publishExample();
    const mailbox = await t.mailbox();
    await call('dan', 'POST', '/api/instances', { workflowId: 'access-approval', input: form });
    await rt.runJobs();
    expect(mailbox.received()).toHaveLength(1);
    const mail = mailbox.received()[0]!;
    expect(mail).toMatchObject({ to: 'maria@example.com', subject: 'Approval needed: Access request' });
    const approve = mail.links['Approve']!.replace('http://flowline.test', '');
    expect((await app.request(approve)).status).toBe(200);
    const decided = await app.request(approve, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(decided.status).toBe(200);
    const [task] = (await rt.store.listTasks({ assigneeUserId: 'maria' }, { limit: 5 })).items;
    expect(task).toMatchObject({ status: 'decided', decision: { outcome: 'approved', by: 'maria' } });
  });
});
