import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, read } from '../app/apiClient';
import { QUERY_ROOTS } from '../live';

/** The workflows the user may request through a form (GET /api/request-forms). */
export function useRequestForms(enabled = true) {
  return useQuery({
    queryKey: ['request-forms'],
    queryFn: () => read(api.GET('/api/request-forms')),
    staleTime: 30_000,
    enabled,
  });
}

/**
 * One request form by its address (GET /api/request-forms/{workflowId}), with whether it takes
 * requests now; a 404 when it does not exist or the user may not use it. Under the catalogue's
 * key, so an activation change refreshes it too.
 */
export function useRequestForm(workflowId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['request-forms', workflowId],
    queryFn: () =>
      read(api.GET('/api/request-forms/{workflowId}', { params: { path: { workflowId: workflowId! } } })),
    enabled: enabled && workflowId !== undefined,
  });
}

/** The requests the user started, newest first; live events make it stale. */
export function useMyRequests(userId: string) {
  return useInfiniteQuery({
    queryKey: [...QUERY_ROOTS.instances, 'startedBy', userId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      read(
        api.GET('/api/instances', {
          params: { query: { startedBy: userId, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** One instance with its history and open tasks, under the live key `['instances', id]`. */
export function useInstance(id: string | undefined) {
  return useQuery({
    queryKey: [...QUERY_ROOTS.instances, id],
    queryFn: () => read(api.GET('/api/instances/{id}', { params: { path: { id: id! } } })),
    enabled: id !== undefined,
  });
}

/** A published version's definition (immutable: read once). */
export function useVersionDefinition(workflowId: string | undefined, version: number | undefined) {
  return useQuery({
    queryKey: ['definitions', workflowId, 'versions', version],
    queryFn: () =>
      read(
        api.GET('/api/definitions/{id}/versions/{version}', {
          params: { path: { id: workflowId!, version: version! } },
        }),
      ),
    enabled: workflowId !== undefined && version !== undefined,
    staleTime: Infinity,
  });
}

/**
 * The version an instance runs, through the instance (GET /api/instances/{id}/definition): a
 * requester may read their own request's version without reading definitions. Immutable.
 */
export function useInstanceDefinition(id: string | undefined) {
  return useQuery({
    queryKey: ['instance-definition', id],
    queryFn: () => read(api.GET('/api/instances/{id}/definition', { params: { path: { id: id! } } })),
    enabled: id !== undefined,
    staleTime: Infinity,
  });
}

/** Starts a request (POST /api/instances); the API's field problems come back on the ApiError. */
export function useStartRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: { workflowId: string; version: number; input: Record<string, unknown> }) =>
      read(api.POST('/api/instances', { body: request })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: QUERY_ROOTS.instances }),
  });
}

/** Withdraws a request (POST /api/instances/{id}/withdraw) with an optional reason. */
export function useWithdrawRequest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      read(
        api.POST('/api/instances/{id}/withdraw', {
          params: { path: { id } },
          body: reason ? { reason } : {},
        }),
      ),
    // Also after a refusal: a request that ended meanwhile shows how it ended.
    onSettled: () => queryClient.invalidateQueries({ queryKey: QUERY_ROOTS.instances }),
  });
}
