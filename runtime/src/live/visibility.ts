import { hasPermission } from '../auth';
import type { Change } from '../store';
import type { ViewerRights } from './viewer';

/**
 * Whether a change may be told to a viewer, by the rules of the endpoints that show it: an
 * instance as GET /api/instances/{id} (instances:read), a task as GET /api/tasks (tasks:read, and
 * assigned to the viewer or one of their groups now, or, for a delegation, until now).
 */
export function mayReceive(rights: ViewerRights, change: Change): boolean {
  if (change.type === 'instance') return hasPermission(rights.roles, 'instances:read');
  if (!hasPermission(rights.roles, 'tasks:read')) return false;
  return change.assignees.some((assignee) =>
    assignee.type === 'user' ? assignee.id === rights.user.id : rights.user.groups.includes(assignee.id),
  );
}
