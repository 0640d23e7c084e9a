import { aWorkflow, n } from '@flowline/engine/testing';
import createClient, { type Middleware } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import type { paths } from './api.generated';
import { TEST_PASSWORD, createTestApp } from './testApp';

/**
 * A client generated from the OpenAPI document alone (openapi-typescript + openapi-fetch) can sign
 * in with the session cookie, start a request and decide its approval: the document says enough.
 */
describe('a client generated from the OpenAPI document', () => {
  it('signs in with the session cookie, starts a request and decides its approval', async () => {
    const t = await createTestApp();
    await t.user('ada', ['designer']);
    await t.user('maria', ['approver']);
    const bearer = (who: string) => ({ Authorization: `Bearer ${t.tokens[who]}` });

    // What the document's security schemes ask: the cookie sign-in sets, X-Requested-With on writes.
    let cookie = '';
    const session: Middleware = {
      onRequest({ request }) {
        if (cookie) request.headers.set('cookie', cookie);
        if (request.method !== 'GET') request.headers.set('X-Requested-With', 'openapi-fetch');
        return request;
      },
      onResponse({ response }) {
        const set = response.headers.get('set-cookie');
        if (set) cookie = set.split(';')[0] ?? '';
        return response;
      },
    };
    const api = createClient<paths>({
      baseUrl: 'http://flowline.test',
      fetch: async (request: Request) => t.app.request(request),
    });
    api.use(session);

    const draft = await api.PUT('/api/definitions/{id}', {
      params: { path: { id: 'leave' } },
      headers: bearer('ada'),
      body: {
        draftRev: 0,
        definition: aWorkflow('leave')
          .input({ key: 'days', label: 'Days', type: 'number' })
          .nodes(
            n.trigger(),
            n.approval('ok', { assignees: [{ type: 'user', id: 'maria' }] }),
            n.end('yes'),
            n.end('no', 'rejected'),
          )
          .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
          .document(),
      },
    });
    expect(draft.error, JSON.stringify(draft.error)).toBeUndefined();
    const published = await api.POST('/api/definitions/{id}/publish', {
      params: { path: { id: 'leave' } },
      headers: bearer('ada'),
    });
    expect(published.data?.version).toBe(1);

    const signedIn = await api.POST('/api/auth/sign-in', {
      body: { email: 'maria@example.com', password: TEST_PASSWORD },
    });
    expect(signedIn.response.status).toBe(200);
    // Someone else asks (the requester may not approve their own request).
    const started = await api.POST('/api/instances', {
      headers: bearer('ada'),
      body: { workflowId: 'leave', input: { days: 3 } },
    });
    expect(started.data?.status).toBe('running');

    const inbox = await api.GET('/api/tasks', { params: { query: { status: 'open' } } });
    const task = inbox.data?.items[0];
    expect(task?.outcomes).toEqual(['approved', 'rejected']);
    const detail = await api.GET('/api/tasks/{id}', { params: { path: { id: task!.id } } });
    expect(detail.data?.request.decisionsSoFar).toEqual([]);

    const decided = await api.POST('/api/tasks/{id}/decide', {
      params: { path: { id: task!.id } },
      body: { outcome: 'approved', comment: 'Enjoy' },
    });
    expect(decided.data?.outcome).toBe('approved');
    const instance = await api.GET('/api/instances/{id}', { params: { path: { id: started.data!.id } } });
    expect(instance.data).toMatchObject({ status: 'completed', incidents: [] });

    const refused = await api.POST('/api/tasks/{id}/decide', {
      params: { path: { id: task!.id } },
      body: { outcome: 'approved' },
    });
    expect(refused.error?.code).toBe('ALREADY_DECIDED');
  });
});
