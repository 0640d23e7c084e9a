import { otherPlaceOf } from '@flowline/engine';
import { AppError } from '../errors';
import { storedState } from '../executor/storedState';
import type { Store, Task, User } from '../store';

/**
 * Refuses to hand `task` to someone who already holds another place of its step in this visit
 * (a task open or still to come, or one they decided): where a step asks several people, one
 * person would decide twice. The out-of-office hand-over keeps the same rule (awayDelegation.ts).
 * The run checks it again when the delegation reaches it, so a concurrent one cannot slip by.
 */
export async function assertNoOtherPlace(store: Pick<Store, 'getInstance'>, task: Task, to: User) {
  const instance = await store.getInstance(task.instanceId);
  if (!instance) return; // the delegation itself answers that the request is gone
  const slots = storedState(instance).context.approvals[task.nodeId]?.slots ?? [];
  const place = otherPlaceOf(slots, task.id.slice(task.instanceId.length + 1), to.id);
  if (!place) return;
  const who = `"${to.name || to.id}"`;
  const what =
    place.status === 'decided'
      ? `${who} already decided a task of this step`
      : place.status === 'open'
        ? `${who} already has a task of this step`
        : `${who} already has a task of this step to come (later in its sequence)`;
  const message = `${what}: one person holds one place, or they would decide twice`;
  throw new AppError('ALREADY_HOLDS_TASK', message, { issues: [{ path: 'to', message }] });
}
