import type { AnyConnector, NetworkPolicy } from '@flowline/connector-sdk';
import { evaluationLimits, type EngineEvent, type EvaluationLimitsOverride } from '@flowline/engine';
import type { Clock } from './clock';
import { createConnectorRegistry } from './connectors/registry';
import { createDispatcher } from './dispatch/dispatcher';
import { AppError } from './errors';
import { createCommitQueue } from './executor/commitQueue';
import { createExecutor } from './executor/executor';
import { createInstanceCache } from './executor/instanceCache';
import { createJobWorker, type ConnectionResolver } from './jobs/worker';
import { createBacklog } from './jobs/backlog';
import type { BacklogLimits } from './limits/backlogLimits';
import type { Logger } from './observability/logger';
import type { Metrics } from './observability/metrics';
import { DEFAULT_RUN_LIMITS, type RunLimits } from './limits/runLimits';
import type { Json, NewTask, Store, StoreEffect } from './store';
import { createChildStarter } from './subworkflows/childStarter';
import { createHumanTasks } from './tasks/humanTasks';
import { createAssignmentScreen } from './tasks/assignmentScreen';
import { assignmentProblem } from './tasks/decisionPolicy';
import { createTimerService } from './timers/timerService';
import { createMessageBuffer } from './messages/messageBuffer';
import { purgeExpiredMessages, purgeExpiredOnceTokens } from './messages/messagePurge';
import { DEFAULT_MAX_MESSAGE_TTL } from './messages/messageTtl';
import { createSettleWaiters } from './executor/settleWaiters';
import { createMachineCache } from './workflows/machineCache';

export interface RuntimeCoreOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly connectors: readonly AnyConnector[];
  readonly connections: ConnectionResolver;
  readonly metrics?: Metrics;
  readonly network?: NetworkPolicy;
  readonly workerConcurrency?: number;
  /** Recently stepped instances kept to save reads (config `instanceCacheSize`); 0 keeps none. */
  readonly instanceCacheSize?: number;
  /** The same cache's bound on the serialized state it holds (config `instanceCacheBytes`). */
  readonly instanceCacheBytes?: number;
  readonly workerPollMs?: number;
  /** How long before its due time a timer's step is prepared (config `timerLookaheadMs`); 0: never. */
  readonly timerLookaheadMs?: number;
  /** Bounds on what definitions and inputs can multiply (the configuration's `limits`). */
  readonly limits?: RunLimits;
  /** Called when a human task is stored (e.g. the approval e-mail); must be idempotent. */
  readonly onTaskCreated?: (task: NewTask) => Promise<void>;
  /** Called when an approval's reminder falls due for its open tasks; must be idempotent per reminder. */
  readonly onReminder?: (instanceId: string, taskKeys: readonly string[], reminder: number) => Promise<void>;
  /** Called after an instance's final step is committed (benchmarks, notifications). */
  readonly onInstanceEnded?: (instance: { id: string; workflowId: string; status: string }) => void;
  /** Overrides of the engine's expression evaluation limits (config `limits.expression`). */
  readonly expressionLimits?: EvaluationLimitsOverride;
  /** How much runnable work this process takes on before new starts are refused (`limits.backlog`). */
  readonly backlogLimits?: BacklogLimits;
  /** Told of each timer fired, with how late (ms after its due time); the benchmark's lag figure. */
  readonly onTimerFired?: (lagMs: number) => void;
  /** The longest time to live a sender may give a buffered message (config `messageMaxTtl`). */
  readonly messageMaxTtl?: string;
}

/** How often, and after how long a quiet instance's outbox entries count as left behind. */
const OUTBOX_SWEEP_MS = 30_000;
/** How often expired buffered messages are deleted (in small batches). */
const MESSAGE_PURGE_MS = 60_000;

/**
 * Everything that executes workflows, wired together: the machine cache, group commit, the
 * executor, the dispatcher, job workers, timers and human tasks. No HTTP here.
 */
export function createRuntimeCore(options: RuntimeCoreOptions) {
  const { store, clock, logger, metrics } = options;
  const connectors = createConnectorRegistry(options.connectors);
  const expressionLimits = evaluationLimits(options.expressionLimits);
  const machines = createMachineCache({ store, catalog: connectors.catalog, compile: { expressionLimits } });
  const commits = createCommitQueue(store);
  // The dispatcher and executor call each other (subworkflows), so they meet through these.
  const late: {
    executor?: ReturnType<typeof createExecutor>;
    worker?: ReturnType<typeof createJobWorker>;
    messages?: ReturnType<typeof createMessageBuffer>;
  } = {};
  const send = (instanceId: string, event: EngineEvent) => late.executor!.send(instanceId, event);
  const limits = options.limits ?? DEFAULT_RUN_LIMITS;
  const backlog = createBacklog({
    ...(options.backlogLimits ? { limits: options.backlogLimits } : {}),
    ...(metrics ? { onRefused: metrics.startRefused } : {}),
  });
  metrics?.watchBacklog(backlog.view);
  /** Delivers an event between instances; one that no longer exists is nobody's error. */
  const sendToOther = async (instanceId: string, event: EngineEvent) => {
    try {
      return await send(instanceId, event);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  };
  const startChild = createChildStarter({
    store,
    clock,
    limits,
    start: (request) => late.executor!.start(request),
    send: sendToOther,
  });

  const dispatcher = createDispatcher({
    store,
    clock,
    logger,
    targets: {
      startChild,
      send: sendToOther,
      nudgeWorkers: () => late.worker?.nudge(),
      jobsQueued: backlog.queued,
      reserveJob: () => late.worker?.reserve(),
      adoptJob: (job, lease) => late.worker?.adopt(job, lease),
      releaseJob: () => late.worker?.release(),
      ...(options.onTaskCreated ? { taskCreated: notifyAssignable(options.onTaskCreated) } : {}),
      remind: async (instanceId, taskKeys, reminder) => {
        if (options.onReminder) await options.onReminder(instanceId, taskKeys, reminder);
        else
          logger.info({ instanceId, taskKeys, reminder }, 'approval reminder due; nothing sends reminders');
      },
    },
  });

  const settle = createSettleWaiters(store);
  const executor = createExecutor({
    store,
    machines,
    clock,
    commits,
    dispatcher,
    screen: createAssignmentScreen({ store }),
    ...(options.instanceCacheSize !== undefined || options.instanceCacheBytes !== undefined
      ? { cache: createInstanceCache(options.instanceCacheSize, options.instanceCacheBytes) }
      : {}),
    limits,
    onEnded: (ended) => {
      metrics?.instanceEnded(ended);
      options.onInstanceEnded?.(ended);
    },
    onCommitted: (instance, keysBefore) => {
      settle.committed(instance);
      late.messages?.committed(instance, keysBefore);
    },
  });
  late.executor = executor;

  const deliver = async (instanceId: string, event: EngineEvent, effects?: readonly StoreEffect[]) => {
    try {
      return await executor.send(instanceId, event, effects ? { effects } : {});
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  };

  const worker = createJobWorker({
    store,
    clock,
    logger,
    connectors,
    connections: options.connections,
    deliver,
    ...(options.network ? { network: options.network } : {}),
    ...(options.workerConcurrency ? { concurrency: options.workerConcurrency } : {}),
    ...(options.workerPollMs ? { pollMs: options.workerPollMs } : {}),
    ...(metrics ? { onFinished: metrics.jobFinished } : {}),
    backlog,
  });
  late.worker = worker;
  const timers = createTimerService({
    store,
    clock,
    logger,
    deliver,
    prefetch: executor.prefetch,
    ahead: {
      prepare: (instanceId, event, at, effects) => executor.prepare(instanceId, event, at, { effects }),
      commit: async (prepared) => {
        try {
          return await executor.commitPrepared(prepared);
        } catch (error) {
          // Gone meanwhile: delivered as usual, which marks the timer fired.
          if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
          throw error;
        }
      },
      abandon: executor.abandonPrepared,
    },
    ...(options.timerLookaheadMs !== undefined ? { lookaheadMs: options.timerLookaheadMs } : {}),
    onFired: (lagMs) => {
      metrics?.timerFired(lagMs);
      options.onTimerFired?.(lagMs);
    },
  });
  const tasks = createHumanTasks({ store, executor, clock, machines });
  const messages = createMessageBuffer({
    store,
    clock,
    logger,
    send: (instanceId, event, effects) => deliver(instanceId, event, effects),
  });
  late.messages = messages;

  /** No e-mail for a task its assignee cannot decide: the instance shows an incident instead. */
  function notifyAssignable(notify: (task: NewTask) => Promise<void>) {
    return async (task: NewTask): Promise<void> => {
      const context = await tasks.policy.contextOf(task);
      if (await assignmentProblem(store, task.assignee, context)) return;
      await notify(task);
    };
  }

  let outboxSweep: NodeJS.Timeout | undefined;
  let messagePurge: NodeJS.Timeout | undefined;

  /**
   * Delivers a named event to every instance waiting for it under this correlation key; with a
   * `workflowId`, only to that workflow's instances. A `messageId` (a signed webhook call) is
   * taken at most once by each instance, in the same write as its step, so a retry after a crash
   * anywhere reaches only the instances the first delivery did not.
   */
  async function sendByCorrelation(
    event: string,
    correlationKey: string,
    payload: Json,
    options: { workflowId?: string; messageId?: string; actor?: string } = {},
  ) {
    const found = await store.findInstancesByCorrelation(`${event}:${correlationKey}`);
    const waiting =
      options.workflowId === undefined ? found : found.filter((i) => i.workflowId === options.workflowId);
    const at = clock.now();
    const message = options.messageId !== undefined ? { messageId: options.messageId } : {};
    const results = await Promise.all(
      waiting.map((i) =>
        executor.send(
          i.id,
          { type: 'event.received', event, correlationKey, payload, ...message, at },
          { actor: options.actor },
        ),
      ),
    );
    return { matched: waiting.length, delivered: results.filter((r) => r.changed).length };
  }

  return {
    store,
    clock,
    connectors,
    /** The operator's outbound policy, for calls made outside jobs (testing a connection). */
    network: options.network,
    machines,
    executor,
    dispatcher,
    worker,
    timers,
    tasks,
    commits,
    limits,
    sendByCorrelation,
    /** Events kept for runs not waiting yet (POST /api/events and webhook `deliver` with a `ttl`). */
    messages,
    /** The longest time to live a sender may ask for. */
    messageMaxTtl: options.messageMaxTtl ?? DEFAULT_MAX_MESSAGE_TTL,
    /** Deletes expired buffered messages, a small batch at a time; how many. */
    purgeMessages: () => purgeExpiredMessages({ store, clock }),
    /** Runnable work this process holds; refuses new starts past `limits.backlog` (503). */
    backlog,
    /** Starts that wait for their instance to settle (POST /api/instances?wait=). */
    settle,
    /** What expressions evaluated outside a step (trigger mappings) are held to. */
    expressionLimits,
    /** Resolves once no work for other instances (children, parents) is under way; for tests. */
    idle: async () => {
      await dispatcher.idle();
      await messages.idle();
    },
    async start() {
      await dispatcher.recover();
      await messages
        .settleStale()
        .catch((error: unknown) => logger.error({ err: error }, 'settling message reservations failed'));
      // Jobs left queued by a stop or crash count from the start; the first short claim corrects it.
      backlog.queued(await store.countJobs('queued'));
      worker.start();
      timers.start();
      // Outbox entries left by another replica's crash, or by a target that failed (a child that
      // could not start, a notification), are picked up here instead of waiting for a restart.
      outboxSweep = setInterval(() => {
        void dispatcher
          .recover({ quietForMs: OUTBOX_SWEEP_MS })
          .catch((error: unknown) => logger.error({ err: error }, 'outbox sweep failed'));
        // A message reserved by a run whose step never came (a crash in between) is settled here.
        void messages
          .settleStale()
          .catch((error: unknown) => logger.error({ err: error }, 'settling message reservations failed'));
      }, OUTBOX_SWEEP_MS);
      outboxSweep.unref();
      messagePurge = setInterval(() => {
        void purgeExpiredMessages({ store, clock })
          .catch((error: unknown) => logger.error({ err: error }, 'purging expired messages failed'))
          .then(() => purgeExpiredOnceTokens({ store, clock }))
          .catch((error: unknown) => logger.error({ err: error }, 'purging expired one-time tokens failed'));
      }, MESSAGE_PURGE_MS);
      messagePurge.unref();
    },
    async stop() {
      if (outboxSweep) clearInterval(outboxSweep);
      if (messagePurge) clearInterval(messagePurge);
      await dispatcher.stop();
      await timers.stop();
      await worker.stop();
      await messages.idle();
      await commits.drain();
    },
  };
}

export type RuntimeCore = ReturnType<typeof createRuntimeCore>;
