import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

type Json = Record<string, unknown>;
interface Summary {
  id: string;
  status: string;
  businessKey?: string;
}

// A manual task given to nobody keeps each run running with an incident: runs stay to be found.
const ticketFlow = (businessKey: string) =>
  aWorkflow('tickets')
    .input(
      { key: 'ticket', label: 'Ticket', type: 'text', required: false },
      { key: 'priority', label: 'Priority', type: 'number', required: false },
    )
    .businessKey(businessKey)
    .nodes(
      n.trigger(),
      n.approval('ok', { assignees: [{ type: 'user', id: 'nobody' }] }),
      n.end('yes'),
      n.end('no', 'rejected'),
    )
    .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
    .document();

describe('HTTP API: business keys on runs', () => {
  let t: TestApp;
  const read = async <T = Json>(response: Response, status: number): Promise<T> => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const start = async (body: Json) =>
    read<Summary>(await t.call('ada', 'POST', '/api/instances', { workflowId: 'tickets', ...body }), 201);
  const list = async (query: string) =>
    (await read<{ items: Summary[] }>(await t.call('ada', 'GET', `/api/instances?${query}`), 200)).items.map(
      (i) => i.businessKey ?? '-',
    );
  const count = async (query: string) =>
    (await read<{ count: number }>(await t.call('ada', 'GET', `/api/instances/count?${query}`), 200)).count;

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
  });
  afterAll(() => t.close());

  it('refuses to publish a business key that does not give text, on the workflow, and publishes nothing', async () => {
    await read(
      await t.call('ada', 'PUT', '/api/definitions/tickets', {
        definition: ticketFlow('input.priority'),
        draftRev: 0,
      }),
      200,
    );
    const refused = await read<Json>(await t.call('ada', 'POST', '/api/definitions/tickets/publish'), 422);
    expect(refused).toMatchObject({
      code: 'DEFINITION_INVALID',
      issues: [expect.objectContaining({ code: 'EXPRESSION_TYPE', path: ['businessKey'] })],
    });
    expect((refused['issues'] as Json[])[0]).not.toHaveProperty('nodeId');
    await read(
      await t.call('ada', 'PUT', '/api/definitions/tickets', {
        definition: ticketFlow('input.ticket'),
        draftRev: 1,
      }),
      200,
    );
    await read(await t.call('ada', 'POST', '/api/definitions/tickets/publish'), 201);
  });

  it('keeps the key the expression gives, or the one the caller gives, or none', async () => {
    expect((await start({ input: { ticket: ' INC0012345 ' } })).businessKey).toBe('INC0012345');
    expect((await start({ input: { ticket: 'INC0012399' } })).businessKey).toBe('INC0012399');
    expect((await start({ input: { ticket: 'INC0013000' }, businessKey: 'CHG0000042' })).businessKey).toBe(
      'CHG0000042',
    );
    const keyless = await start({ input: { ticket: '   ' } });
    expect(keyless).not.toHaveProperty('businessKey');
    const shown = await read<Summary>(await t.call('ada', 'GET', `/api/instances/${keyless.id}`), 200);
    expect(shown).not.toHaveProperty('businessKey');
  });

  it('finds runs by exact key and by prefix in the list and its count', async () => {
    expect(await list('businessKey=INC0012345')).toEqual(['INC0012345']);
    expect(await list('businessKeyPrefix=INC00123')).toEqual(['INC0012399', 'INC0012345']);
    expect(await list('businessKeyPrefix=inc')).toEqual([]);
    expect(await list('businessKeyPrefix=')).toHaveLength(4); // empty: no filter, as the others
    expect(await count('businessKeyPrefix=INC')).toBe(2);
    expect(await count('businessKey=CHG0000042&workflowId=tickets')).toBe(1);
  });

  it('refuses a bad key by field, in a start, the list, its count and a bulk action, and changes nothing', async () => {
    const before = await count('');
    const long = 'x'.repeat(201);
    for (const [businessKey, message] of [
      [long, 'at most 200'],
      ['INC\u0000', 'control characters'],
      ['INC\n1', 'one line'],
      ['  ', 'empty'],
    ] as const) {
      const refused = await read<{ issues: { path: string; message: string }[] }>(
        await t.call('ada', 'POST', '/api/instances', { workflowId: 'tickets', input: {}, businessKey }),
        400,
      );
      expect(refused.issues).toEqual([
        expect.objectContaining({ path: 'businessKey', message: expect.stringContaining(message) }),
      ]);
    }
    for (const query of [`businessKey=${long}`, 'businessKeyPrefix=INC%07']) {
      const field = query.split('=')[0]!;
      for (const path of ['/api/instances', '/api/instances/count']) {
        const refused = await read<{ issues: { path: string }[] }>(
          await t.call('ada', 'GET', `${path}?${query}`),
          400,
        );
        expect(refused.issues.map((i) => i.path)).toEqual([field]);
      }
    }
    const bulk = await read<{ issues: { path: string }[] }>(
      await t.call('ada', 'POST', '/api/instances/cancel', {
        filter: { businessKeyPrefix: 'INC\u0007' },
        reason: 'x',
      }),
      400,
    );
    expect(bulk.issues.map((i) => i.path)).toEqual(['filter.businessKeyPrefix']);
    expect(await count('')).toBe(before);
  });

  it('cancels only the runs a key prefix finds', async () => {
    const done = await read<{ done: number }>(
      await t.call('ada', 'POST', '/api/instances/cancel', {
        filter: { businessKeyPrefix: 'INC00123' },
        reason: 'duplicates',
      }),
      200,
    );
    expect(done.done).toBe(2);
    expect(await count('businessKeyPrefix=INC&status=cancelled')).toBe(2);
    expect(await count('businessKey=CHG0000042&status=running')).toBe(1);
  });

  it('gives a webhook-started run the key its expression computes from the mapped input', async () => {
    await t.rt.publish(
      aWorkflow('alerts')
        .input({ key: 'alertId', label: 'Alert id', type: 'text' })
        .businessKey('"ALERT-" + input.alertId')
        .nodes(
          {
            id: 'start',
            name: 'Alert',
            kind: 'trigger',
            trigger: { type: 'webhook', input: { alertId: 'string(body.id)' } },
          },
          n.end('done'),
        )
        .edges('start -> done')
        .document(),
    );
    const answer = await read<{ instanceId: string }>(
      await t.call(null, 'POST', '/api/webhooks/alerts', { id: 4711 }),
      202,
    );
    expect((await t.rt.store.getInstance(answer.instanceId))?.businessKey).toBe('ALERT-4711');
    expect(await list('businessKey=ALERT-4711')).toEqual(['ALERT-4711']);
  });
});
