import { parseDuration, type ValidationIssue, type WorkflowDefinition } from '@flowline/engine';

/** What this runtime is configured with that a definition may name; the engine cannot know it. */
export interface RuntimeConfiguration {
  /** Webhook signing secrets, by name (only the names are read). */
  readonly webhookSecrets: Readonly<Record<string, string>>;
  /** The longest time to live a buffered message may have (FLOWLINE_MESSAGE_MAX_TTL); absent: unchecked. */
  readonly messageMaxTtl?: string;
}

/**
 * Problems a definition has on this runtime rather than in itself: a webhook signature secret that
 * is not configured here would answer every call with 503, so it is an error before publishing.
 */
export function configurationIssues(
  definition: WorkflowDefinition,
  runtime: RuntimeConfiguration,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  definition.nodes.forEach((node, index) => {
    if (node.kind !== 'trigger' || node.trigger.type !== 'webhook') return;
    const ttl = node.trigger.deliver?.ttl;
    const cap = runtime.messageMaxTtl;
    if (ttl !== undefined && cap !== undefined && (parseDuration(ttl) ?? 0) > (parseDuration(cap) ?? 0))
      issues.push({
        code: 'MESSAGE_TTL_TOO_LONG',
        severity: 'error',
        nodeId: node.id,
        path: ['nodes', index, 'trigger', 'deliver', 'ttl'],
        message: `This runtime keeps messages for at most ${cap} (FLOWLINE_MESSAGE_MAX_TTL); choose ${cap} or less`,
      });
    const signature = node.trigger.signature;
    if (
      signature.scheme !== 'standard-webhooks' ||
      Object.hasOwn(runtime.webhookSecrets, signature.secretName)
    )
      return;
    const configured = Object.keys(runtime.webhookSecrets);
    issues.push({
      code: 'UNKNOWN_WEBHOOK_SECRET',
      severity: 'error',
      nodeId: node.id,
      path: ['nodes', index, 'trigger', 'signature', 'secretName'],
      message:
        `No webhook secret named "${signature.secretName}" is configured on this runtime ` +
        `(${configured.length > 0 ? `configured: ${configured.map((n) => `"${n}"`).join(', ')}` : 'none is configured'}); ` +
        'an administrator adds it to FLOWLINE_WEBHOOK_SECRETS',
    });
  });
  return issues;
}
