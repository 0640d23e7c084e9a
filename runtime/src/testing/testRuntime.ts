import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyConnector } from '@flowline/connector-sdk';
import {
  parseDefinition,
  validate,
  type EvaluationLimitsOverride,
  type WorkflowDefinitionInput,
} from '@flowline/engine';
import { createManualClock } from '../clock';
import { silentLogger } from '../observability/logger';
import { DEFAULT_RUN_LIMITS, type RunLimits } from '../limits/runLimits';
import type { BacklogLimits } from '../limits/backlogLimits';
import { createRuntimeCore } from '../runtimeCore';
import { createSqliteStore, type NewTask } from '../store';
import { randomBytes } from 'node:crypto';
import { createCredentialVault, loadKeys } from '../credentials';
import type { ApprovalLinks } from '../auth/approvalLink';
import { createApprovalMailer } from '../notifications/approvalMail';
import { asJsonObject } from '../store/plainJson';

/**
 * A runtime core over a real SQLite file in a temp directory, with a manual clock: tests drive
 * time and workers by hand (`fireTimers`, `runJobs`) instead of sleeping.
 */
export async function createTestRuntime(
  options: {
    connectors?: readonly AnyConnector[];
    approvalLinks?: ApprovalLinks;
    /** Another runtime's `path`: this one then plays a second process over the same database. */
    path?: string;
    /** For tests that start the worker loop. */
    workerPollMs?: number;
    /** Limits other than the defaults. */
    limits?: Partial<RunLimits>;
    /** Hangs on new task records (instead of the approval mailer). */
    onTaskCreated?: (task: NewTask) => Promise<void>;
    /** As the config's `limits.expression`. */
    expressionLimits?: EvaluationLimitsOverride;
    /** As the config's `limits.backlog` (bounded admission of starts). */
    backlogLimits?: BacklogLimits;
    /** Most instances the executor's cache holds (config `instanceCacheSize`). */
    instanceCacheSize?: number;
  } = {},
) {
  const dir = options.path === undefined ? mkdtempSync(join(tmpdir(), 'flowline-test-')) : undefined;
  const path = options.path ?? join(dir!, 'flowline.db');
  const store = await createSqliteStore({ path });
  const clock = createManualClock();
  const keys = loadKeys({ masterKey: randomBytes(32).toString('base64') });
  const vault = createCredentialVault({ store, clock, current: keys.current, keys: keys.all });
  const mailer = options.approvalLinks
    ? createApprovalMailer({
        store,
        clock,
        vault,
        approvalLinks: options.approvalLinks,
        linkOrigin: () => 'http://flowline.test',
        logger: silentLogger,
      })
    : undefined;
  const core = createRuntimeCore({
    ...(options.onTaskCreated ? { onTaskCreated: options.onTaskCreated } : {}),
    ...(mailer ? { onTaskCreated: mailer.taskCreated, onReminder: mailer.remind } : {}),
    store,
    clock,
    logger: silentLogger,
    connectors: options.connectors ?? [],
    connections: vault,
    network: { allowLoopback: true },
    ...(options.workerPollMs ? { workerPollMs: options.workerPollMs } : {}),
    ...(options.expressionLimits ? { expressionLimits: options.expressionLimits } : {}),
    ...(options.backlogLimits ? { backlogLimits: options.backlogLimits } : {}),
    ...(options.instanceCacheSize === undefined ? {} : { instanceCacheSize: options.instanceCacheSize }),
    limits: { ...DEFAULT_RUN_LIMITS, ...options.limits },
  });

  async function publish(document: WorkflowDefinitionInput, version = 1) {
    const parsed = parseDefinition(document);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const errors = validate(parsed.value, core.connectors.catalog()).filter((i) => i.severity === 'error');
    if (errors.length > 0) throw new Error(JSON.stringify(errors));
    await store.publishVersion({
      workflowId: parsed.value.id,
      version,
      definition: asJsonObject(document, 'The definition'),
      publishedAt: clock.now(),
      publishedBy: 'test',
    });
  }

  return {
    ...core,
    clock,
    vault,
    publish,
    /** The SQLite file. */
    path,
    /** Claims and runs every due job until none is left. */
    async runJobs() {
      for (let i = 0; i < 100; i += 1) {
        const started = await core.worker.poll();
        await core.worker.idle();
        if (started === 0) return;
      }
    },
    /** Moves the clock and fires what fell due. */
    async advance(ms: number) {
      clock.advance(ms);
      return core.timers.fireDue();
    },
    async close() {
      await core.messages.idle();
      await core.dispatcher.stop();
      await core.commits.drain();
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestRuntime = Awaited<ReturnType<typeof createTestRuntime>>;
