import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../auth';
import { createTestApp, type TestApp } from './testApp';

const access = aWorkflow('access')
  .nodes(n.trigger(), n.approval('manager', { assignees: [{ type: 'user', id: 'ada' }] }), n.end('done'))
  .edges('start -> manager', 'manager:approved -> done', 'manager:rejected -> done')
  .document();

interface Refusal {
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
}

type Operation = { requestBody?: unknown };

const isNoBodyRefusal = (status: number, body: unknown) =>
  status === 400 && /takes no body/.test((body as Refusal | null)?.message ?? '');

describe('HTTP API: a body sent to a route that takes none', () => {
  let t: TestApp;
  /** "METHOD /path" of every documented write without a request body, its path parameters filled. */
  let bodyless: { method: string; url: string }[];

  beforeAll(async () => {
    // With the test clock's routes, so every documented route is registered.
    t = await createTestApp({ testClock: true });
    await t.user('ada', [...ROLES]);
    await t.rt.publish(access);
    const document = (await (await t.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    bodyless = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(
          ([method, operation]) =>
            ['post', 'put', 'patch', 'delete'].includes(method) && !operation.requestBody,
        )
        .map(([method]) => ({ method: method.toUpperCase(), url: path.replace(/\{[^}]+\}/g, 'x') })),
    );
  });
  afterAll(() => t.close());

  it('finds the body-less writes in the document', () => {
    expect(bodyless.map((route) => `${route.method} ${route.url}`)).toEqual(
      expect.arrayContaining(['POST /api/definitions/x/deactivate', 'DELETE /api/definitions/x']),
    );
  });

  it('refuses a field sent to any of them, naming it, whoever may call the route', async () => {
    const answered: string[] = [];
    for (const { method, url } of bodyless) {
      const response = await t.call('ada', method, url, { reason: 'x' });
      const body = (await response.json()) as Refusal;
      if (!isNoBodyRefusal(response.status, body)) answered.push(`${method} ${url}: ${response.status}`);
      else
        expect(body.issues, `${method} ${url}`).toEqual([
          { path: 'reason', message: 'Unknown field "reason": this endpoint takes no body' },
        ]);
    }
    expect(answered).toEqual([]);
  });

  it('takes no body, an empty one and {} on every one of them', async () => {
    const refused: string[] = [];
    for (const { method, url } of bodyless)
      for (const [label, send] of [
        ['none', () => t.call('ada', method, url)],
        ['{}', () => t.call('ada', method, url, {})],
        ['empty', () => t.call('ada', method, url, '', { 'content-length': '0' })],
      ] as const) {
        const response = await send();
        const body: unknown = await response.json().catch(() => null);
        if (isNoBodyRefusal(response.status, body)) refused.push(`${method} ${url} (${label})`);
      }
    expect(refused).toEqual([]);
  });

  it('keeps a deactivation reason from being lost: refused, and the workflow stays active', async () => {
    const response = await t.call('ada', 'POST', '/api/definitions/access/deactivate', { reason: 'retired' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Refusal).issues?.map((issue) => issue.path)).toEqual(['reason']);
    expect(await t.rt.store.getWorkflowActivation('access')).toBeFalsy();

    for (const send of [
      (url: string) => t.call('ada', 'POST', url),
      (url: string) => t.call('ada', 'POST', url, {}),
      (url: string) => t.call('ada', 'POST', url, '', { 'content-length': '0' }),
    ]) {
      const plain = await send('/api/definitions/access/deactivate');
      expect(plain.status, await plain.clone().text()).toBe(200);
      expect(await t.rt.store.getWorkflowActivation('access')).toMatchObject({ active: false });
      expect((await send('/api/definitions/access/activate')).status).toBe(200);
    }
  });

  it('refuses a body that is not a JSON object as a whole, on DELETE too', async () => {
    const sends = [
      ['POST', '/api/definitions/access/activate', ['[1]', '"x"', '3']],
      // DELETE bodies are not read as JSON before this: any text is refused as a body.
      ['DELETE', '/api/definitions/access?draftRev=1', ['[1]', 'draftRev=1']],
    ] as const;
    for (const [method, url, bodies] of sends)
      for (const sent of bodies) {
        const response = await t.call('ada', method, url, sent);
        expect(response.status, `${method} ${sent}`).toBe(400);
        expect(((await response.json()) as Refusal).issues, `${method} ${sent}`).toEqual([
          { path: '(body)', message: 'Send no body: this endpoint takes no body' },
        ]);
      }
  });

  /** Nothing was deactivated (no record, or one that says active). */
  const stillActive = async () => (await t.rt.store.getWorkflowActivation('access'))?.active ?? true;

  it('refuses a body that is not JSON by its type first (415), advising to send none, not JSON', async () => {
    for (const [type, sent] of [
      ['text/plain', 'retired'],
      ['application/x-www-form-urlencoded', 'reason=retired'],
    ] as const) {
      const response = await t.call('ada', 'POST', '/api/definitions/access/deactivate', sent, {
        'content-type': type,
      });
      expect(response.status, type).toBe(415);
      expect(await response.json(), type).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Send no body: this endpoint takes no body',
      });
      // Before anyone is asked who they are: the type is wrong for every caller alike.
      const anonymous = await t.call(null, 'POST', '/api/definitions/access/deactivate', sent, {
        'content-type': type,
      });
      expect(anonymous.status, type).toBe(415);
    }
    expect(await stillActive()).toBe(true);
    // A route that takes a body still asks for it as JSON.
    const start = await t.call('ada', 'POST', '/api/instances', 'workflowId=access', {
      'content-type': 'text/plain',
    });
    expect(await start.json()).toMatchObject({ message: 'Send the body as application/json' });
  });

  it('refuses malformed JSON where no body is taken as a body sent, not as JSON to correct', async () => {
    const response = await t.call('ada', 'POST', '/api/definitions/access/deactivate', '{"reason":');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'The request is not valid: this endpoint takes no body',
      issues: [{ path: '(body)', message: 'Send no body: this endpoint takes no body' }],
    });
    expect(await stillActive()).toBe(true);
    // Where a body is taken, malformed JSON is still reported as such.
    const start = await t.call('ada', 'POST', '/api/instances', '{"workflowId":');
    expect(await start.json()).toMatchObject({
      message: 'The body is not valid JSON',
      issues: [{ path: '(body)', message: 'Send a JSON document' }],
    });
  });

  it('still lets a webhook take whatever JSON its sender posts', async () => {
    const response = await t.call(null, 'POST', '/api/webhooks/no-such-workflow', { reason: 'x' });
    // Past every body check: the workflow is unknown.
    expect(response.status).toBe(404);
  });
});
