import { SettledFields, WaitQuery, assertWaitAllowed, startAndWait } from '../syncStart';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  createExpressionBudget,
  evaluateExpression,
  parseExpression,
  SCOPES,
  toMilliseconds,
  type TriggerNode,
} from '@flowline/engine';
import { AppError } from '../../errors';
import { assertPlainData } from '../../executor/inputCheck';
import { createActivationCheck } from '../../workflows/activation';
import type { AppDeps, AppEnv } from '../appEnv';
import { ErrorSchema, JsonValue, errors, json } from '../schemas';
import { OVERLOADED_DESCRIPTION } from '../overloaded';
import { deliveryOf } from './webhookDelivery';
import { KeptMessageFields, keptAnswer } from '../keptMessage';
import { webhookMessageId } from '../../messages/messageIds';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf } from '../idempotencyKey';

const REPLAY_WINDOW_MS = 5 * 60_000;

/**
 * Standard Webhooks: HMAC-SHA256 over `id.timestamp.body` with the (base64, `whsec_`-prefixed)
 * secret; the timestamp must be within the replay window. Each message id starts at most one
 * instance (see messageInstanceId).
 */
export function verifyStandardWebhook(options: {
  secret: string;
  id: string | undefined;
  timestamp: string | undefined;
  signatures: string | undefined;
  body: string;
  now: number;
}): string | undefined {
  const { id, timestamp, signatures } = options;
  if (!id || !timestamp || !signatures)
    return 'The webhook-id, webhook-timestamp and webhook-signature headers are required';
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(options.now - seconds * 1000) > REPLAY_WINDOW_MS)
    return 'The webhook timestamp is outside the accepted window';
  const key = Buffer.from(options.secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${options.body}`).digest();
  for (const candidate of signatures.split(' ')) {
    const [version, signature] = candidate.split(',');
    if (version !== 'v1' || !signature) continue;
    const given = Buffer.from(signature, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
  }
  return 'The webhook signature does not match';
}

/**
 * The instance a signed message starts, named after the message: a delivery of the same message
 * again (the sender's retry, or a replay inside the window) is the same idempotent start, and gets
 * the instance the first one started. Nothing is recorded before the start itself commits, so a
 * message refused for its input, or lost to a crash or a store outage before the start, can still
 * be delivered.
 */
export const messageInstanceId = (workflowId: string, messageId: string) =>
  `webhook-${workflowId}-${messageHash(messageId)}`;

/**
 * How a signed message delivered to waiting runs is known to each run that takes it (in the same
 * write as its step), so the sender's retry reaches none of them again.
 */
export const messageDeliveryId = (workflowId: string, messageId: string) =>
  `webhook:${workflowId}:${messageHash(messageId)}`;

const messageHash = (messageId: string) => createHash('sha256').update(messageId).digest('hex').slice(0, 32);

type Mappings = NonNullable<Extract<TriggerNode['trigger'], { type: 'webhook' }>['input']>;

// A published version never changes: its trigger's mappings are parsed once, not per call.
const parsedCache = new WeakMap<Mappings, [string, ReturnType<typeof parseExpression>][]>();
function parsedMappings(input: Mappings) {
  let parsed = parsedCache.get(input);
  if (!parsed) {
    parsed = Object.entries(input).map(([key, source]) => [
      key,
      parseExpression(source, SCOPES.webhookTrigger),
    ]);
    parsedCache.set(input, parsed);
  }
  return parsed;
}

/**
 * Webhook triggers: a published workflow whose trigger is a webhook starts an instance per call,
 * except calls its `deliver.when` picks out, which go to its waiting runs as an event.
 */
export function webhookRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { core, clock } = deps;
  const assertActive = createActivationCheck(core.store);
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/webhooks/{workflowId}',
      tags: ['webhooks'],
      description:
        'A signed call (Standard Webhooks) is known by its webhook-id. An unsigned call may name itself ' +
        'with an `Idempotency-Key` header (1 to 200 printable ASCII characters; otherwise 400 naming the ' +
        'header): its retry gets the run the first call started, reaches no run twice and is kept once. ' +
        'A signed call ignores the header.',
      request: {
        params: z.object({
          workflowId: z
            .string()
            .min(1)
            .max(64)
            .openapi({ param: { name: 'workflowId', in: 'path' } }),
        }),
        query: WaitQuery,
        body: { content: { 'application/json': { schema: JsonValue } }, required: true },
      },
      responses: {
        200: json(
          SettledFields.extend({
            instanceId: z.string(),
            status: z.enum(['running', 'completed', 'rejected', 'failed', 'cancelled']),
          }),
          'With ?wait: started, and ended, waiting on a person, time, event or operator, or still working when the wait ran out',
        ),
        202: json(
          z.union([
            z.object({ instanceId: z.string() }),
            z.object({
              event: z.string(),
              correlationKey: z.string(),
              reached: z.number().int().min(0),
              buffered: KeptMessageFields.buffered.optional(),
              message: KeptMessageFields.message,
            }),
          ]),
          "Instance started ({instanceId}); or, for a call the trigger's deliver.when picks out, delivered as the event to this workflow's runs waiting for it under the key, nothing started ({event, correlationKey, reached}: reached 0 when none waits, or every waiting run already took this signed message; with deliver.ttl a call no run takes is kept for the first that starts waiting: buffered, message)",
        ),
        ...errors,
        409: json(
          ErrorSchema,
          'WORKFLOW_INACTIVE: the workflow was deactivated; nothing was started. Not worth retrying: alert someone',
        ),
        503: json(ErrorSchema, OVERLOADED_DESCRIPTION),
      },
    }),
    async (c) => {
      const { workflowId } = c.req.valid('param');
      const { wait } = c.req.valid('query');
      assertWaitAllowed(core, wait);
      const raw = await c.req.text();
      const loaded = await core.machines.latest(workflowId).catch(() => undefined);
      const trigger = loaded?.definition.nodes.find((n): n is TriggerNode => n.kind === 'trigger');
      if (!loaded || trigger?.trigger.type !== 'webhook')
        throw new AppError('NOT_FOUND', 'No published workflow takes webhooks here');
      const config = trigger.trigger;
      // A call that may go to waiting runs finishes admitted work, as events do: it is refused for
      // overload only once it is known to start one.
      if (!config.deliver) core.backlog.assertRoom();
      let messageId: string | undefined;
      /** The sender's id of this message: a signed call's webhook-id, an unsigned one's Idempotency-Key. */
      let senderId: string | undefined;
      if (config.signature.scheme === 'standard-webhooks') {
        const secret = deps.webhookSecrets[config.signature.secretName];
        if (!secret)
          throw new AppError('UNAVAILABLE', 'The webhook secret is not configured on this runtime');
        const problem = verifyStandardWebhook({
          secret,
          id: c.req.header('webhook-id'),
          timestamp: c.req.header('webhook-timestamp'),
          signatures: c.req.header('webhook-signature'),
          body: raw,
          now: clock.now(),
        });
        if (problem) throw new AppError('BAD_SIGNATURE', problem);
        senderId = c.req.header('webhook-id')!;
        messageId = messageInstanceId(workflowId, senderId);
      } else {
        // An unsigned call names itself with an Idempotency-Key, if its sender gives one: a retry
        // then starts no second run, reaches no run twice and is kept once, as a signed one.
        // Its own namespace: a key never stands for a signed message id of a later version.
        const key = idempotencyKeyOf(c.req.header(IDEMPOTENCY_KEY_HEADER));
        if (key !== undefined) {
          senderId = `idempotency-key:${key}`;
          messageId = messageInstanceId(workflowId, senderId);
        }
      }
      const headers = () =>
        Object.fromEntries(
          Object.entries(c.req.header()).filter(([k]) => !/authorization|cookie|signature/i.test(k)),
        );
      const parseBody = (): unknown => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          throw new AppError('INVALID_INPUT', 'The body is not valid JSON', {
            issues: [{ path: '(body)', message: 'Send a JSON document' }],
          });
        }
        assertPlainData(parsed, 'The body');
        return parsed;
      };
      // The mappings and the start step share one step's budget: one request, one bound.
      const expressionBudget = createExpressionBudget(core.expressionLimits);
      let payload: unknown;
      if (config.deliver) {
        // Before the look-up of a started instance: a sender may give the resolved alert the same
        // message id as the firing one (the alert's id), and it must reach the run, not find it.
        payload = parseBody();
        const delivery = deliveryOf(
          config.deliver,
          { body: payload, headers: headers(), now: new Date(clock.now()) },
          { limits: core.expressionLimits, budget: expressionBudget },
        );
        if (delivery) {
          await assertActive(loaded);
          const deliveryId = senderId !== undefined ? messageDeliveryId(workflowId, senderId) : undefined;
          const answer = { event: delivery.event, correlationKey: delivery.correlationKey };
          const ttl = config.deliver.ttl;
          if (deliveryId !== undefined) {
            // A retry of a call already kept (perhaps under a version with a ttl) is a duplicate:
            // kept once, for one run, and reaches nobody anew.
            const kept = await core.store.getBufferedMessage(deliveryId);
            if (kept) return c.json({ ...answer, reached: 0, ...keptAnswer(kept) }, 202);
          }
          const { delivered } = await core.sendByCorrelation(
            delivery.event,
            delivery.correlationKey,
            delivery.payload,
            { workflowId, actor: 'webhook', ...(deliveryId !== undefined ? { messageId: deliveryId } : {}) },
          );
          if (ttl === undefined) return c.json({ ...answer, reached: delivered }, 202);
          const now = clock.now();
          // Published under a larger cap, perhaps: never kept longer than this runtime allows.
          const expiresAt = now + Math.min(toMilliseconds(ttl), toMilliseconds(core.messageMaxTtl));
          // The sender's retry of a call that reached runs directly is not kept for others.
          const first = deliveryId === undefined || (await core.messages.firstSending(deliveryId, expiresAt));
          if (delivered > 0 || !first) return c.json({ ...answer, reached: delivered, buffered: false }, 202);
          const { message } = await core.messages.keep({
            id: deliveryId ?? webhookMessageId(workflowId),
            event: delivery.event,
            correlationKey: delivery.correlationKey,
            workflowId,
            payload: delivery.payload,
            bufferedAt: now,
            expiresAt,
          });
          return c.json(
            { ...answer, reached: message.takenAt !== undefined ? 1 : 0, ...keptAnswer(message) },
            202,
          );
        }
        core.backlog.assertRoom();
      }
      if (messageId) {
        // A message delivered again gets the instance it started, whatever the workflow's input
        // rules are now, and never the run's result: the query (`?wait`) is not signed, so a replay
        // with one added must not read the output of someone else's run.
        const existing = await core.store.getInstance(messageId);
        if (existing) return c.json({ instanceId: existing.id }, 202);
      }
      payload ??= parseBody();
      let input: unknown = payload;
      if (config.input) {
        const data = { body: payload, headers: headers(), now: new Date(clock.now()) };
        const mapped: Record<string, unknown> = {};
        for (const [key, parsed] of parsedMappings(config.input)) {
          const value = parsed.ok
            ? evaluateExpression(parsed.value, data, {
                limits: core.expressionLimits,
                budget: expressionBudget,
              })
            : parsed;
          if (!value.ok)
            throw new AppError('INVALID_INPUT', `The webhook body does not give "${key}"`, {
              issues: [{ path: key, message: value.error.message }],
            });
          mapped[key] = value.value;
        }
        input = mapped;
      }
      const start = async (id = messageId) => {
        const instance = await core.backlog.starting(
          core.executor.start({
            workflowId,
            version: loaded.version,
            input,
            startedBy: 'webhook',
            expressionBudget,
            ...(id ? { id } : {}),
          }),
        );
        deps.metrics.instanceStarted(workflowId);
        return instance;
      };
      if (wait === undefined) return c.json({ instanceId: (await start()).id }, 202);
      // n8n's "respond when the last node finishes": the caller gets the workflow's result.
      const { instance, settled } = await startAndWait(core, wait, c.req.raw.signal, start, messageId);
      return c.json({ instanceId: instance.id, status: instance.status, ...settled }, 200);
    },
  );
}
