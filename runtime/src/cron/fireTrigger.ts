import { parseCron, type CronSchedule } from '@flowline/engine';
import type { CronStore } from '../store';
import { planCatchUp, type CatchUpPolicy } from './catchUp';
import { nextFireAfter } from './fireTimes';

/** An active cron trigger of a published workflow version. */
export interface CronTrigger {
  readonly workflowId: string;
  readonly version: number;
  readonly triggerId: string;
  /** The cron expression as written in the definition. */
  readonly schedule: string;
  /** IANA zone the schedule's wall-clock times are read in. */
  readonly timezone: string;
  readonly catchUp: CatchUpPolicy;
  readonly maxCatchUp: number;
  /** When this version was published: a trigger without a cursor yet counts its fires from here. */
  readonly publishedAt?: number;
}

/** One claimed fire, handed to whoever starts the instance. */
export interface CronFireStart {
  readonly workflowId: string;
  readonly version: number;
  readonly triggerId: string;
  readonly scheduledAt: number;
}

/** The slice of a structured logger (pino's shape) the scheduler writes to. */
export interface CronLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface FireTriggerDeps {
  readonly store: CronStore;
  readonly startInstance: (fire: CronFireStart) => Promise<unknown>;
  /**
   * A due fire that is already claimed: whoever claimed it may have crashed before starting its
   * instance (the cursor did not move on, so it is planned again). Must be idempotent per fire,
   * e.g. a start under an id derived from the fire; it is also called while the claimer is still
   * starting it.
   */
  readonly ensureStarted?: (fire: CronFireStart) => Promise<unknown>;
  readonly logger: CronLogger;
  readonly graceMs?: number;
}

const parsed = new Map<string, CronSchedule>();

/** The parsed schedule (parsed once per expression). */
export function scheduleOf(expression: string): CronSchedule {
  let schedule = parsed.get(expression);
  if (schedule === undefined) {
    const result = parseCron(expression);
    // Publishing validates schedules, so this means a definition bypassed validation.
    if (!result.ok) throw new Error(`invalid cron schedule "${expression}": ${result.error}`);
    schedule = result.value;
    parsed.set(expression, schedule);
  }
  return schedule;
}

const isoOf = (ms: number) => new Date(ms).toISOString();

/**
 * Starts the trigger's fires due at `now` and moves its cursor on; returns how many it claimed
 * and started. Each fire is claimed before its instance starts, so across replicas and repeated
 * ticks a scheduled time starts at most one instance. A fire planned again because its claimer
 * died before moving the cursor goes to `ensureStarted`. A start that throws is logged; the
 * cursor moves on all the same.
 */
export async function fireTrigger(deps: FireTriggerDeps, trigger: CronTrigger, now: number): Promise<number> {
  const { workflowId, triggerId } = trigger;
  const schedule = scheduleOf(trigger.schedule);
  let cursor = await deps.store.getCronCursor(workflowId, triggerId);
  if (cursor === null) {
    // Not armed at publish (seeded, or published by an older runtime): its first fire is the first
    // one after publishing, so a tick that comes just after that fire still starts it. Without a
    // publication time, the next fire from now: never a retroactive one.
    const first = nextFireAfter(schedule, trigger.publishedAt ?? now, trigger.timezone);
    if (first === undefined) {
      deps.logger.warn({ workflowId, triggerId }, 'cron schedule never fires');
      return 0;
    }
    cursor = { workflowId, triggerId, nextDueAt: first };
    await deps.store.setCronCursor(cursor);
    if (first > now) return 0;
  }

  const plan = planCatchUp({
    schedule,
    timeZone: trigger.timezone,
    nextDueAt: cursor.nextDueAt,
    now,
    policy: trigger.catchUp,
    maxCatchUp: trigger.maxCatchUp,
    ...(deps.graceMs !== undefined && { graceMs: deps.graceMs }),
  });
  if (plan.skipped) {
    deps.logger.warn(
      {
        workflowId,
        triggerId,
        policy: trigger.catchUp,
        from: isoOf(plan.skipped.from),
        to: isoOf(plan.skipped.to),
      },
      'missed cron fires skipped by the catch-up policy',
    );
  }

  let started = 0;
  for (const scheduledAt of plan.fires) {
    const fire = { workflowId, version: trigger.version, triggerId, scheduledAt };
    const claimed = await deps.store.claimCronFire({ workflowId, triggerId, scheduledAt });
    if (!claimed && !deps.ensureStarted) continue;
    try {
      if (claimed) {
        await deps.startInstance(fire);
        started += 1;
      } else {
        await deps.ensureStarted?.(fire);
      }
    } catch (error) {
      deps.logger.error(
        { err: error, workflowId, triggerId, scheduledAt: isoOf(scheduledAt) },
        'cron fire failed to start an instance; the schedule moves on',
      );
    }
  }

  if (plan.nextDueAt !== undefined && plan.nextDueAt !== cursor.nextDueAt) {
    await deps.store.setCronCursor({ workflowId, triggerId, nextDueAt: plan.nextDueAt });
  }
  return started;
}
