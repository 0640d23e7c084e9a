import { pollUntil, type ApiClient } from './apiClient';

/** The fields of GET /api/instances/{id} these waits read; a test's own view may add more. */
export interface InstanceShape {
  status: string;
  openTasks: { nodeId: string }[];
}

/**
 * Reads and waits on one instance through the API, as the example scenario tests do: its view,
 * the moment it ended with a given status (another end fails at once, naming it), and the open
 * tasks of a node once it waits there.
 */
export function instanceWaits<I extends InstanceShape>(
  client: () => ApiClient,
  wait: { timeoutMs: number; intervalMs: number } = { timeoutMs: 30_000, intervalMs: 100 },
) {
  const detail = async (id: string): Promise<I> =>
    (await client().get<I>(`/api/instances/${encodeURIComponent(id)}`)).body;
  const ended = (id: string, status: string): Promise<I> =>
    pollUntil(
      `the instance to be ${status}`,
      async () => {
        const instance = await detail(id);
        if (instance.status !== 'running' && instance.status !== status)
          throw new Error(`ended ${instance.status}: ${JSON.stringify(instance)}`);
        return instance.status === status ? instance : undefined;
      },
      wait,
    );
  const tasksAt = (id: string, nodeId: string): Promise<I['openTasks']> =>
    pollUntil(
      `open tasks at ${nodeId}`,
      async () => {
        const tasks = (await detail(id)).openTasks.filter((t) => t.nodeId === nodeId);
        return tasks.length > 0 ? tasks : undefined;
      },
      wait,
    );
  return { detail, ended, tasksAt };
}
