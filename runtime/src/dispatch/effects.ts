import { qualifiedIdempotencyKey } from '@flowline/engine';
import type { RuntimeCommand } from '../executor/outbox';
import type { NewTask, Store, StoreEffect } from '../store';
import { asJson } from '../store/plainJson';

export const jobId = (instanceId: string, jobKey: string) => `${instanceId}:${jobKey}`;
export const timerId = (instanceId: string, timerKey: string) => `${instanceId}:${timerKey}`;
export const taskId = (instanceId: string, taskKey: string) => `${instanceId}:${taskKey}`;

/** Backoff with ±20 % jitter, so retries of many jobs do not arrive together. */
const withJitter = (delayMs: number) =>
  delayMs === 0 ? 0 : Math.round(delayMs * (0.8 + Math.random() * 0.4));

export function taskRecord(
  instanceId: string,
  command: Extract<RuntimeCommand, { type: 'task.create' }>,
  now: number,
): NewTask {
  return {
    id: taskId(instanceId, command.taskKey),
    instanceId,
    nodeId: command.nodeId,
    slot: String(command.slot),
    assignee: command.assignee,
    title: command.title,
    form: asJson(
      {
        kind: command.kind ?? 'approval',
        fields: command.form,
        instructions: command.instructions ?? null,
        ...(command.details ? { details: command.details } : {}),
        requireCommentOn: command.requireCommentOn,
        outcomes: command.outcomes,
      },
      'The task form',
    ),
    outcomes: command.outcomes.map((o) => o.id),
    allowDelegation: command.allowDelegation,
    ...(command.dueAt !== undefined ? { dueAt: command.dueAt } : {}),
    createdAt: now,
  };
}

/**
 * The change to the store's own records a command stands for, or undefined when carrying it out
 * takes more than the store (starting a child, notifying a parent, reminding someone). Effects
 * are committed with the step that asked for them, so they need no outbox round trip.
 */
export function effectFor(instanceId: string, command: RuntimeCommand, now: number): StoreEffect | undefined {
  switch (command.type) {
    case 'job.start':
      return {
        type: 'job.enqueue',
        job: {
          id: jobId(instanceId, command.jobKey),
          instanceId,
          nodeId: command.nodeId,
          action: command.action,
          ...(command.connection ? { connection: command.connection } : {}),
          input: command.input,
          attempt: command.attempt,
          // The same string the task's input mappings read as `job.idempotencyKey`.
          idempotencyKey: qualifiedIdempotencyKey(instanceId, command.idempotencyKey),
          runAt: now + withJitter(command.delayMs),
          timeoutMs: command.timeoutMs,
        },
      };
    case 'job.cancel':
      return { type: 'job.cancel', id: jobId(instanceId, command.jobKey) };
    case 'timer.schedule':
      return {
        type: 'timer.schedule',
        timer: {
          id: timerId(instanceId, command.timerKey),
          instanceId,
          timerId: command.timerKey,
          fireAt: command.fireAt,
        },
      };
    case 'timer.cancel':
      return { type: 'timer.cancel', id: timerId(instanceId, command.timerKey) };
    case 'task.create':
      return { type: 'task.create', task: taskRecord(instanceId, command, now) };
    case 'task.close':
      return {
        type: 'task.decide',
        id: taskId(instanceId, command.taskKey),
        decision: { ...command.decision, form: asJson(command.decision.form ?? null, 'The decision form') },
      };
    case 'task.reassign':
      return {
        type: 'task.delegate',
        id: taskId(instanceId, command.taskKey),
        from: command.from,
        to: command.to,
      };
    case 'task.cancel':
      return { type: 'task.cancel', instanceId, nodeId: command.nodeId, at: now };
    default:
      return undefined;
  }
}

/** One effect through the single-record methods: for outbox entries committed without effects. */
export async function applyEffectAlone(store: Store, effect: StoreEffect): Promise<void> {
  switch (effect.type) {
    case 'job.enqueue':
      await store.enqueueJob(effect.job);
      return;
    case 'job.complete':
      await store.completeJob(effect.id, effect.leaseToken, effect.result);
      return;
    case 'job.cancel':
      await store.cancelJob(effect.id);
      return;
    case 'timer.schedule':
      await store.scheduleTimer(effect.timer);
      return;
    case 'timer.cancel':
      await store.cancelTimer(effect.id);
      return;
    case 'timer.fired':
      await store.markTimerFired(effect.id, effect.leaseToken);
      return;
    case 'task.create':
      await store.createTask(effect.task);
      return;
    case 'task.decide':
      await store.decideTask(effect.id, effect.decision);
      return;
    case 'task.delegate':
      await store.delegateTask(effect.id, effect);
      return;
    case 'task.cancel':
      await store.cancelTasks(effect.instanceId, effect.nodeId, effect.at);
      return;
  }
}
