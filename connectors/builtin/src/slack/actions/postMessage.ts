import { defineAction, permanent } from '@flowline/connector-sdk';
import { z } from 'zod';
import { slackWebhook } from '../slackWebhook';

export const postMessage = defineAction({
  id: 'postMessage',
  title: 'Post message',
  description: 'Posts a message to the channel of a Slack incoming webhook.',
  credentials: slackWebhook,
  input: z.object({
    text: z.string().min(1).max(40_000).meta({
      title: 'Text',
      description: 'Slack mrkdwn; also the notification text when blocks are given',
    }),
    blocks: z
      .array(z.record(z.string(), z.unknown()))
      .max(50)
      .optional()
      .meta({ title: 'Blocks', description: 'Optional Block Kit blocks' }),
  }),
  output: z.object({ ok: z.literal(true) }),
  async run(ctx, input) {
    // 4xx (invalid_payload, channel_not_found…) fail permanently; 429 and 5xx retry, per the SDK client.
    const res = await ctx.http.post(ctx.credentials.webhookUrl, {
      json: input.blocks ? { text: input.text, blocks: input.blocks } : { text: input.text },
    });
    const answer = (await res.text()).trim();
    if (answer !== 'ok') {
      throw permanent(
        'SLACK_UNEXPECTED_RESPONSE',
        `Slack answered "${answer.slice(0, 100)}" instead of "ok"`,
      );
    }
    return { ok: true as const };
  },
});
