import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, read, type Schemas } from '../app/apiClient';
import { QUERY_ROOTS } from '../live';

export type InboxTask = Schemas['TaskListItem'];

const INBOX_KEY = [...QUERY_ROOTS.tasks, 'inbox'];

/** Pages read at most for one inbox (200 tasks a page): a bound, not a limit anyone should meet. */
const MAX_PAGES = 25;

/**
 * My open tasks and my groups' (GET /api/tasks, every page), under `['tasks', 'inbox']`: a task
 * event from the live stream makes it stale, so the list follows without reloading.
 */
export function useInboxTasks() {
  return useQuery({
    queryKey: INBOX_KEY,
    queryFn: async () => {
      const items: InboxTask[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await read(
          api.GET('/api/tasks', {
            params: { query: { status: 'open', limit: 200, ...(cursor ? { cursor } : {}) } },
          }),
        );
        items.push(...answer.items);
        cursor = answer.nextCursor ?? undefined;
        if (!cursor) break;
      }
      return items;
    },
  });
}

/**
 * One task with the request it is about. Not under the live `tasks` root on purpose: what it holds
 * does not change while the task is open (the request's history is the instance's query, which
 * is live), and a task handed to someone else must not be read again by a refetch (403).
 */
export function useTaskDetail(id: string | undefined) {
  return useQuery({
    queryKey: ['task-detail', id],
    queryFn: () => read(api.GET('/api/tasks/{id}', { params: { path: { id: id! } } })),
    enabled: id !== undefined,
    retry: false,
  });
}

/**
 * A task decided or handed on here leaves the list at once (before the refetch): the selection
 * moves on and the task's own query is no longer watched, so it is not read again once it may
 * no longer be ours to read.
 */
function dropFromInbox(queryClient: ReturnType<typeof useQueryClient>, id: string) {
  queryClient.setQueryData<InboxTask[]>(INBOX_KEY, (tasks) => tasks?.filter((task) => task.id !== id));
}

/** `onDecided`: told once the server took the decision, even when the form that sent it is gone. */
export function useDecide(onDecided?: (decision: { id: string; outcome: string }) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: string;
      outcome: string;
      comment?: string;
      form?: Record<string, unknown>;
    }) => read(api.POST('/api/tasks/{id}/decide', { params: { path: { id } }, body })),
    onSuccess: (_answer, { id, outcome }) => {
      onDecided?.({ id, outcome });
      dropFromInbox(queryClient, id);
      return queryClient.invalidateQueries({ queryKey: QUERY_ROOTS.tasks });
    },
  });
}

/** `onDelegated`: told once the server took the delegation, before the task leaves the inbox. */
export function useDelegate(onDelegated?: (id: string) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; to: string; comment?: string }) =>
      read(api.POST('/api/tasks/{id}/delegate', { params: { path: { id } }, body })),
    onSuccess: (_answer, { id }) => {
      onDelegated?.(id);
      dropFromInbox(queryClient, id);
      return queryClient.invalidateQueries({ queryKey: QUERY_ROOTS.tasks });
    },
  });
}
