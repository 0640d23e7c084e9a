import type { TriggerNode, WorkflowDefinition } from '@flowline/engine';
import { AppError } from '../errors';

/** Triggers a person starts: through POST /api/instances (the designer's run button, a request form). */
const STARTED_BY_HAND = new Set(['manual', 'form']);

const WHERE_IT_STARTS: Readonly<Record<string, string>> = {
  webhook: 'its webhook (POST /api/webhooks/{workflowId}, signed when the definition says so)',
  cron: 'its schedule',
  event: 'its named event',
};

/**
 * Refuses (403 START_NOT_ALLOWED) an API start the workflow does not allow: its trigger must be
 * one a person starts (manual or form), and when the trigger names who may start it, the caller
 * must be in one of those groups. A webhook-, cron- or event-triggered workflow starts only from
 * its trigger, so a signed webhook cannot be side-stepped through the API. Subworkflows are
 * started by their parent inside the runtime and never come through here.
 */
export function assertApiStartAllowed(
  definition: WorkflowDefinition,
  caller: { groups: readonly string[] },
): void {
  const trigger = definition.nodes.find((node): node is TriggerNode => node.kind === 'trigger')?.trigger;
  if (!trigger || !STARTED_BY_HAND.has(trigger.type)) {
    const type = trigger?.type ?? 'none';
    throw new AppError(
      'START_NOT_ALLOWED',
      `"${definition.name}" starts from ${WHERE_IT_STARTS[type] ?? 'its trigger'}, not through the API`,
      { trigger: type },
    );
  }
  const groups = 'startableBy' in trigger ? trigger.startableBy?.groups : undefined;
  if (groups && !groups.some((group) => caller.groups.includes(group)))
    throw new AppError(
      'START_NOT_ALLOWED',
      `Only members of ${groups.map((g) => `"${g}"`).join(', ')} may start "${definition.name}"`,
      { trigger: trigger.type, groups },
    );
}
