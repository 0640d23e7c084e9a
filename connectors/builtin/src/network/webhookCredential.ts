import { credential, type CredentialKind } from '@flowline/connector-sdk';
import { z } from 'zod';

const WebhookSchema = z.object({
  webhookUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'Webhook URL', writeOnly: true }),
});
type WebhookValues = z.output<typeof WebhookSchema>;

/** The parts of a webhook URL that work as a password: Slack's is its path, Teams' its query. */
function secretPartsOf(values: WebhookValues): string[] {
  const url = new URL(values.webhookUrl);
  return [values.webhookUrl, url.pathname, url.search].filter((part) => part.length > 1);
}

/**
 * An incoming-webhook URL. Whoever holds it can post to the channel, so it is a credential
 * (encrypted at rest, write-only in forms), not a setting. Its path and query are registered as
 * secrets too, because error messages name the path that failed and the redactor only masks
 * values it knows.
 */
export function webhookCredential(describe: string): CredentialKind<'custom', typeof WebhookSchema> {
  const base = credential.custom(WebhookSchema, { describe });
  return Object.freeze({ ...base, secretsOf: secretPartsOf });
}
