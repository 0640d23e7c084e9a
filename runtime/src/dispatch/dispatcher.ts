import type { Command as EngineCommand, EngineEvent } from '@flowline/engine';
import type { Clock } from '../clock';
import type { Logger } from '../observability/logger';
import type { Command as StoredCommand, NewTask, Store } from '../store';
import type { RuntimeCommand } from '../executor/outbox';

export interface DispatchTargets {
  /** Starts a child instance idempotently (its id is derived from the parent and child key). */
  startChild(parentId: string, command: Extract<EngineCommand, { type: 'subworkflow.start' }>): Promise<void>;
  /** Delivers an event to another instance (parent ↔ child). */
  send(instanceId: string, event: EngineEvent): Promise<unknown>;
  /** A job is ready to run now: lets a local worker claim it without waiting for its poll. */
  nudgeWorkers?(): void;
  remind?(instanceId: string, taskKeys: readonly string[]): void;
  /** A task row was created: notifications hang here (idempotently: it may be called twice). */
  taskCreated?(task: NewTask): Promise<void>;
}

export const jobId = (instanceId: string, jobKey: string) => `${instanceId}:${jobKey}`;
export const timerId = (instanceId: string, timerKey: string) => `${instanceId}:${timerKey}`;
export const taskId = (instanceId: string, taskKey: string) => `${instanceId}:${taskKey}`;
export const childId = (parentId: string, childKey: string) => `${parentId}.${childKey.replace('#', '-')}`;

/** Backoff with ±20 % jitter, so retries of many jobs do not arrive together. */
const withJitter = (delayMs: number) => Math.round(delayMs * (0.8 + Math.random() * 0.4));

/**
 * Carries out committed commands. Every effect is keyed by the command's deterministic key, so
 * dispatching the same outbox twice (after a crash) creates nothing twice. Commands leave the
 * outbox only after their effects are stored.
 */
export function createDispatcher(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  targets: DispatchTargets;
}) {
  const { store, clock } = deps;

  async function apply(instanceId: string, stored: StoredCommand): Promise<void> {
    const command = stored as unknown as RuntimeCommand;
    const now = clock.now();
    switch (command.type) {
      case 'job.start':
        await store.enqueueJob({
          id: jobId(instanceId, command.jobKey),
          instanceId,
          nodeId: command.nodeId,
          action: command.action,
          ...(command.connection ? { connection: command.connection } : {}),
          input: command.input,
          attempt: command.attempt,
          idempotencyKey: `${instanceId}:${command.idempotencyKey}`,
          runAt: now + withJitter(command.delayMs),
          timeoutMs: command.timeoutMs,
        });
        if (command.delayMs === 0) deps.targets.nudgeWorkers?.();
        return;
      case 'job.cancel':
        await store.cancelJob(jobId(instanceId, command.jobKey));
        return;
      case 'task.create': {
        const task: NewTask = {
          id: taskId(instanceId, command.taskKey),
          instanceId,
          nodeId: command.nodeId,
          slot: String(command.slot),
          assignee: command.assignee,
          title: command.title,
          form: {
            fields: command.form,
            instructions: command.instructions ?? null,
            requireCommentOn: command.requireCommentOn,
            outcomes: command.outcomes,
          } as never,
          outcomes: command.outcomes.map((o) => o.id),
          allowDelegation: command.allowDelegation,
          ...(command.dueAt !== undefined ? { dueAt: command.dueAt } : {}),
          createdAt: now,
        };
        await store.createTask(task);
        // Also on a re-dispatch: what hangs here is idempotent (keyed by the task id).
        await deps.targets.taskCreated?.(task);
        return;
      }
      case 'task.close': {
        const result = await store.decideTask(taskId(instanceId, command.taskKey), {
          ...command.decision,
          form: (command.decision.form ?? null) as never,
        });
        if (!result.ok && result.reason !== 'already_decided')
          deps.logger.warn(
            { instanceId, taskKey: command.taskKey, reason: result.reason },
            'task record not closed',
          );
        return;
      }
      case 'task.cancel':
        await store.cancelTasks(instanceId, command.nodeId);
        return;
      case 'task.remind':
        deps.targets.remind?.(instanceId, command.taskKeys);
        return;
      case 'timer.schedule':
        await store.scheduleTimer({
          id: timerId(instanceId, command.timerKey),
          instanceId,
          timerId: command.timerKey,
          fireAt: command.fireAt,
        });
        return;
      case 'timer.cancel':
        await store.cancelTimer(timerId(instanceId, command.timerKey));
        return;
      case 'subworkflow.start':
        await deps.targets.startChild(instanceId, command);
        return;
      case 'subworkflow.cancel':
        await deps.targets.send(childId(instanceId, command.childKey), {
          type: 'instance.cancel',
          by: 'parent',
          reason: 'The parent instance left this step',
          at: now,
        });
        return;
      case 'instance.complete': {
        const instance = await store.getInstance(instanceId);
        if (instance?.parent) {
          await deps.targets.send(instance.parent.instanceId, {
            type: 'subworkflow.done',
            childKey: instance.parent.childKey,
            outcome: command.outcome,
            output: (command.output ?? null) as never,
            at: now,
          });
        }
        return;
      }
    }
  }

  async function dispatch(instanceId: string, commands: StoredCommand[]): Promise<void> {
    if (commands.length === 0) return;
    const done: string[] = [];
    try {
      for (const command of commands) {
        await apply(instanceId, command);
        done.push(command.id);
      }
    } catch (error) {
      deps.logger.error(
        { err: error, instanceId },
        'dispatch failed; the commands stay in the outbox for recovery',
      );
    } finally {
      if (done.length > 0) await store.markDispatched(instanceId, done);
    }
  }

  /** Re-dispatches what a crash left in outboxes. Safe to run at any time, on any replica. */
  async function recover(limit = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const pending = await store.listUndispatched({ limit });
      if (pending.length === 0) return total;
      for (const entry of pending) await dispatch(entry.instanceId, entry.commands);
      total += pending.length;
      if (pending.length < limit) return total;
    }
  }

  return { dispatch, recover };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
