import {
  applyEvent,
  incidentCount,
  type PersistedState,
  childrenAskedFor,
  startInstance,
  type EngineEvent,
  type ExpressionBudget,
  type StepResult,
} from '@flowline/engine';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { Dispatcher } from '../dispatch/dispatcher';
import { DEFAULT_RUN_LIMITS, type RunLimits } from '../limits/runLimits';
import { failureEvent, withBreach } from '../limits/limitFailure';
import { createStartableCheck } from '../limits/startableVersions';
import { LIMIT_EXCEEDED, boundHistoryData, checkStep, stateBytesOf } from '../limits/stepLimits';
import type {
  CommitStep,
  Command as StoredCommand,
  Instance,
  InstanceStatus,
  Store,
  StoreEffect,
} from '../store';
import type { MachineCache } from '../workflows/machineCache';
import { createActivationCheck } from '../workflows/activation';
import type { CommitQueue } from './commitQueue';
import { checkFormInput } from './inputCheck';
import { createInstanceCache, type InstanceCache } from './instanceCache';
import { createInstanceLocks } from './instanceLocks';
import { withFollowUps, type StepScreen } from './followUps';
import { historyFor, runtimeCommandsFor } from './outbox';
import { storedState } from './storedState';
import { asJson } from '../store/plainJson';
import { newInstanceId } from '../instanceIds';
import { boundSize } from '../collections/trimOldest';
import { forgetStateText } from '../store/stateText';
import { chainAhead } from '../store/historyChain';

export interface StartRequest {
  readonly workflowId: string;
  /** Default: the latest published version. */
  readonly version?: number | 'latest';
  readonly input: unknown;
  readonly startedBy?: string;
  /** Given by the caller (already checked): wins over the workflow's business key expression. */
  readonly businessKey?: string;
  /** The parent of a child, with where it sits in its tree (root, depth). */
  readonly parent?: NonNullable<Instance['parent']>;
  /** A deterministic id makes a start idempotent (subworkflows, cron fires). */
  readonly id?: string;
  /** Trigger-made input (webhook, cron) was already checked. */
  readonly trusted?: boolean;
  /** What the trigger's input mappings left of the request's expression budget, for the start step. */
  readonly expressionBudget?: ExpressionBudget;
}

export interface SendOutcome {
  readonly changed: boolean;
  readonly ended: boolean;
  readonly instance: Instance | null;
}

const MAX_CONFLICT_RETRIES = 20;

/** A step computed and planned, ready for its one rev-checked write over `instance`. */
interface ComputedStep {
  readonly instance: Instance;
  readonly commit: CommitStep;
  readonly outbox: StoredCommand[];
  readonly effects: readonly StoreEffect[];
}

/** A step computed before its event's time (see `prepare`); opaque to callers. */
export interface PreparedStep {
  readonly instanceId: string;
  readonly step: ComputedStep;
}

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
  dispatcher: Pick<Dispatcher, 'plan' | 'committed' | 'abandoned' | 'afterCommit'>;
  cache?: InstanceCache;
  /** Looks at a step before it commits; its events are applied in the same write. */
  screen?: StepScreen;
  limits?: RunLimits;
  onEnded?: (instance: {
    id: string;
    workflowId: string;
    status: InstanceStatus;
    createdAt: number;
    endedAt: number;
  }) => void;
  /**
   * Told of every step this process commits (after it is durable), e.g. to wake waiting starts,
   * with the correlation keys the instance waited under before it (none for a start).
   */
  onCommitted?: (instance: Instance, keysBefore: readonly string[]) => void;
}) {
  const locks = createInstanceLocks();
  const cache = deps.cache ?? createInstanceCache();
  // Instances read ahead of their events (a claim of due timers), each taken by its own event.
  // Apart from the cache: a burst of them would flush it of the instances steps are working on,
  // and their sizes would have to be measured for it.
  const prefetched = createPrefetched();
  const limits = deps.limits ?? DEFAULT_RUN_LIMITS;

  // An instance whose outbox may hold commands is read from the store next time, so the count of
  // its waiting commands (limits.outboxPerInstance) is never taken from a cached empty outbox.
  const remember = (instance: Instance) => {
    forgetStateText(instance.snapshot);
    if (instance.status === 'running' && instance.outbox.length === 0)
      cache.set(instance, stateBytesOf(instance.snapshot));
    else cache.delete(instance.id);
  };

  const assertStartable = createStartableCheck(limits);
  const assertActive = createActivationCheck(deps.store);

  async function start(request: StartRequest): Promise<Instance> {
    const loaded =
      request.version === undefined || request.version === 'latest'
        ? await deps.machines.latest(request.workflowId)
        : await deps.machines.load(request.workflowId, request.version);
    await assertActive(loaded);
    assertStartable(loaded);
    const input = request.trusted
      ? (request.input as Record<string, unknown>)
      : checkFormInput(loaded.definition.input, request.input);
    // A given id makes the start idempotent: a second start loses the insert and gets the first.
    const id = request.id ?? newInstanceId();
    const at = deps.clock.now();
    const started = startInstance(
      loaded.machine,
      { input, at, instanceId: id },
      request.expressionBudget ? { expressionBudget: request.expressionBudget } : {},
    );
    const { result, followUps } = await withFollowUps(loaded.machine, started, deps.screen, {
      definition: loaded.definition,
      startedBy: request.startedBy,
      at,
    });
    const commands = [...started.commands, ...followUps.flatMap((f) => f.result.commands)];
    const rev = 1;
    const { effects, outbox } = deps.dispatcher.plan(id, rev, commands, {
      hasParent: request.parent !== undefined,
    });
    const breach = checkStep(limits, {
      result,
      rev,
      commands: commands.length,
      outbox: outbox.length,
      children: childrenAskedFor(loaded.definition, result.state),
      input,
    });
    if (breach) {
      // Nothing is created: the start is refused as a whole, like input its form refuses.
      deps.dispatcher.abandoned(effects);
      throw new AppError(
        breach.limit === 'instanceBytes' ? 'PAYLOAD_TOO_LARGE' : LIMIT_EXCEEDED,
        `The instance cannot start: ${breach.message}`,
        { limit: `limits.${breach.limit}` },
      );
    }
    const status = statusOf(result);
    const businessKey = request.businessKey ?? loaded.businessKey(input);
    const instance: Instance = {
      id,
      workflowId: loaded.workflowId,
      version: loaded.version,
      status,
      snapshot: result.state,
      rev,
      input: asJson(input, 'The input'),
      currentNodes: [...result.activeNodes],
      correlationKeys: [...result.correlationKeys],
      ...(status === 'running' && incidentCount(result.state.context) > 0
        ? { openIncidents: incidentCount(result.state.context) }
        : {}),
      ...(request.parent ? { parent: request.parent } : {}),
      ...(request.startedBy ? { startedBy: request.startedBy } : {}),
      ...(businessKey !== undefined ? { businessKey } : {}),
      ...(status !== 'running' ? endFields(result) : {}),
      createdAt: at,
      updatedAt: at,
      outbox,
    };
    const history = [
      ...historyFor({
        at,
        event: { type: 'instance.started', input, version: loaded.version },
        actor: request.startedBy,
        activeNodes: started.activeNodes,
        commands: started.commands,
      }),
      ...followUps.flatMap((f) =>
        historyFor({ at, event: f.event, activeNodes: f.result.activeNodes, commands: f.result.commands }),
      ),
    ];
    try {
      await deps.store.createInstance(instance, {
        history: history.map((entry) => boundHistoryData(limits, entry)),
        effects,
      });
    } catch (error) {
      deps.dispatcher.abandoned(effects);
      const existing = request.id ? await deps.store.getInstance(id) : null;
      if (existing) return existing;
      throw error;
    }
    remember(instance);
    deps.dispatcher.committed(effects);
    if (status !== 'running')
      deps.onEnded?.({ id, workflowId: instance.workflowId, status, createdAt: at, endedAt: at });
    await deps.dispatcher.afterCommit(id, outbox);
    deps.onCommitted?.(instance, []);
    return instance;
  }

  /**
   * Everything of a step that comes before its write: the transition, the screen's follow-ups,
   * the dispatch plan, the limit check and the row to write, all at the step's time `at`.
   * `stale`: a cached state may be behind the store; read it and try again.
   */
  async function computeStep(
    instance: Instance,
    event: EngineEvent,
    options: SendOptions,
    step: { at: number; cached: boolean; reserveJobs?: boolean },
  ): Promise<{ kind: 'unchanged' } | { kind: 'stale' } | { kind: 'step'; step: ComputedStep }> {
    const { at, cached } = step;
    const instanceId = instance.id;
    const { machine, definition } = await deps.machines.load(instance.workflowId, instance.version);
    const stepped = applyEvent(machine, storedState(instance), event);
    // Another process may have moved a cached instance on to where this event matters.
    if (!stepped.changed) return { kind: cached ? 'stale' : 'unchanged' };
    const { result, followUps } = await withFollowUps(machine, stepped, deps.screen, {
      definition,
      startedBy: instance.startedBy,
      at,
    });
    const rev = instance.rev + 1;
    const planContext = {
      hasParent: instance.parent !== undefined,
      at,
      ...(step.reserveJobs === false ? { reserveJobs: false } : {}),
    };
    const ownCommands = [...stepped.commands, ...runtimeCommandsFor(event)];
    let outcome = { result, commands: [...ownCommands, ...followUps.flatMap((f) => f.result.commands)] };
    let planned = deps.dispatcher.plan(instanceId, rev, outcome.commands, planContext);
    let history = [
      ...historyFor({
        at,
        event,
        actor: options.actor,
        activeNodes: stepped.activeNodes,
        commands: ownCommands,
      }),
      ...followUps.flatMap((f) =>
        historyFor({
          at,
          event: f.event,
          activeNodes: f.result.activeNodes,
          commands: f.result.commands,
        }),
      ),
    ];
    const breach = checkStep(limits, {
      result,
      rev,
      commands: outcome.commands.length,
      outbox: instance.outbox.length + planned.outbox.length,
      children: childrenAskedFor(definition, result.state),
      input: instance.input,
    });
    if (breach) {
      deps.dispatcher.abandoned(planned.effects);
      // A cached state may be behind the store (its outbox emptied since): judge the stored one.
      if (cached) return { kind: 'stale' };
      // The step is not committed as it was: the instance fails instead, saying which limit.
      const failure = failureEvent(breach, at);
      const failed = applyEvent(machine, storedState(instance), failure);
      outcome = { result: failed, commands: [...failed.commands] };
      planned = deps.dispatcher.plan(instanceId, rev, outcome.commands, planContext);
      history = historyFor({
        at,
        event: failure,
        actor: options.actor,
        activeNodes: failed.activeNodes,
        commands: outcome.commands,
      }).map((entry) => withBreach(entry, breach, event.type));
    }
    // The caller's own effects first: a job whose too-large result failed the instance is
    // completed as succeeded before the failure's withdrawal of it, which then changes nothing.
    const effects = breach
      ? [...(options.effects ?? []), ...planned.effects]
      : [...planned.effects, ...(options.effects ?? [])];
    const status = statusOf(outcome.result);
    // An ended instance waits for nobody: its incidents are closed with it.
    const openIncidents = status === 'running' ? incidentCount(outcome.result.state.context) : 0;
    const set = {
      snapshot: outcome.result.state,
      status,
      currentNodes: [...outcome.result.activeNodes],
      correlationKeys: [...outcome.result.correlationKeys],
      updatedAt: at,
      // Sent only when it changes (the rev check makes `instance` the stored state), so most
      // steps leave the column, and the index of instances with incidents, untouched.
      ...(openIncidents !== (instance.openIncidents ?? 0) ? { openIncidents } : {}),
      ...(status !== 'running' ? endFields(outcome.result) : {}),
    };
    return {
      kind: 'step',
      step: {
        instance,
        outbox: planned.outbox,
        effects,
        commit: {
          instanceId,
          expectedRev: instance.rev,
          set,
          commands: planned.outbox,
          history: history.map((entry) => boundHistoryData(limits, entry)),
          effects,
          ...(raisesIncident(storedState(instance), outcome.result.state) ? { incident: true } : {}),
        },
      },
    };
  }

  /**
   * Writes a computed step (rev-checked), then does what follows a durable step. Undefined when
   * the instance had moved on (a conflict): nothing was written and the caller reads it again.
   */
  async function commitComputed(computed: ComputedStep): Promise<SendOutcome | undefined> {
    const { instance, commit, effects } = computed;
    const instanceId = instance.id;
    const committed = await deps.commits.commit(commit).catch((error: unknown) => {
      deps.dispatcher.abandoned(effects);
      throw error;
    });
    if (!committed.ok) {
      deps.dispatcher.abandoned(effects);
      cache.delete(instanceId);
      if (committed.reason === 'not_found')
        throw new AppError('NOT_FOUND', `There is no instance ${instanceId}`);
      return undefined;
    }
    // As the store reads it back: no count when no incident is open.
    const { openIncidents, ...rest } = commit.set;
    const rev = instance.rev + 1;
    const next: Instance = { ...instance, ...rest, rev, outbox: [...instance.outbox, ...computed.outbox] };
    const incidents = openIncidents ?? instance.openIncidents ?? 0;
    if (incidents > 0) next.openIncidents = incidents;
    else delete next.openIncidents;
    remember(next);
    deps.dispatcher.committed(effects);
    const status = commit.set.status;
    if (status !== 'running')
      deps.onEnded?.({
        id: instanceId,
        workflowId: instance.workflowId,
        status,
        createdAt: instance.createdAt,
        endedAt: commit.set.updatedAt,
      });
    await deps.dispatcher.afterCommit(instanceId, computed.outbox);
    deps.onCommitted?.(next, instance.correlationKeys);
    return { changed: true, ended: status !== 'running', instance: next };
  }

  /** The send loop, under the instance's lock. */
  async function sendLocked(
    instanceId: string,
    event: EngineEvent,
    options: SendOptions,
  ): Promise<SendOutcome> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      const cached = cache.get(instanceId) ?? prefetched.take(instanceId);
      const instance = cached ?? (await deps.store.getInstance(instanceId));
      if (!instance) throw new AppError('NOT_FOUND', `There is no instance ${instanceId}`);
      // An ended instance stays ended, so even a cached one answers this.
      if (instance.status !== 'running') return { changed: false, ended: true, instance };
      const computed = await computeStep(instance, event, options, {
        at: deps.clock.now(),
        cached: cached !== undefined,
      });
      if (computed.kind === 'unchanged') return { changed: false, ended: false, instance };
      if (computed.kind === 'stale') {
        cache.delete(instanceId);
        continue;
      }
      const outcome = await commitComputed(computed.step);
      if (outcome) return outcome;
    }
    throw new AppError('CONFLICT', `Instance ${instanceId} is changing too fast; try again`);
  }

  function send(instanceId: string, event: EngineEvent, options: SendOptions = {}): Promise<SendOutcome> {
    return locks.run(instanceId, () => sendLocked(instanceId, event, options));
  }

  /**
   * Computes, ahead of its time, the step an event due at `at` will cause (a timer about to fall
   * due), without writing it: `commitPrepared` writes it then, rev-checked, so that a burst of
   * timers costs only its writes once due. Undefined when there is nothing to prepare (the
   * instance ended, or ignores the event): the event is then sent as any other.
   */
  async function prepare(
    instanceId: string,
    event: EngineEvent,
    at: number,
    options: SendOptions = {},
  ): Promise<PreparedStep | undefined> {
    const cached = cache.get(instanceId) ?? prefetched.take(instanceId);
    const instance = cached ?? (await deps.store.getInstance(instanceId));
    if (!instance || instance.status !== 'running') return undefined;
    // No job slot is held meanwhile: the step may commit seconds from now.
    const computed = await computeStep(instance, event, options, { at, cached: false, reserveJobs: false });
    if (computed.kind !== 'step') return undefined;
    chainAhead(instance, instanceId, computed.step.commit.history);
    return { instanceId, step: computed.step };
  }

  /**
   * Writes a prepared step if its instance is still as it was read; undefined when it is not
   * (another step came first) or the write lost its rev check: the prepared step is dropped, and
   * the caller sends its event as any other.
   */
  function commitPrepared(prepared: PreparedStep): Promise<SendOutcome | undefined> {
    return locks.run(prepared.instanceId, async () => {
      const current = cache.get(prepared.instanceId);
      if (current && current.rev !== prepared.step.instance.rev) {
        abandonPrepared(prepared);
        return undefined;
      }
      return commitComputed(prepared.step);
    });
  }

  /** A prepared step that will not be committed: gives back what its plan held. */
  function abandonPrepared(prepared: PreparedStep): void {
    deps.dispatcher.abandoned(prepared.step.effects);
  }

  /**
   * Reads into the cache, in one store call, those of `ids` it does not hold: a batch of events
   * about to be delivered (a claim of due timers) then costs one read instead of one each. Never
   * replaces a cached state or one an event is being applied to (a state committed meanwhile is
   * newer); an entry that is stale by the time its event comes costs a retry, as any does.
   */
  async function prefetch(ids: readonly string[]): Promise<void> {
    const wanted = (id: string) => !cache.has(id) && !prefetched.has(id) && !locks.busy(id);
    const missing = [...new Set(ids)].filter(wanted);
    // One missing instance costs its send the same read: nothing to save.
    if (missing.length < 2) return;
    for (const instance of await deps.store.getInstances(missing))
      if (wanted(instance.id) && instance.status === 'running' && instance.outbox.length === 0)
        prefetched.put(instance);
  }

  return { start, send, prefetch, prepare, commitPrepared, abandonPrepared };
}

/**
 * Instances read ahead, until their event takes them. Bounded (oldest first): one whose event
 * never came (its delivery failed) is simply read again next time.
 */
function createPrefetched(capacity = 2_000) {
  const held = new Map<string, Instance>();
  return {
    has: (id: string) => held.has(id),
    put(instance: Instance) {
      held.set(instance.id, instance);
      boundSize(held, capacity);
    },
    take(id: string): Instance | undefined {
      const instance = held.get(id);
      if (instance) held.delete(id);
      return instance;
    },
  };
}

function endFields(result: StepResult) {
  const context = result.state.context;
  return {
    outcome: context.outcome ?? 'completed',
    output: asJson(context.output ?? null, 'The output'),
    ...(context.error ? { error: context.error } : {}),
  };
}

export type Executor = ReturnType<typeof createExecutor>;

/** Whether a step left more nodes waiting for an operator than before: the change feed says so. */
function raisesIncident(before: PersistedState, after: PersistedState): boolean {
  return incidentCount(after.context) > incidentCount(before.context);
}
