import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';

/**
 * Walks every operation of the OpenAPI document with a real request, as its documented callers
 * would, so each success answer (and the common refusals) is held against the document by the test
 * app's conformance check. The last test fails when an operation was never exercised: a new route
 * must join the tour.
 */
describe('the OpenAPI document, operation by operation', () => {
  let t: TestApp;
  const json = async <T>(response: Response, status: number): Promise<T> => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const at = (path: string, ...ids: string[]) =>
    ids.reduce((p, id) => p.replace(/\{[^}]+\}/, encodeURIComponent(id)), path);

  const approval = (id: string, approver: string) =>
    aWorkflow(id)
      .input({ key: 'days', label: 'Days', type: 'number' })
      .nodes(
        n.trigger(),
        n.approval('ok', { assignees: [{ type: 'user', id: approver }], allowDelegation: true }),
        n.end('yes'),
        n.end('no', 'rejected'),
      )
      .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
      .document();
  const waiting = aWorkflow('waiting')
    .nodes(n.trigger(), n.wait('hold', { type: 'event', event: 'go', correlationKey: '"k1"' }), n.end('done'))
    .edges('start -> hold', 'hold -> done')
    .document();
  const form = aWorkflow('form')
    .nodes({ id: 'start', name: 'start', kind: 'trigger', trigger: { type: 'form' } }, n.end('done'))
    .edges('start -> done')
    .document();
  const hook = aWorkflow('hook')
    .nodes({ id: 'start', name: 'start', kind: 'trigger', trigger: { type: 'webhook' } }, n.end('done'))
    .edges('start -> done')
    .document();

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('dora', ['designer']);
    await t.user('maria', ['approver']);
    await t.user('olga', ['approver']);
    await t.user('vic', ['viewer']);
  });
  afterAll(() => t.rt.close());

  it('signs in, reads and changes its own password, signs out', async () => {
    const { response, session } = await t.signIn('maria@example.com', 'correct horse battery staple');
    await json(response, 200);
    await json(await session('GET', '/api/auth/me'), 200);
    await json(
      await session('POST', '/api/auth/password', {
        current: 'correct horse battery staple',
        next: 'a quiet lighthouse keeps forty lamps',
      }),
      204,
    );
    await json(await session('POST', '/api/auth/sign-out'), 204);
  });

  it('drafts, validates, publishes and reads definitions', async () => {
    await json(await t.call('dora', 'POST', '/api/definitions/validate', approval('leave', 'maria')), 200);
    for (const definition of [
      approval('leave', 'maria'),
      approval('orphan', 'nobody'),
      waiting,
      hook,
      form,
    ]) {
      const path = at('/api/definitions/{id}', definition.id);
      await json(await t.call('dora', 'PUT', path, { definition, draftRev: 0 }), 200);
      await json(await t.call('dora', 'POST', `${path}/publish`), 201);
    }
    await json(await t.call('vic', 'GET', '/api/definitions'), 200);
    await json(await t.call('vic', 'GET', '/api/definitions/leave'), 200);
    await json(await t.call('vic', 'GET', '/api/definitions/leave/versions'), 200);
    await json(await t.call('vic', 'GET', '/api/definitions/leave/versions/1'), 200);
    const scratch = approval('scratch', 'maria');
    await json(
      await t.call('dora', 'PUT', '/api/definitions/scratch', { definition: scratch, draftRev: 0 }),
      200,
    );
    await json(await t.call('dora', 'DELETE', '/api/definitions/scratch?draftRev=1'), 204);
    await json(await t.call('dora', 'POST', '/api/definitions/orphan/deactivate'), 200);
    await json(await t.call('dora', 'POST', '/api/definitions/orphan/activate'), 200);
  });

  it('starts, lists, inspects, and decides, delegates and links an approval', async () => {
    const { id } = await json<{ id: string }>(
      await t.call('dora', 'POST', '/api/instances', { workflowId: 'leave', input: { days: 2 } }),
      201,
    );
    await json(await t.call('vic', 'GET', '/api/instances?workflowId=leave'), 200);
    await json(await t.call('dora', 'GET', '/api/request-forms'), 200);
    await json(await t.call('dora', 'GET', '/api/request-forms/form'), 200);
    await json(await t.call('vic', 'GET', at('/api/instances/{id}', id)), 200);
    await json(await t.call('vic', 'GET', at('/api/instances/{id}/definition', id)), 200);
    await json(await t.call('dora', 'GET', '/api/people?q=v'), 200);
    await json(await t.call('ada', 'GET', '/api/admin/tokens'), 200);
    await t.token('ada', ['viewer'], 'spare');
    expect((await t.call('ada', 'DELETE', at('/api/admin/tokens/{id}', 't-spare'))).status).toBe(204);
    const { items } = await json<{ items: { id: string }[] }>(
      await t.call('maria', 'GET', '/api/tasks'),
      200,
    );
    const task = items[0]!.id;
    await json(await t.call('maria', 'GET', at('/api/tasks/{id}', task)), 200);
    await json(await t.call('maria', 'POST', at('/api/tasks/{id}/links', task)), 201);
    await json(await t.call('maria', 'POST', at('/api/tasks/{id}/delegate', task), { to: 'olga' }), 200);
    await json(
      await t.call('olga', 'POST', at('/api/tasks/{id}/decide', task), { outcome: 'approved' }),
      200,
    );
    // The common refusals, each as documented.
    await json(
      await t.call('olga', 'POST', at('/api/tasks/{id}/decide', task), { outcome: 'approved' }),
      409,
    );
    await json(await t.call('vic', 'POST', at('/api/tasks/{id}/decide', task), { outcome: 'approved' }), 403);
    await json(await t.call(null, 'GET', at('/api/tasks/{id}', task)), 401);
    await json(await t.call('maria', 'GET', at('/api/instances/{id}', 'no-such')), 404);
    await json(await t.call('dora', 'POST', '/api/instances', { workflowId: 'leave', input: 'x' }), 400);
    await json(await t.call('dora', 'POST', '/api/instances', 'x', { 'content-type': 'text/plain' }), 415);
    await json(
      await t.call('dora', 'POST', '/api/instances', {
        workflowId: 'leave',
        input: { pad: 'x'.repeat(70_000) },
      }),
      413,
    );
  });

  it('retries an incident, sends events, cancels', async () => {
    const orphan = await json<{ id: string }>(
      await t.call('dora', 'POST', '/api/instances', { workflowId: 'orphan', input: { days: 1 } }),
      201,
    );
    const shown = await json<{ incidents: unknown[] }>(
      await t.call('dora', 'GET', at('/api/instances/{id}', orphan.id)),
      200,
    );
    expect(shown.incidents).toHaveLength(1);
    // The runs list marks it and finds it by "has incident", without reading its snapshot.
    const withIncident = await json<{ items: { id: string; openIncidents?: number }[] }>(
      await t.call('dora', 'GET', '/api/instances?hasIncident=true'),
      200,
    );
    expect(withIncident.items).toEqual([expect.objectContaining({ id: orphan.id, openIncidents: 1 })]);
    await json(
      await t.call('dora', 'POST', at('/api/instances/{id}/retry', orphan.id), { nodeId: 'ok' }),
      200,
    );
    await json(await t.call('dora', 'POST', at('/api/instances/{id}/cancel', orphan.id), {}), 200);
    const calm = await json<{ items: { id: string }[] }>(
      await t.call('dora', 'GET', '/api/instances?hasIncident=true'),
      200,
    );
    expect(calm.items.map((i) => i.id)).not.toContain(orphan.id);
    const withdrawn = await json<{ id: string }>(
      await t.call('dora', 'POST', '/api/instances', { workflowId: 'waiting', input: {} }),
      201,
    );
    await json(
      await t.call('dora', 'POST', at('/api/instances/{id}/withdraw', withdrawn.id), {
        reason: 'not needed',
      }),
      200,
    );

    const first = await json<{ id: string }>(
      await t.call('dora', 'POST', '/api/instances', { workflowId: 'waiting', input: {} }),
      201,
    );
    await json(
      await t.call('dora', 'POST', at('/api/instances/{id}/events', first.id), {
        event: 'go',
        correlationKey: 'k1',
      }),
      202,
    );
    await t.call('dora', 'POST', '/api/instances', { workflowId: 'waiting', input: {} });
    await json(await t.call('dora', 'POST', '/api/events', { event: 'go', correlationKey: 'k1' }), 202);
    await json(await t.call(null, 'POST', '/api/webhooks/hook', {}), 202);
  });

  it('manages users, tokens, connections and reads the connector catalog', async () => {
    await json(await t.call('dora', 'GET', '/api/connectors'), 200);
    const user = await json<{ id: string }>(
      await t.call('ada', 'POST', '/api/users', {
        email: 'rita@example.com',
        name: 'Rita',
        password: 'a quiet lighthouse keeps forty lamps',
        roles: ['approver'],
      }),
      201,
    );
    await json(await t.call('ada', 'GET', '/api/users'), 200);
    await json(await t.call('ada', 'PATCH', at('/api/users/{id}', user.id), { name: 'Rita Ora' }), 200);
    await json(
      await t.call('ada', 'PUT', at('/api/users/{id}/password', user.id), {
        password: 'seven orange kites over the harbour',
      }),
      204,
    );
    const until = t.rt.clock.now() + 86_400_000;
    await json(
      await t.call('ada', 'PUT', at('/api/users/{id}/away', 'maria'), { delegate: 'olga', until }),
      200,
    );
    await json(await t.call('ada', 'DELETE', at('/api/users/{id}/away', 'maria')), 204);
    await json(
      await t.call('maria', 'PUT', '/api/me/away', { delegate: 'olga', until, note: 'Holiday' }),
      200,
    );
    await json(await t.call('maria', 'GET', '/api/auth/me'), 200);
    await json(await t.call('maria', 'DELETE', '/api/me/away'), 204);
    const token = await json<{ id: string }>(
      await t.call('dora', 'POST', '/api/tokens', { name: 'ci', roles: ['viewer'] }),
      201,
    );
    await json(await t.call('dora', 'GET', '/api/tokens'), 200);
    await json(await t.call('dora', 'DELETE', at('/api/tokens/{id}', token.id)), 204);
    const connection = await json<{ id: string }>(
      await t.call('ada', 'PUT', at('/api/connections/{connectorId}/{name}', 'email', 'tour'), {
        settings: { host: '127.0.0.1', port: 9, requireTls: false, from: 'flow@example.com' },
        credentials: {},
      }),
      200,
    );
    await json(await t.call('dora', 'GET', '/api/connections'), 200);
    await json(await t.call('ada', 'GET', at('/api/connections/{id}', connection.id)), 200);
    const tested = await json<{ ok: boolean }>(
      await t.call('ada', 'POST', at('/api/connections/{id}/test', connection.id)),
      200,
    );
    expect(tested.ok).toBe(false); // nothing listens on port 9
    await json(await t.call('ada', 'DELETE', at('/api/connections/{id}', connection.id)), 204);
  });

  it('manages groups and lists them for pickers', async () => {
    await json(await t.call('ada', 'POST', '/api/groups', { id: 'cab', name: 'CAB' }), 201);
    await json(await t.call('ada', 'PUT', at('/api/groups/{id}/members/{userId}', 'cab', 'olga')), 204);
    await json(await t.call('ada', 'PATCH', at('/api/groups/{id}', 'cab'), { description: 'Changes' }), 200);
    await json(await t.call('dora', 'GET', '/api/groups'), 200);
    await json(await t.call('ada', 'GET', at('/api/groups/{id}', 'cab')), 200);
    await json(await t.call('ada', 'DELETE', at('/api/groups/{id}/members/{userId}', 'cab', 'olga')), 204);
    await json(await t.call('ada', 'DELETE', at('/api/groups/{id}', 'cab')), 204);
  });

  it('reads process statistics, per workflow and for one', async () => {
    await json(await t.call('ada', 'GET', '/api/statistics/workflows?from=0'), 200);
    await json(await t.call('ada', 'GET', at('/api/statistics/workflows/{id}', 'waiting') + '?from=0'), 200);
  });

  it("sets, reads and removes a workflow's own retention policy", async () => {
    const path = at('/api/definitions/{id}/retention', 'waiting');
    await json(await t.call('ada', 'PUT', path, { endedInstancesDays: 30, mode: 'archive' }), 200);
    await json(await t.call('ada', 'GET', path), 200);
    await json(await t.call('ada', 'DELETE', path), 204);
  });

  it('opens the live stream and reads its first event', async () => {
    // t.call reads a stream's opening and hangs up (a stream never ends by itself).
    const response = await t.call('vic', 'GET', '/api/stream');
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^event: ready\nid: \d+\ndata: /);
    await json(await t.call(null, 'GET', '/api/stream'), 401);
  });

  it('has seen a success of every documented operation', () => {
    const operations = new Map<string, boolean>();
    for (const row of t.conformance.coverage())
      if (row.status.startsWith('2'))
        operations.set(row.operation, (operations.get(row.operation) ?? false) || row.seen);
    const unseen = [...operations].filter(([, seen]) => !seen).map(([operation]) => operation);
    expect(unseen).toEqual([]);
  });

  it('documents every API route the app serves', () => {
    const documented = new Set(
      t.conformance.coverage().map((row) => row.operation.replace(/\{([^}]+)\}/g, ':$1')),
    );
    const served = t.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && !r.path.startsWith('/api/docs'))
      .filter((r) => r.path !== '/api/openapi.json')
      .map((r) => `${r.method} ${r.path}`);
    expect(served.filter((route) => !documented.has(route))).toEqual([]);
  });
});
