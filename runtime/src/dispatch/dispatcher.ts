import type { Command as EngineCommand, EngineEvent } from '@flowline/engine';
import type { Clock } from '../clock';
import type { Logger } from '../observability/logger';
import type { RuntimeCommand } from '../executor/outbox';
import type { Command as StoredCommand, Lease, NewJob, NewTask, Store, StoreEffect } from '../store';
import { applyEffectAlone, effectFor, taskId, taskRecord } from './effects';

export interface DispatchTargets {
  /** Starts a child instance idempotently (its id is derived from the parent and child key). */
  startChild(parentId: string, command: Extract<EngineCommand, { type: 'subworkflow.start' }>): Promise<void>;
  /** Delivers an event to another instance (parent ↔ child). */
  send(instanceId: string, event: EngineEvent): Promise<unknown>;
  /** A job is ready to run now: lets a local worker claim it without waiting for its poll. */
  nudgeWorkers?(): void;
  /** A committed step queued this many jobs due now that no local worker slot took (the backlog). */
  jobsQueued?(count: number): void;
  /** A local worker's slot for a job due now, leased to it in the step itself (JobWorker.reserve). */
  reserveJob?(): Lease | undefined;
  /** The step is durable: the reserved slot runs its job. */
  adoptJob?(job: NewJob, lease: Lease): void;
  /** The step did not commit: the slot is free again. */
  releaseJob?(): void;
  /** An approval's reminder fell due for its open tasks; `reminder` counts from 1 per visit. */
  remind?(instanceId: string, taskKeys: readonly string[], reminder: number): Promise<void>;
  /** A task row was created: notifications hang here (idempotently: it may be called twice). */
  taskCreated?(task: NewTask): Promise<void>;
}

export const childId = (parentId: string, childKey: string) => `${parentId}.${childKey.replace('#', '-')}`;

/** Commands carried out on other instances: a tree of them must not hold the step that asked. */
const REACHES_OTHERS: ReadonlySet<string> = new Set([
  'subworkflow.start',
  'subworkflow.cancel',
  'instance.complete',
]);

/** How one step's commands are carried out; see `plan`. */
export interface DispatchPlan {
  /** Committed with the step itself. */
  readonly effects: StoreEffect[];
  /** Committed to the outbox with the step, then dispatched. */
  readonly outbox: StoredCommand[];
}

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
      case 'task.create': {
        // In the outbox only when someone hangs on new tasks; the record itself usually came as an effect.
        const task = taskRecord(instanceId, command, now);
        await store.createTask(task);
        // Handed on since (in its own write, when its assignee is away): the hand-over's entry
        // tells the new assignee, and the one it left hears nothing.
        const stored = await store.getTask(task.id);
        if (stored && stored.assignee.type === task.assignee.type && stored.assignee.id === task.assignee.id)
          await deps.targets.taskCreated?.(task);
        return;
      }
      case 'task.reassign': {
        // The new assignee hears of the task as if it were new (the record changed with the step).
        const task = await store.getTask(taskId(instanceId, command.taskKey));
        if (task?.status === 'open' && task.assignee.id === command.to.id)
          await deps.targets.taskCreated?.(task);
        return;
      }
      case 'task.remind':
        // Commands from before reminders were numbered: the outbox id still keys them uniquely.
        await deps.targets.remind?.(
          instanceId,
          command.taskKeys,
          command.reminder ?? Number(stored.id.split(':').at(-2) ?? 0),
        );
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
      case 'job.start':
      case 'job.cancel':
      case 'task.close':
      case 'task.cancel':
      case 'timer.schedule':
      case 'timer.cancel': {
        // Outboxes written before steps carried effects.
        const effect = effectFor(instanceId, command, now);
        if (effect) await applyEffectAlone(store, effect);
        if (effect?.type === 'job.enqueue') deps.targets.nudgeWorkers?.();
        return;
      }
      case 'instance.complete': {
        const instance = await store.getInstance(instanceId);
        if (instance?.parent) {
          await deps.targets.send(instance.parent.instanceId, {
            type: 'subworkflow.done',
            childKey: instance.parent.childKey,
            outcome: command.outcome,
            output: command.output ?? null,
            ...(command.error ? { error: { code: command.error.code, message: command.error.message } } : {}),
            at: now,
          });
        }
        return;
      }
    }
  }

  /**
   * Splits a step's commands: what only changes the store's records becomes an effect committed
   * with the step (one write instead of an outbox entry, a dispatch write and a removal); the rest
   * goes to the outbox. Ids stay `instanceId:rev:n` over all commands, as before the split.
   */
  function plan(
    instanceId: string,
    rev: number,
    commands: readonly RuntimeCommand[],
    context: {
      hasParent: boolean;
      /** The step's time, when it is not now (a step prepared before its timer falls due). */
      at?: number;
      /** False: no local worker slot is held for the step's due jobs (it may commit seconds later). */
      reserveJobs?: boolean;
    },
  ): DispatchPlan {
    const now = context.at ?? clock.now();
    const reserve = context.reserveJobs ?? true;
    const effects: StoreEffect[] = [];
    const outbox: StoredCommand[] = [];
    commands.forEach((command, n) => {
      let effect = effectFor(instanceId, command, now);
      if (reserve && effect?.type === 'job.enqueue' && effect.job.runAt <= now) {
        const lease = deps.targets.reserveJob?.();
        if (lease) effect = { ...effect, lease };
      }
      if (effect) effects.push(effect);
      const dispatched =
        effect === undefined
          ? command.type !== 'instance.complete' || context.hasParent
          : (command.type === 'task.create' || command.type === 'task.reassign') &&
            deps.targets.taskCreated !== undefined;
      if (dispatched) outbox.push({ ...command, id: `${instanceId}:${rev}:${n}` });
    });
    return { effects, outbox };
  }

  /** A step with these effects is durable: leased jobs run here, other due ones wake the workers. */
  function committed(effects: readonly StoreEffect[]): void {
    const now = clock.now();
    let due = 0;
    for (const effect of effects) {
      if (effect.type !== 'job.enqueue') continue;
      if (effect.lease) deps.targets.adoptJob?.(effect.job, effect.lease);
      else if (effect.job.runAt <= now) due += 1;
    }
    if (due > 0) {
      deps.targets.jobsQueued?.(due);
      deps.targets.nudgeWorkers?.();
    }
  }

  /** A planned step did not commit: gives back the worker slots its jobs had reserved. */
  function abandoned(effects: readonly StoreEffect[]): void {
    for (const effect of effects) {
      if (effect.type === 'job.enqueue' && effect.lease) deps.targets.releaseJob?.();
    }
  }

  // Work for other instances (a child to start or cancel, a parent to tell) runs after the step
  // that asked for it, but nobody waits for it: a start or cancel answers once its own step is
  // durable, however deep the tree below goes. The commands stay in the outbox until done, so a
  // crash or a stop leaves them to recovery.
  const detached = new Set<Promise<void>>();
  let detaching = true;

  function detach(instanceId: string, commands: StoredCommand[]): void {
    if (!detaching || commands.length === 0) return;
    const work: Promise<void> = dispatch(instanceId, commands)
      .catch((error: unknown) =>
        deps.logger.error({ err: error, instanceId }, 'dispatch failed; the commands stay in the outbox'),
      )
      .finally(() => detached.delete(work));
    detached.add(work);
  }

  /**
   * Carries out a committed step's outbox: what concerns this instance alone (notifications) before
   * returning, what reaches other instances detached (see above).
   */
  async function afterCommit(instanceId: string, commands: StoredCommand[]): Promise<void> {
    const own = commands.filter((command) => !REACHES_OTHERS.has(command.type));
    if (own.length < commands.length)
      detach(
        instanceId,
        commands.filter((command) => REACHES_OTHERS.has(command.type)),
      );
    await dispatch(instanceId, own);
  }

  /** Resolves once no detached work is under way (including work that work started). */
  async function idle(): Promise<void> {
    while (detached.size > 0) await Promise.allSettled([...detached]);
  }

  /** Takes no new detached work (it stays in outboxes) and waits for what is under way. */
  async function stop(): Promise<void> {
    detaching = false;
    await idle();
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

  /**
   * Re-dispatches what a crash or a failing target left in outboxes; `quietForMs` skips instances
   * stepped more recently (their own dispatch may still be under way). Safe to run at any time,
   * on any replica: every command's effect is keyed. Returns how many instances it visited.
   */
  async function recover(options: { quietForMs?: number; limit?: number } = {}): Promise<number> {
    const limit = options.limit ?? 500;
    const updatedBefore = options.quietForMs === undefined ? undefined : clock.now() - options.quietForMs;
    // An instance whose commands keep failing comes back in every listing: visit each once per run.
    const visited = new Set<string>();
    for (;;) {
      const listed = await store.listUndispatched({
        limit,
        ...(updatedBefore !== undefined ? { updatedBefore } : {}),
      });
      const pending = listed.filter((entry) => !visited.has(entry.instanceId));
      if (pending.length === 0) return visited.size;
      for (const entry of pending) {
        visited.add(entry.instanceId);
        await dispatch(entry.instanceId, entry.commands);
      }
      if (listed.length < limit) return visited.size;
    }
  }

  return { plan, committed, abandoned, dispatch, afterCommit, idle, stop, recover };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
