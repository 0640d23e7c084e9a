import { randomUUID } from 'node:crypto';
import {
  applyEvent,
  startInstance,
  type EngineEvent,
  type PersistedState,
  type StepResult,
} from '@flowline/engine';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { Dispatcher } from '../dispatch/dispatcher';
import type { Instance, InstanceStatus, Store, StoreEffect } from '../store';
import type { MachineCache } from '../workflows/machineCache';
import type { CommitQueue } from './commitQueue';
import { checkFormInput } from './inputCheck';
import { createInstanceCache, type InstanceCache } from './instanceCache';
import { createInstanceLocks } from './instanceLocks';
import { historyFor, runtimeCommandsFor } from './outbox';

export interface StartRequest {
  readonly workflowId: string;
  /** Default: the latest published version. */
  readonly version?: number | 'latest';
  readonly input: unknown;
  readonly startedBy?: string;
  readonly parent?: { readonly instanceId: string; readonly childKey: string };
  /** A deterministic id makes a start idempotent (subworkflows, cron fires). */
  readonly id?: string;
  /** Trigger-made input (webhook, cron) was already checked. */
  readonly trusted?: boolean;
}

export interface SendOutcome {
  readonly changed: boolean;
  readonly ended: boolean;
  readonly instance: Instance | null;
}

const MAX_CONFLICT_RETRIES = 20;

const statusOf = (result: StepResult): InstanceStatus =>
  result.state.status === 'done' ? (result.state.context.outcome ?? 'completed') : 'running';

export interface SendOptions {
  /** Who caused the event (history). */
  readonly actor?: string | undefined;
  /** More effects to commit with the step, if it commits (a worker's job completion). */
  readonly effects?: readonly StoreEffect[];
}

/**
 * The load → transition → one rev-checked write → dispatch loop. Every change is committed before
 * its commands are dispatched and before the caller hears back. Waiting instances live in the
 * store; a bounded cache of recently committed states only saves reads (see instanceCache.ts).
 */
export function createExecutor(deps: {
  store: Store;
  machines: MachineCache;
  clock: Clock;
  commits: CommitQueue;
  dispatcher: Pick<Dispatcher, 'plan' | 'committed' | 'abandoned' | 'dispatch'>;
  cache?: InstanceCache;
  onEnded?: (instance: {
    id: string;
    workflowId: string;
    status: InstanceStatus;
    createdAt: number;
    endedAt: number;
  }) => void;
}) {
  const locks = createInstanceLocks();
  const cache = deps.cache ?? createInstanceCache();

  const remember = (instance: Instance) => {
    if (instance.status === 'running') cache.set(instance);
    else cache.delete(instance.id);
  };

  async function start(request: StartRequest): Promise<Instance> {
    const loaded =
      request.version === undefined || request.version === 'latest'
        ? await deps.machines.latest(request.workflowId)
        : await deps.machines.load(request.workflowId, request.version);
    const input = request.trusted
      ? (request.input as Record<string, unknown>)
      : checkFormInput(loaded.definition.input, request.input);
    // A given id makes the start idempotent: a second start loses the insert and gets the first.
    const id = request.id ?? randomUUID();
    const at = deps.clock.now();
    const result = startInstance(loaded.machine, { input, at, instanceId: id });
    const rev = 1;
    const { effects, outbox } = deps.dispatcher.plan(id, rev, result.commands, {
      hasParent: request.parent !== undefined,
    });
    const status = statusOf(result);
    const instance: Instance = {
      id,
      workflowId: loaded.workflowId,
      version: loaded.version,
      status,
      snapshot: result.state as never,
      rev,
      input: input as never,
      currentNodes: [...result.activeNodes],
      correlationKeys: [...result.correlationKeys],
      ...(request.parent ? { parent: request.parent } : {}),
      ...(request.startedBy ? { startedBy: request.startedBy } : {}),
      ...(status !== 'running' ? endFields(result) : {}),
      createdAt: at,
      updatedAt: at,
      outbox,
    };
    const history = historyFor({
      at,
      event: { type: 'instance.started', input, version: loaded.version },
      actor: request.startedBy,
      activeNodes: result.activeNodes,
      commands: result.commands,
    });
    try {
      await deps.store.createInstance(instance, { history, effects });
    } catch (error) {
      deps.dispatcher.abandoned(effects);
      const existing = request.id ? await deps.store.getInstance(id) : null;
      if (existing) return existing;
      throw error;
    }
    remember({ ...instance, outbox: [] });
    deps.dispatcher.committed(effects);
    if (status !== 'running')
      deps.onEnded?.({ id, workflowId: instance.workflowId, status, createdAt: at, endedAt: at });
    await deps.dispatcher.dispatch(id, outbox);
    return instance;
  }

  function send(instanceId: string, event: EngineEvent, options: SendOptions = {}): Promise<SendOutcome> {
    return locks.run(instanceId, async () => {
      for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
        const cached = cache.get(instanceId);
        const instance = cached ?? (await deps.store.getInstance(instanceId));
        if (!instance) throw new AppError('NOT_FOUND', `There is no instance ${instanceId}`);
        // An ended instance stays ended, so even a cached one answers this.
        if (instance.status !== 'running') return { changed: false, ended: true, instance };
        const { machine } = await deps.machines.load(instance.workflowId, instance.version);
        const result = applyEvent(machine, instance.snapshot as unknown as PersistedState, event);
        if (!result.changed) {
          // Another process may have moved the instance on to where this event matters: ask the store.
          if (cached) {
            cache.delete(instanceId);
            continue;
          }
          return { changed: false, ended: false, instance };
        }
        const commands = [...result.commands, ...runtimeCommandsFor(event)];
        const rev = instance.rev + 1;
        const planned = deps.dispatcher.plan(instanceId, rev, commands, {
          hasParent: instance.parent !== undefined,
        });
        const effects = [...planned.effects, ...(options.effects ?? [])];
        const status = statusOf(result);
        const at = deps.clock.now();
        const set = {
          snapshot: result.state as never,
          status,
          currentNodes: [...result.activeNodes],
          correlationKeys: [...result.correlationKeys],
          updatedAt: at,
          ...(status !== 'running' ? endFields(result) : {}),
        };
        const committed = await deps.commits
          .commit({
            instanceId,
            expectedRev: instance.rev,
            set,
            commands: planned.outbox,
            history: historyFor({
              at,
              event,
              actor: options.actor,
              activeNodes: result.activeNodes,
              commands,
            }),
            effects,
          })
          .catch((error: unknown) => {
            deps.dispatcher.abandoned(effects);
            throw error;
          });
        if (!committed.ok) {
          deps.dispatcher.abandoned(effects);
          cache.delete(instanceId);
          if (committed.reason === 'not_found')
            throw new AppError('NOT_FOUND', `There is no instance ${instanceId}`);
          continue;
        }
        const next: Instance = { ...instance, ...set, rev, outbox: [] };
        remember(next);
        deps.dispatcher.committed(effects);
        if (status !== 'running')
          deps.onEnded?.({
            id: instanceId,
            workflowId: instance.workflowId,
            status,
            createdAt: instance.createdAt,
            endedAt: at,
          });
        await deps.dispatcher.dispatch(instanceId, planned.outbox);
        return { changed: true, ended: status !== 'running', instance: { ...next, outbox: planned.outbox } };
      }
      throw new AppError('CONFLICT', `Instance ${instanceId} is changing too fast; try again`);
    });
  }

  return { start, send };
}

function endFields(result: StepResult) {
  const context = result.state.context;
  return {
    outcome: context.outcome ?? 'completed',
    output: (context.output ?? null) as never,
    ...(context.error ? { error: context.error } : {}),
  };
}

export type Executor = ReturnType<typeof createExecutor>;
