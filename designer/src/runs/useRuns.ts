import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, read } from '../app/apiClient';
import { QUERY_ROOTS } from '../live';
import { instanceQuery, type RunFilters } from './runFilters';

/** Rows fetched per page; the list is virtualised, so a page can be large. */
export const RUNS_PAGE_SIZE = 100;

/** Live events invalidate everything under ['instances']: the list refetches as runs move. */
export const runListKey = (filters: RunFilters) => [...QUERY_ROOTS.instances, 'list', filters] as const;
export const runKey = (id: string) => [...QUERY_ROOTS.instances, id] as const;

/** The runs matching the filters, newest first, a page at a time (GET /api/instances, cursors). */
export function useRunList(filters: RunFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: runListKey(filters),
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      read(
        api.GET('/api/instances', {
          params: {
            query: {
              ...instanceQuery(filters),
              limit: RUNS_PAGE_SIZE,
              ...(pageParam === undefined ? {} : { cursor: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // A refetch after a live event keeps the rows on screen until the new ones arrive.
    placeholderData: (previous) => previous,
  });
}

/** How many runs match the filters, exactly (GET /api/instances/count); live like the list. */
export function useRunCount(filters: RunFilters, enabled = true) {
  return useQuery({
    queryKey: [...QUERY_ROOTS.instances, 'count', filters],
    enabled,
    queryFn: () => read(api.GET('/api/instances/count', { params: { query: instanceQuery(filters) } })),
    placeholderData: (previous) => previous,
  });
}

/** One run with its history, incidents, open tasks and calls (GET /api/instances/{id}). */
export function useRun(id: string) {
  return useQuery({
    queryKey: runKey(id),
    queryFn: () => read(api.GET('/api/instances/{id}', { params: { path: { id } } })),
  });
}

export type RunDetail = NonNullable<ReturnType<typeof useRun>['data']>;

/** The published version numbers of a workflow, for the version filter. */
export function useVersionNumbers(workflowId: string | undefined) {
  return useQuery({
    queryKey: ['runs', 'versions', workflowId],
    enabled: workflowId !== undefined,
    queryFn: async () => {
      const answer = await read(
        api.GET('/api/definitions/{id}/versions', { params: { path: { id: workflowId! } } }),
      );
      return answer.items.map((v) => v.version).sort((a, b) => b - a);
    },
  });
}

/** Retries a node's incident (POST /api/instances/{id}/retry), then rereads the run. */
export function useRetry(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (nodeId: string) =>
      read(api.POST('/api/instances/{id}/retry', { params: { path: { id } }, body: { nodeId } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: QUERY_ROOTS.instances }),
  });
}

/** Cancels the run (POST /api/instances/{id}/cancel) with an optional reason. */
export function useCancelRun(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      read(
        api.POST('/api/instances/{id}/cancel', {
          params: { path: { id } },
          body: reason.trim() ? { reason: reason.trim() } : {},
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: QUERY_ROOTS.instances }),
  });
}
