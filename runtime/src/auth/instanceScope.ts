import type { Assignee, InstanceFilter, Role, Task, TaskStore, User } from '../store';
import { hasPermission } from './roles';

/**
 * Which instances a caller may see — THE rule, used by the list, the instance view (history,
 * calls, people), withdraw, the instance's definition and the live stream:
 * - `instances:read:all` (viewers, designers, admins): every instance;
 * - `instances:read` with `tasks:read` (approvers): those they started, and those with a task
 *   that is or was theirs (see {@link taskInvolves});
 * - `instances:read` alone (requesters): those they started;
 * - neither: none.
 * An instance outside the scope is answered as missing (404), never as forbidden, so its
 * existence is not revealed.
 */
export type InstanceScope =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'own'; userId: string; groups: readonly string[]; viaTasks: boolean };

export interface ScopeHolder {
  user: { readonly id: User['id']; readonly groups: readonly string[] };
  roles: readonly Role[];
}

export function instanceScopeOf({ user, roles }: ScopeHolder): InstanceScope {
  if (hasPermission(roles, 'instances:read:all')) return { kind: 'all' };
  if (!hasPermission(roles, 'instances:read')) return { kind: 'none' };
  return { kind: 'own', userId: user.id, groups: user.groups, viaTasks: hasPermission(roles, 'tasks:read') };
}

const isUser = (assignee: Assignee | undefined, userId: string): boolean =>
  assignee?.type === 'user' && assignee.id === userId;

/**
 * A task is or was the user's: assigned to them or to one of their groups, handed on by them, or
 * decided by them. The store's `involving` filter says the same in its query language (the
 * store contract tests check both agree).
 */
export function taskInvolves(
  task: Pick<Task, 'assignee' | 'delegatedFrom' | 'decision'>,
  userId: string,
  groups: readonly string[],
): boolean {
  return (
    isUser(task.assignee, userId) ||
    (task.assignee.type === 'group' && groups.includes(task.assignee.id)) ||
    isUser(task.delegatedFrom, userId) ||
    task.decision?.by === userId
  );
}

/**
 * The listing filter narrowed to the scope, or null when nothing in it can be visible (a
 * requester asking for someone else's requests).
 */
export function scopedInstanceFilter(scope: InstanceScope, filter: InstanceFilter): InstanceFilter | null {
  if (scope.kind === 'all') return filter;
  if (scope.kind === 'none') return null;
  if (!scope.viaTasks) {
    if (filter.startedBy !== undefined && filter.startedBy !== scope.userId) return null;
    return { ...filter, startedBy: scope.userId };
  }
  return { ...filter, involving: { userId: scope.userId, groups: [...scope.groups] } };
}

/** Reads an instance's tasks, a page at a time (only for callers whose scope goes through tasks). */
export type InstanceTasksReader = Pick<TaskStore, 'listTasks'>;

/** Whether the instance is in the scope (reads its tasks only when the scope goes through them). */
export async function inInstanceScope(
  store: InstanceTasksReader,
  scope: InstanceScope,
  instance: { id: string; startedBy?: string | undefined },
): Promise<boolean> {
  if (scope.kind !== 'own') return scope.kind === 'all';
  if (instance.startedBy !== undefined && instance.startedBy === scope.userId) return true;
  if (!scope.viaTasks) return false;
  return (await tasksOf(store, instance.id)).some((task) => taskInvolves(task, scope.userId, scope.groups));
}

/** Every task of one instance (an instance has few; bounded anyway). */
export async function tasksOf(store: InstanceTasksReader, instanceId: string): Promise<Task[]> {
  const tasks: Task[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await store.listTasks({ instanceId }, { limit: 200, ...(cursor ? { cursor } : {}) });
    tasks.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return tasks;
}
