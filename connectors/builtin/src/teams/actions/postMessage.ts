import { defineAction, permanent, retryable } from '@flowline/connector-sdk';
import { z } from 'zod';
import { adaptiveCardMessage } from '../adaptiveCard';
import { teamsWebhook } from '../teamsWebhook';

// Legacy Office 365 connectors answer 200 with this text when Teams itself refused the message.
const embeddedError = /returned HTTP error (\d{3})/;

export const postMessage = defineAction({
  id: 'postMessage',
  title: 'Post message',
  description: 'Posts a card with an optional title and text to a Microsoft Teams channel webhook.',
  credentials: teamsWebhook,
  input: z.object({
    title: z.string().min(1).max(500).optional().meta({ title: 'Card title' }),
    text: z
      .string()
      .min(1)
      .max(20_000)
      .meta({ title: 'Text', description: 'Markdown subset supported by Teams' }),
  }),
  output: z.object({ status: z.int().meta({ title: 'HTTP status' }) }),
  async run(ctx, input) {
    // 429 (with Retry-After) and 5xx retry, other 4xx fail permanently, per the SDK client.
    const res = await ctx.http.post(ctx.credentials.webhookUrl, {
      json: adaptiveCardMessage(input.text, input.title),
    });
    const status = Number(embeddedError.exec(await res.text())?.[1] ?? 0);
    if (status === 429 || status >= 500)
      throw retryable(
        status === 429 ? 'RATE_LIMITED' : `HTTP_${status}`,
        `Teams refused the message (${status})`,
      );
    if (status >= 400) throw permanent(`HTTP_${status}`, `Teams refused the message (${status})`);
    if (res.status !== 200 && res.status !== 202) {
      throw permanent('TEAMS_UNEXPECTED_RESPONSE', `Teams answered ${res.status}; expected 200 or 202`);
    }
    return { status: res.status };
  },
});
