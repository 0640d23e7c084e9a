import { describe, expect, it } from 'vitest';
import { validate, validateDocument } from '../src/validate';
import { aWorkflow, n, testCatalog } from '../src/testing';
import { MESSAGES_KEPT } from '../src/compile/step';
import type { WebhookDelivery } from '../src/definition/types';
import { drive } from './harness';

const signed = { scheme: 'standard-webhooks', secretName: 'monitoring' } as const;

/** An alert workflow: the webhook starts a run that waits for its resolution (or is cancelled by it). */
const alerts = (deliver: Record<string, unknown> | undefined, waitFor = 'alert.resolved') =>
  aWorkflow('alerts')
    .input({ key: 'alertId', label: 'Alert', type: 'string', required: true })
    .variables({ name: 'note', type: 'string', initial: '' })
    .nodes(
      {
        id: 'alert',
        name: 'Alert',
        kind: 'trigger',
        trigger: {
          type: 'webhook',
          signature: signed,
          input: { alertId: 'string(body.alertId)' },
          // Cast: some tests hand in an incomplete one, for the schema to refuse.
          ...(deliver ? { deliver: deliver as WebhookDelivery } : {}),
        },
      },
      n.wait('resolved', {
        type: 'event',
        event: waitFor,
        correlationKey: 'input.alertId',
        output: { note: 'string(event.note)' },
      }),
      n.end('done'),
    )
    .edges('alert -> resolved', 'resolved -> done');

const resolvedRoute = {
  when: 'has(body.status) && body.status == "resolved"',
  event: 'alert.resolved',
  correlationKey: 'string(body.alertId)',
};

const issuesOf = (builder: ReturnType<typeof alerts>) => validate(builder.build(), testCatalog);

describe("a webhook trigger's delivery to waiting runs", () => {
  it('accepts a delivery of an event the workflow waits for, with or without a payload mapping', () => {
    expect(issuesOf(alerts(resolvedRoute))).toEqual([]);
    expect(issuesOf(alerts({ ...resolvedRoute, payload: { note: 'body.summary' } }))).toEqual([]);
  });

  it('refuses, at the trigger, an event no step of the workflow waits for', () => {
    expect(issuesOf(alerts({ ...resolvedRoute, event: 'alert.closed' }))).toEqual([
      expect.objectContaining({
        code: 'DELIVERY_EVENT_NOT_AWAITED',
        severity: 'error',
        nodeId: 'alert',
        path: ['nodes', 0, 'trigger', 'deliver', 'event'],
        message: expect.stringContaining('waited for: alert.resolved'),
      }),
    ]);
  });

  it('counts a cancel event with a correlation key as waited for, and one without a key not', () => {
    const cancelledBy = (correlationKey?: string) =>
      aWorkflow('alerts')
        .input({ key: 'alertId', label: 'Alert', type: 'string', required: true })
        .nodes(
          {
            id: 'alert',
            name: 'Alert',
            kind: 'trigger',
            trigger: { type: 'webhook', signature: signed, deliver: resolvedRoute },
          },
          n.manualTask('ack', {
            cancelOn: { event: 'alert.resolved', ...(correlationKey ? { correlationKey } : {}) },
          }),
          n.end('done'),
        )
        .edges('alert -> ack', 'ack:done -> done', 'ack:cancelled -> done')
        .build();
    expect(validate(cancelledBy('input.alertId'), testCatalog)).toEqual([]);
    expect(validate(cancelledBy(), testCatalog).map((i) => i.code)).toEqual(['DELIVERY_EVENT_NOT_AWAITED']);
  });

  it('type-checks its expressions where they stand: a condition, a key, the payload over body and headers', () => {
    const issues = issuesOf(
      alerts({
        when: 'body.status',
        event: 'alert.resolved',
        correlationKey: '[body.alertId]',
        payload: { note: 'input.alertId', source: 'headers["user-agent"]' },
      }),
    );
    expect(issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['EXPRESSION_TYPE', 'nodes.0.trigger.deliver.correlationKey'],
      ['EXPRESSION_UNKNOWN_NAME', 'nodes.0.trigger.deliver.payload.note'],
    ]);
    const notBoolean = issuesOf(alerts({ ...resolvedRoute, when: '"resolved"' }));
    expect(notBoolean).toEqual([
      expect.objectContaining({
        code: 'EXPRESSION_TYPE',
        nodeId: 'alert',
        path: ['nodes', 0, 'trigger', 'deliver', 'when'],
        message: expect.stringContaining('true or false'),
      }),
    ]);
  });

  it('refuses a delivery that is not fully written', () => {
    const issues = validateDocument(alerts({ when: '', event: 'alert.resolved' }).document(), testCatalog);
    expect(issues.map((i) => [i.code, i.path.slice(0, 5).join('.')])).toEqual([
      ['INVALID_DEFINITION', 'nodes.0.trigger.deliver.when'],
      ['INVALID_DEFINITION', 'nodes.0.trigger.deliver.correlationKey'],
    ]);
  });
});

describe('a message delivered to an instance', () => {
  const loop = () =>
    drive(
      aWorkflow()
        .input({ key: 'ticket', label: 'Ticket', type: 'string' })
        .variables({ name: 'count', type: 'number', initial: 0 })
        .nodes(
          n.trigger(),
          n.wait('update', { type: 'event', event: 'ticket.updated', correlationKey: 'input.ticket' }),
          n.transform('counted', { count: 'vars.count + 1' }),
        )
        .edges('start -> update', 'update -> counted', 'counted -> update')
        .build(),
      { ticket: 'INC7' },
    );
  const update = (messageId: string | undefined, at = 2_000) => ({
    type: 'event.received' as const,
    event: 'ticket.updated',
    correlationKey: 'INC7',
    payload: {},
    ...(messageId ? { messageId } : {}),
    at,
  });

  it('is taken once, even when the instance waits for the same event again', () => {
    const run = loop();
    expect(run.send(update('m1')).changed).toBe(true);
    expect(run.active).toEqual(['update']);
    expect(run.context.messages).toEqual(['m1']);
    // The sender's retry: the instance waits for the event again, but has this message.
    expect(run.send(update('m1', 3_000)).changed).toBe(false);
    expect(run.send(update('m2', 4_000)).changed).toBe(true);
    expect(run.context.messages).toEqual(['m1', 'm2']);
    // Events without a message (POST /api/events) are taken every time, as before.
    expect(run.send(update(undefined)).changed).toBe(true);
    expect(run.send(update(undefined)).changed).toBe(true);
  });

  it('is not remembered when it changed nothing, and the memory is bounded', () => {
    const run = loop();
    expect(run.send({ ...update('elsewhere'), correlationKey: 'INC8' }).changed).toBe(false);
    expect(run.context.messages).toBeUndefined();
    for (let i = 0; i < MESSAGES_KEPT + 5; i += 1) run.send(update(`m${i}`, 2_000 + i));
    expect(run.context.messages).toHaveLength(MESSAGES_KEPT);
    expect(run.context.messages?.at(-1)).toBe(`m${MESSAGES_KEPT + 4}`);
  });
});
