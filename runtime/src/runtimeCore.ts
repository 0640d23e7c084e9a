import type { AnyConnector, NetworkPolicy } from '@flowline/connector-sdk';
import type { EngineEvent } from '@flowline/engine';
import type { Clock } from './clock';
import { createConnectorRegistry } from './connectors/registry';
import { childId, createDispatcher } from './dispatch/dispatcher';
import { AppError } from './errors';
import { createCommitQueue } from './executor/commitQueue';
import { createExecutor } from './executor/executor';
import { createJobWorker, type ConnectionResolver } from './jobs/worker';
import type { Logger } from './observability/logger';
import type { Metrics } from './observability/metrics';
import type { NewTask, Store, StoreEffect } from './store';
import { createHumanTasks } from './tasks/humanTasks';
import { createTimerService } from './timers/timerService';
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
  readonly workerPollMs?: number;
  /** Called when a human task is stored (e.g. the approval e-mail); must be idempotent. */
  readonly onTaskCreated?: (task: NewTask) => Promise<void>;
  /** Called when an approval's reminder falls due for its open tasks; must be idempotent per reminder. */
  readonly onReminder?: (instanceId: string, taskKeys: readonly string[], reminder: number) => Promise<void>;
  /** Called after an instance's final step is committed (benchmarks, notifications). */
  readonly onInstanceEnded?: (instance: { id: string; workflowId: string; status: string }) => void;
}

/** How often, and after how long a quiet instance's outbox entries count as left behind. */
const OUTBOX_SWEEP_MS = 30_000;

/**
 * Everything that executes workflows, wired together: the machine cache, group commit, the
 * executor, the dispatcher, job workers, timers and human tasks. No HTTP here.
 */
export function createRuntimeCore(options: RuntimeCoreOptions) {
  const { store, clock, logger, metrics } = options;
  const connectors = createConnectorRegistry(options.connectors);
  const machines = createMachineCache({ store, catalog: connectors.catalog });
  const commits = createCommitQueue(store);
  // The dispatcher and executor call each other (subworkflows), so they meet through these.
  const late: { executor?: ReturnType<typeof createExecutor>; worker?: ReturnType<typeof createJobWorker> } =
    {};
  const send = (instanceId: string, event: EngineEvent) => late.executor!.send(instanceId, event);

  const dispatcher = createDispatcher({
    store,
    clock,
    logger,
    targets: {
      startChild: async (parentId, command) => {
        const parent = await store.getInstance(parentId);
        await late
          .executor!.start({
            id: childId(parentId, command.childKey),
            workflowId: command.workflowId,
            version: command.version,
            input: command.input,
            parent: { instanceId: parentId, childKey: command.childKey },
            ...(parent?.startedBy ? { startedBy: parent.startedBy } : {}),
          })
          .catch(async (error: unknown) => {
            // A child that cannot start (unknown workflow, bad input) fails the parent's step instead of vanishing.
            const message = error instanceof AppError ? error.message : 'The subworkflow could not start';
            await send(parentId, {
              type: 'subworkflow.done',
              childKey: command.childKey,
              outcome: 'failed',
              output: { error: message },
              at: clock.now(),
            });
          });
      },
      send: async (instanceId, event) => {
        try {
          return await send(instanceId, event);
        } catch (error) {
          if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
          throw error;
        }
      },
      nudgeWorkers: () => late.worker?.nudge(),
      reserveJob: () => late.worker?.reserve(),
      adoptJob: (job, lease) => late.worker?.adopt(job, lease),
      releaseJob: () => late.worker?.release(),
      ...(options.onTaskCreated ? { taskCreated: options.onTaskCreated } : {}),
      remind: async (instanceId, taskKeys, reminder) => {
        if (options.onReminder) await options.onReminder(instanceId, taskKeys, reminder);
        else
          logger.info({ instanceId, taskKeys, reminder }, 'approval reminder due; nothing sends reminders');
      },
    },
  });

  const executor = createExecutor({
    store,
    machines,
    clock,
    commits,
    dispatcher,
    onEnded: (ended) => {
      metrics?.instanceEnded(ended);
      options.onInstanceEnded?.(ended);
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
  });
  late.worker = worker;
  const timers = createTimerService({
    store,
    clock,
    logger,
    deliver,
    ...(metrics ? { onFired: metrics.timerFired } : {}),
  });
  const tasks = createHumanTasks({ store, executor, clock });

  let outboxSweep: NodeJS.Timeout | undefined;

  /** Delivers a named event to every instance waiting for it under this correlation key. */
  async function sendByCorrelation(event: string, correlationKey: string, payload: unknown) {
    const waiting = await store.findInstancesByCorrelation(`${event}:${correlationKey}`);
    const at = clock.now();
    const results = await Promise.all(
      waiting.map((i) =>
        executor.send(i.id, { type: 'event.received', event, correlationKey, payload: payload as never, at }),
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
    sendByCorrelation,
    async start() {
      await dispatcher.recover();
      worker.start();
      timers.start();
      // Outbox entries left by another replica's crash, or by a target that failed (a child that
      // could not start, a notification), are picked up here instead of waiting for a restart.
      outboxSweep = setInterval(() => {
        void dispatcher
          .recover({ quietForMs: OUTBOX_SWEEP_MS })
          .catch((error: unknown) => logger.error({ err: error }, 'outbox sweep failed'));
      }, OUTBOX_SWEEP_MS);
      outboxSweep.unref();
    },
    async stop() {
      if (outboxSweep) clearInterval(outboxSweep);
      await timers.stop();
      await worker.stop();
      await commits.drain();
    },
  };
}

export type RuntimeCore = ReturnType<typeof createRuntimeCore>;
