import { hasPermission, instanceScopeOf, taskInvolves, tasksOf } from '../auth';
import type { Change, Store, Task } from '../store';
import type { ViewerRights } from './viewer';

/** The tasks of instances, by instance id: what an approver's scope is judged on. */
export type InstanceTasks = ReadonlyMap<string, readonly Task[]>;

/**
 * Whether a change may be told to a viewer, by the rules of the endpoints that show it: an
 * instance as GET /api/instances/{id} (the instance scope of auth/instanceScope.ts: all, or the
 * viewer's own and those with a task that is or was theirs, judged on `tasks`), a task as GET
 * /api/tasks (tasks:read, and assigned to the viewer or one of their groups now, or, for a
 * delegation, until now).
 */
export function mayReceive(rights: ViewerRights, change: Change, tasks: InstanceTasks): boolean {
  if (change.type === 'instance') {
    const scope = instanceScopeOf(rights);
    if (scope.kind !== 'own') return scope.kind === 'all';
    if (change.startedBy === scope.userId) return true;
    return (
      scope.viaTasks &&
      (tasks.get(change.instanceId) ?? []).some((task) => taskInvolves(task, scope.userId, scope.groups))
    );
  }
  if (!hasPermission(rights.roles, 'tasks:read')) return false;
  return change.assignees.some((assignee) =>
    assignee.type === 'user' ? assignee.id === rights.user.id : rights.user.groups.includes(assignee.id),
  );
}

/**
 * Reads, once per batch, the tasks of the changed instances that some viewer can only be judged
 * on by their tasks (an approver's instance that someone else started); none for everyone else.
 */
export async function tasksToJudge(
  store: Pick<Store, 'listTasks'>,
  viewers: readonly ViewerRights[],
  changes: readonly Change[],
): Promise<InstanceTasks> {
  const throughTasks = viewers
    .map((rights) => instanceScopeOf(rights))
    .filter((scope) => scope.kind === 'own' && scope.viaTasks)
    .map((scope) => (scope.kind === 'own' ? scope.userId : ''));
  if (throughTasks.length === 0) return new Map();
  const needed = new Set<string>();
  for (const change of changes)
    if (change.type === 'instance' && throughTasks.some((userId) => userId !== change.startedBy))
      needed.add(change.instanceId);
  const entries = await Promise.all(
    [...needed].map(async (instanceId) => [instanceId, await tasksOf(store, instanceId)] as const),
  );
  return new Map(entries);
}
