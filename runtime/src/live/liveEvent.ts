import type { Change } from '../store';

/** One server-sent event as written on the stream. */
export interface LiveMessage {
  event: string;
  id?: string;
  data: string;
}

/**
 * The event a change becomes: ids, kind, status and title only (never the assignees, who started
 * it, inputs or decisions); the client reads details through the API, which checks them again.
 */
export function toLiveMessage(change: Change): LiveMessage {
  const data =
    change.type === 'instance'
      ? {
          seq: change.seq,
          kind: change.kind,
          instanceId: change.instanceId,
          workflowId: change.workflowId,
          status: change.status,
        }
      : {
          seq: change.seq,
          kind: change.kind,
          taskId: change.taskId,
          instanceId: change.instanceId,
          workflowId: change.workflowId,
          title: change.title,
        };
  return { event: change.type, id: String(change.seq), data: JSON.stringify(data) };
}
