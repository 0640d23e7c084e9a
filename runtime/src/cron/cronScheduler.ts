import { createTask, type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock';
import { fireTrigger, type CronTrigger, type FireTriggerDeps } from './fireTrigger';

export interface CronSchedulerDeps extends FireTriggerDeps {
  readonly clock: Clock;
  /** The active cron triggers of published workflows, read afresh on every tick. */
  readonly listTriggers: () => Promise<readonly CronTrigger[]>;
  /** Tick every `tickMs` instead of node-cron's tick at second 0 of every minute. */
  readonly tickMs?: number;
}

export interface CronTickReport {
  readonly started: number;
  readonly failedTriggers: number;
}

export interface CronScheduler {
  /** Runs one tick at once, so fires missed while down are caught up, then ticks on the timer. */
  start(): Promise<CronTickReport>;
  /** Stops ticking; resolves when an in-flight tick has finished. */
  stop(): Promise<void>;
  /** One pass over every trigger at `now` (default: the clock). Ticks run one at a time. */
  tick(now?: number): Promise<CronTickReport>;
}

/**
 * Fires cron triggers. The timer only says "look now": node-cron (like croner) silently drops
 * ticks missed while the event loop is blocked, so what is due comes from each trigger's cursor in
 * the store, and a late or skipped tick is made up by the next one.
 */
export function createCronScheduler(deps: CronSchedulerDeps): CronScheduler {
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;
  let task: ScheduledTask | undefined;
  let interval: NodeJS.Timeout | undefined;

  async function runTick(now: number): Promise<CronTickReport> {
    let triggers: readonly CronTrigger[];
    try {
      triggers = await deps.listTriggers();
    } catch (error) {
      deps.logger.error({ err: error }, 'listing cron triggers failed');
      return { started: 0, failedTriggers: 0 };
    }
    let started = 0;
    let failedTriggers = 0;
    for (const trigger of triggers) {
      try {
        started += await fireTrigger(deps, trigger, now);
      } catch (error) {
        failedTriggers += 1;
        deps.logger.error(
          { err: error, workflowId: trigger.workflowId, triggerId: trigger.triggerId },
          'cron trigger failed; the others go on',
        );
      }
    }
    return { started, failedTriggers };
  }

  function tick(now?: number): Promise<CronTickReport> {
    pending += 1;
    // The clock is read when the tick runs, not when it was queued.
    const run = queue.then(() => runTick(now ?? deps.clock.now()));
    queue = run.finally(() => (pending -= 1)).catch(() => undefined);
    return run;
  }

  function onTimer(): void {
    // A tick still running will be followed by the next timer tick; the cursor keeps the rest.
    if (pending > 0) return;
    tick().catch((error: unknown) => deps.logger.error({ err: error }, 'cron tick failed'));
  }

  return {
    start() {
      if (task === undefined && interval === undefined) {
        if (deps.tickMs === undefined) {
          // In UTC, so node-cron's own DST handling (with known bugs) never comes into play.
          task = createTask('0 * * * * *', onTimer, { name: 'flowline-cron-tick', timezone: 'UTC' });
          // node-cron notices a dropped tick late; tick then instead of a minute later.
          task.on('execution:missed', () => {
            deps.logger.info({}, 'cron tick missed (event loop blocked); catching up from the cursors');
            onTimer();
          });
          void task.start();
        } else {
          interval = setInterval(onTimer, deps.tickMs);
        }
      }
      return tick();
    },
    async stop() {
      if (task !== undefined) await task.destroy();
      if (interval !== undefined) clearInterval(interval);
      task = undefined;
      interval = undefined;
      await queue;
    },
    tick,
  };
}
