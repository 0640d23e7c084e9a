import { isValidTimeZone, parseCron } from '../../definition/cron';
import { awaitedEvents } from '../../definition/awaitedEvents';
import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/**
 * Cron schedules parse and name a real time zone; an unsigned webhook is pointed out; a webhook's
 * delivery names an event some step of the workflow waits for.
 */
export const triggerConfig: Rule = ({ definition }) => {
  const issues: ValidationIssue[] = [];
  definition.nodes.forEach((node, index) => {
    if (node.kind !== 'trigger') return;
    const at = ['nodes', index, 'trigger'];
    if (node.trigger.type === 'webhook' && node.trigger.signature.scheme === 'none') {
      // Allowed (some senders cannot sign), but never silently: the endpoint needs no sign-in.
      issues.push(
        issue(
          'UNSIGNED_WEBHOOK',
          'Anyone who can reach this workflow\'s webhook URL can start it: no sign-in is asked there. Require a signature (scheme "standard-webhooks" with a secretName) unless the sender cannot sign',
          { nodeId: node.id, path: [...at, 'signature'] },
          'warning',
        ),
      );
    }
    if (node.trigger.type === 'webhook' && node.trigger.deliver) {
      const { event } = node.trigger.deliver;
      const awaited = awaitedEvents(definition);
      if (!awaited.includes(event))
        issues.push(
          issue(
            'DELIVERY_EVENT_NOT_AWAITED',
            awaited.length === 0
              ? `No step of this workflow waits for an event, so "${event}" would reach no run: add a wait for it`
              : `No step of this workflow waits for "${event}", so it would reach no run (waited for: ${awaited.join(', ')})`,
            { nodeId: node.id, path: [...at, 'deliver', 'event'] },
          ),
        );
    }
    if (node.trigger.type !== 'cron') return;
    const parsed = parseCron(node.trigger.schedule);
    if (!parsed.ok)
      issues.push(issue('INVALID_CRON', parsed.error, { nodeId: node.id, path: [...at, 'schedule'] }));
    if (!isValidTimeZone(node.trigger.timezone)) {
      issues.push(
        issue(
          'INVALID_TIMEZONE',
          `"${node.trigger.timezone}" is not a known time zone (use a name like Europe/Berlin)`,
          { nodeId: node.id, path: [...at, 'timezone'] },
        ),
      );
    }
  });
  return issues;
};
