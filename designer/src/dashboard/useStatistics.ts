import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, read } from '../app/apiClient';
import { QUERY_ROOTS } from '../live';
import { instanceQuery } from '../runs/runFilters';

/** Per workflow over the range (GET /api/statistics/workflows). */
export function useWorkflowStatistics(from: number, to: number) {
  return useQuery({
    queryKey: ['statistics', 'workflows', from, to],
    placeholderData: keepPreviousData,
    queryFn: () =>
      read(
        api.GET('/api/statistics/workflows', { params: { query: { from: String(from), to: String(to) } } }),
      ),
  });
}

/** One workflow over the range, per version and per step (GET /api/statistics/workflows/{id}). */
export function useWorkflowDetail(workflowId: string, from: number, to: number) {
  return useQuery({
    queryKey: ['statistics', 'workflow', workflowId, from, to],
    enabled: workflowId !== '',
    placeholderData: keepPreviousData,
    queryFn: () =>
      read(
        api.GET('/api/statistics/workflows/{id}', {
          params: { path: { id: workflowId }, query: { from: String(from), to: String(to) } },
        }),
      ),
  });
}

/**
 * How many running runs (of one workflow, or of all) wait for an operator now, exactly: the runs
 * list's incident filter, counted by the runtime. Keyed under the instances root, so live events
 * keep it current.
 */
export function useIncidentRuns(workflowId: string) {
  return useQuery({
    queryKey: [...QUERY_ROOTS.instances, 'incident-count', workflowId],
    queryFn: () =>
      read(
        api.GET('/api/instances/count', {
          params: {
            query: instanceQuery({
              incident: true,
              status: 'running',
              ...(workflowId ? { workflowId } : {}),
            }),
          },
        }),
      ),
  });
}
