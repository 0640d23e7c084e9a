import {
  evaluateExpression,
  parseExpression,
  SCOPES,
  type EvaluationLimits,
  type ExpressionBudget,
  type WebhookDelivery,
} from '@flowline/engine';
import { AppError } from '../../errors';
import type { Json } from '../../store/schemas/common';

/** What a webhook call's expressions read: the trigger's input mapping sees the same. */
export interface WebhookData {
  readonly body: unknown;
  readonly headers: Record<string, string>;
  readonly now: Date;
}

/** An event a webhook call is delivered as, to the workflow's runs waiting for it under the key. */
export interface WebhookEvent {
  readonly event: string;
  readonly correlationKey: string;
  readonly payload: Json;
}

type Parsed = ReturnType<typeof parseExpression>;
interface ParsedDelivery {
  readonly when: Parsed;
  readonly correlationKey: Parsed;
  readonly payload: readonly (readonly [string, Parsed])[] | undefined;
}

// A published version never changes: its delivery's expressions are parsed once, not per call.
const parsedCache = new WeakMap<WebhookDelivery, ParsedDelivery>();
function parsedDelivery(deliver: WebhookDelivery): ParsedDelivery {
  let parsed = parsedCache.get(deliver);
  if (!parsed) {
    const parse = (source: string) => parseExpression(source, SCOPES.webhookTrigger);
    parsed = {
      when: parse(deliver.when),
      correlationKey: parse(deliver.correlationKey),
      payload: deliver.payload && Object.entries(deliver.payload).map(([k, v]) => [k, parse(v)] as const),
    };
    parsedCache.set(deliver, parsed);
  }
  return parsed;
}

/** A 400 naming the setting whose expression failed on this call; nothing has changed. */
const refused = (path: string, message: string) =>
  new AppError('INVALID_INPUT', `The webhook call does not give "${path}": ${message}`, {
    issues: [{ path, message }],
  });

/**
 * The event this call is delivered as, or undefined when `when` does not hold (the call starts a
 * run as any other). Every expression draws on the request's one budget.
 */
export function deliveryOf(
  deliver: WebhookDelivery,
  data: WebhookData,
  options: { limits: EvaluationLimits; budget: ExpressionBudget },
): WebhookEvent | undefined {
  const parsed = parsedDelivery(deliver);
  const evaluate = (expression: Parsed, path: string): unknown => {
    const value = expression.ok ? evaluateExpression(expression.value, { ...data }, options) : expression;
    if (!value.ok) throw refused(path, value.error.message);
    return value.value;
  };
  const when = evaluate(parsed.when, 'deliver.when');
  if (typeof when !== 'boolean')
    throw refused('deliver.when', `it must give true or false, not ${JSON.stringify(when)}`);
  if (!when) return undefined;
  const key = evaluate(parsed.correlationKey, 'deliver.correlationKey');
  // As an event wait turns its own key to text, so both sides compare the same way.
  if (typeof key !== 'string' && typeof key !== 'number')
    throw refused('deliver.correlationKey', `it must give text or a number, not ${JSON.stringify(key)}`);
  let payload = data.body as Json;
  if (parsed.payload) {
    const mapped: Record<string, Json> = {};
    for (const [field, expression] of parsed.payload)
      mapped[field] = evaluate(expression, `deliver.payload.${field}`) as Json;
    payload = mapped;
  }
  return { event: deliver.event, correlationKey: String(key), payload };
}
