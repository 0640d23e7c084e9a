import type { TriggerNode, WorkflowDefinition } from '@flowline/engine';
import { nextFireAfter, scheduleOf, type CronTrigger } from '../cron';
import type { Logger } from '../observability/logger';
import { isStoreError, type PublishedVersionRef, type Store } from '../store';
import type { MachineCache } from './machineCache';

/** What an operator sees of a workflow's cron trigger (on its definition record). */
export type CronTriggerStatus =
  | {
      readonly state: 'armed';
      readonly version: number;
      readonly triggerId: string;
      readonly schedule: string;
      readonly timezone: string;
    }
  | {
      /** The workflow is deactivated (since `since`): no fires until it is activated again. */
      readonly state: 'inactive';
      readonly version: number;
      readonly triggerId: string;
      readonly schedule: string;
      readonly timezone: string;
      readonly since: number;
    }
  | {
      /** The latest version's trigger cannot fire: the reason is in `error`, since `since`. */
      readonly state: 'failed';
      readonly version: number;
      readonly error: string;
      readonly since: number;
    };

/** The cron trigger of a definition, for the version given; undefined when it has none. */
export function cronTriggerOf(
  definition: WorkflowDefinition,
  ref: { workflowId: string; version: number; publishedAt: number },
): CronTrigger | undefined {
  const trigger = definition.nodes.find((n): n is TriggerNode => n.kind === 'trigger');
  if (trigger?.trigger.type !== 'cron') return undefined;
  const { schedule, timezone, catchUp, maxCatchUp } = trigger.trigger;
  return {
    workflowId: ref.workflowId,
    version: ref.version,
    triggerId: trigger.id,
    schedule,
    timezone,
    catchUp,
    maxCatchUp,
    publishedAt: ref.publishedAt,
  };
}

const PAGE = 500;

/**
 * The cron triggers of the latest published versions, kept in memory and brought up to date from
 * what the store says was published since the last look: a tick reads only what changed, never
 * every workflow. A latest version whose trigger cannot be armed is logged once (not per tick) and
 * reported by `status`; a store that cannot be read is retried on the next refresh. Triggers of
 * deactivated workflows stay known but are not listed: which are is read afresh on every refresh
 * (of the triggers known only), so a deactivation on another replica disarms them here too.
 */
export function createCronCatalog(deps: {
  store: Store;
  machines: MachineCache;
  logger: Logger;
  now: () => number;
}) {
  const latest = new Map<string, PublishedVersionRef>();
  const armed = new Map<string, CronTrigger>();
  const failed = new Map<string, { version: number; error: string; since: number }>();
  /** Workflows whose latest version could not be read yet, with the last reason logged. */
  const unread = new Map<string, string>();
  /** Workflows with a trigger that were inactive at the last refresh. */
  let inactive = new Set<string>();
  let seenSeq = 0;

  async function refresh(): Promise<CronTrigger[]> {
    const changed = new Set(unread.keys());
    for (;;) {
      const page = await deps.store.listPublishedSince(seenSeq, PAGE);
      for (const ref of page) {
        const known = latest.get(ref.workflowId);
        if (known === undefined || ref.version > known.version) {
          latest.set(ref.workflowId, ref);
          changed.add(ref.workflowId);
        }
        seenSeq = Math.max(seenSeq, ref.seq);
      }
      if (page.length < PAGE) break;
    }
    for (const workflowId of changed) {
      const ref = latest.get(workflowId);
      if (ref) await load(ref);
    }
    const records = await deps.store.listWorkflowActivations([...armed.keys()]);
    inactive = new Set(records.filter((r) => !r.active).map((r) => r.workflowId));
    return [...armed.values()].filter((trigger) => !inactive.has(trigger.workflowId));
  }

  async function load(ref: PublishedVersionRef): Promise<void> {
    const { workflowId, version } = ref;
    let trigger: CronTrigger | undefined;
    try {
      trigger = cronTriggerOf((await deps.machines.load(workflowId, version)).definition, ref);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isStoreError(error)) {
        // Not the definition's fault: read it again next time; the version before stays armed.
        if (unread.get(workflowId) !== message)
          deps.logger.warn(
            { workflowId, version, err: error },
            'cron trigger: cannot read the published version yet',
          );
        unread.set(workflowId, message);
        return;
      }
      unread.delete(workflowId);
      fail(ref, `The published version does not load: ${message}`, error);
      return;
    }
    unread.delete(workflowId);
    if (trigger === undefined) {
      armed.delete(workflowId);
      failed.delete(workflowId);
      return;
    }
    if (nextFireAfter(scheduleOf(trigger.schedule), ref.publishedAt, trigger.timezone) === undefined) {
      fail(ref, `The schedule "${trigger.schedule}" never fires`);
      return;
    }
    armed.set(workflowId, trigger);
    if (failed.delete(workflowId))
      deps.logger.info({ workflowId, version }, 'cron trigger armed again by a newer version');
  }

  function fail(ref: PublishedVersionRef, error: string, cause?: unknown): void {
    armed.delete(ref.workflowId);
    const previous = failed.get(ref.workflowId);
    if (previous?.version === ref.version && previous.error === error) return;
    failed.set(ref.workflowId, { version: ref.version, error, since: deps.now() });
    deps.logger.error(
      { workflowId: ref.workflowId, version: ref.version, ...(cause ? { err: cause } : {}) },
      `cron trigger not armed: ${error}`,
    );
  }

  /**
   * The trigger as this process holds it; `inactiveSince` (the store's word, fresher than the last
   * refresh) says the workflow is deactivated.
   */
  function status(workflowId: string, inactiveSince?: number): CronTriggerStatus | undefined {
    const failure = failed.get(workflowId);
    if (failure) return { state: 'failed', ...failure };
    const trigger = armed.get(workflowId);
    if (!trigger) return undefined;
    const { version, triggerId, schedule, timezone } = trigger;
    return inactiveSince === undefined
      ? { state: 'armed', version, triggerId, schedule, timezone }
      : { state: 'inactive', version, triggerId, schedule, timezone, since: inactiveSince };
  }

  return { refresh, status };
}

export type CronCatalog = ReturnType<typeof createCronCatalog>;
