import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, read } from '../app/apiClient';

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
