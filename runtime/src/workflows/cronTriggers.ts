import {
  createExpressionBudget,
  evaluateExpression,
  parseDefinition,
  parseExpression,
  SCOPES,
  type TriggerNode,
} from '@flowline/engine';
import type { Clock } from '../clock';
import { armTrigger, createCronScheduler, rearmTrigger, type CronFireStart } from '../cron';
import type { Logger } from '../observability/logger';
import type { RuntimeCore } from '../runtimeCore';
import type { Store, WorkflowVersion } from '../store';
import { createCronCatalog, cronTriggerOf } from './cronCatalog';

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
  const catalog = createCronCatalog({
    store: deps.store,
    machines: deps.core.machines,
    logger: deps.logger,
    now: () => deps.clock.now(),
  });

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

  const scheduler = createCronScheduler({
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    listTriggers: catalog.refresh,
    ...(deps.tickMs ? { tickMs: deps.tickMs } : {}),
    startInstance,
    // Idempotent by the fire-derived id: a fire whose claimer died before starting it starts here.
    ensureStarted: startInstance,
  });

  /**
   * Arms the cron trigger of a version just published, so its first fire is not skipped (nor is a
   * changed schedule's). Never fails the publication, which is already stored: a failure is logged,
   * and the next tick still arms a trigger that has no cursor yet from its publication time.
   */
  async function published(version: WorkflowVersion): Promise<void> {
    try {
      const parsed = parseDefinition(version.definition);
      const trigger = parsed.ok ? cronTriggerOf(parsed.value, version) : undefined;
      if (trigger) await armTrigger(deps.store, trigger, version.publishedAt);
      await catalog.refresh();
    } catch (error) {
      deps.logger.error(
        { err: error, workflowId: version.workflowId, version: version.version },
        'arming the cron trigger of a published version failed; the next tick arms it',
      );
    }
  }

  /**
   * Before a deactivated workflow is recorded active: its trigger's next fire is the first after
   * `at`, so the fires it missed while inactive are not caught up. Throws when the cursor cannot
   * be set, so the workflow stays inactive rather than catching up.
   */
  async function activating(workflowId: string, at: number): Promise<void> {
    const latest = await deps.store.getLatestVersionNumber(workflowId);
    if (latest === null) return;
    const loaded = await deps.core.machines.load(workflowId, latest);
    const trigger = cronTriggerOf(loaded.definition, { workflowId, version: latest, publishedAt: at });
    if (trigger) await rearmTrigger(deps.store, trigger, at);
  }

  /**
   * After a workflow was deactivated or activated: this process fires accordingly at once. Never
   * fails the change, which is stored: the next tick reads it all the same.
   */
  async function activationChanged(workflowId: string): Promise<void> {
    try {
      await catalog.refresh();
    } catch (error) {
      deps.logger.error({ err: error, workflowId }, 'cron triggers not refreshed after an activation change');
    }
  }

  return { ...scheduler, published, activating, activationChanged, status: catalog.status };
}

export type CronTriggers = ReturnType<typeof createCronTriggers>;
