import type { CronStore } from '../store';
import { scheduleOf, type CronTrigger } from './fireTrigger';
import { nextFireAfter } from './fireTimes';

/**
 * Arms a trigger when its version is published: the cursor moves to the first fire after the
 * publication, so that fire is started by the next tick instead of being noticed only then and
 * skipped, and a schedule changed by a new version takes effect at once. A cursor at or before the
 * publication is a fire still to be handled; it keeps its place. Returns the cursor set, if any.
 */
export async function armTrigger(
  store: CronStore,
  trigger: CronTrigger,
  publishedAt: number,
): Promise<number | undefined> {
  const first = nextFireAfter(scheduleOf(trigger.schedule), publishedAt, trigger.timezone);
  if (first === undefined) return undefined;
  const { workflowId, triggerId } = trigger;
  const cursor = await store.getCronCursor(workflowId, triggerId);
  if (cursor !== null && cursor.nextDueAt <= publishedAt) return undefined;
  await store.setCronCursor({ workflowId, triggerId, nextDueAt: first });
  return first;
}

/**
 * Arms a trigger again when its workflow is activated: the fires it missed while inactive are not
 * made up (it was retired then, whatever its catch-up policy says); the first is the first after
 * `from`. Returns the cursor set, if any.
 */
export async function rearmTrigger(
  store: CronStore,
  trigger: CronTrigger,
  from: number,
): Promise<number | undefined> {
  const first = nextFireAfter(scheduleOf(trigger.schedule), from, trigger.timezone);
  if (first === undefined) return undefined;
  await store.setCronCursor({
    workflowId: trigger.workflowId,
    triggerId: trigger.triggerId,
    nextDueAt: first,
  });
  return first;
}
