import {
  createExpressionBudget,
  evaluateExpression,
  parseExpression,
  SCOPES,
  type TriggerNode,
} from '@flowline/engine';
import type { Clock } from '../clock';
import { createCronScheduler, type CronFireStart, type CronTrigger } from '../cron';
import type { Logger } from '../observability/logger';
import type { RuntimeCore } from '../runtimeCore';
import type { Store } from '../store';

/**
 * Wires cron triggers of published workflows to the scheduler. The instance id is derived from
 * the fire, so even a start retried after a crash creates one instance per scheduled time.
 */
export function createCronTriggers(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  core: RuntimeCore;
  tickMs?: number;
}) {
  async function listTriggers(): Promise<CronTrigger[]> {
    const triggers: CronTrigger[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.store.listDrafts({ limit: 200, ...(cursor ? { cursor } : {}) });
      for (const draft of page.items) {
        const latest = await deps.store.getLatestVersion(draft.workflowId).catch(() => null);
        if (!latest) continue;
        const loaded = await deps.core.machines
          .load(latest.workflowId, latest.version)
          .catch(() => undefined);
        const trigger = loaded?.definition.nodes.find((n): n is TriggerNode => n.kind === 'trigger');
        if (trigger?.trigger.type !== 'cron') continue;
        const { schedule, timezone, catchUp, maxCatchUp } = trigger.trigger;
        triggers.push({
          workflowId: latest.workflowId,
          version: latest.version,
          triggerId: trigger.id,
          schedule,
          timezone,
          catchUp,
          maxCatchUp,
        });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return triggers;
  }

  async function startInstance(fire: CronFireStart) {
    const loaded = await deps.core.machines.load(fire.workflowId, fire.version);
    const trigger = loaded.definition.nodes.find((n): n is TriggerNode => n.kind === 'trigger');
    const mapping = trigger?.trigger.type === 'cron' ? trigger.trigger.input : undefined;
    const input: Record<string, unknown> = {};
    const limits = deps.core.expressionLimits;
    const expressionBudget = createExpressionBudget(limits);
    for (const [key, source] of Object.entries(mapping ?? {})) {
      const parsed = parseExpression(source, SCOPES.cronTrigger);
      const value = parsed.ok
        ? evaluateExpression(
            parsed.value,
            { scheduledAt: new Date(fire.scheduledAt), now: new Date(deps.clock.now()) },
            { limits, budget: expressionBudget },
          )
        : parsed;
      if (value.ok) input[key] = value.value;
    }
    return deps.core.executor.start({
      id: `cron-${fire.workflowId}-${fire.triggerId}-${fire.scheduledAt}`,
      workflowId: fire.workflowId,
      version: fire.version,
      input,
      startedBy: 'cron',
      trusted: true,
      expressionBudget,
    });
  }

  return createCronScheduler({
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    listTriggers,
    ...(deps.tickMs ? { tickMs: deps.tickMs } : {}),
    startInstance,
    // Idempotent by the fire-derived id: a fire whose claimer died before starting it starts here.
    ensureStarted: startInstance,
  });
}
