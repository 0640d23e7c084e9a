import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, read } from '../app/apiClient';
import { emptyDefinition } from './workflowSummary';

export const WORKFLOWS_KEY = ['workflows'] as const;

/** The drafts, each with its newest published version (GET /api/definitions). */
export function useWorkflows() {
  return useQuery({
    queryKey: WORKFLOWS_KEY,
    queryFn: () => read(api.GET('/api/definitions', { params: { query: { limit: 100 } } })),
  });
}

/** Creates an empty draft (PUT with draftRev 0: refused with 409 when the id is taken). */
export function useCreateWorkflow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      read(
        api.PUT('/api/definitions/{id}', {
          params: { path: { id } },
          body: { draftRev: 0, definition: emptyDefinition(id, name) },
        }),
        { creating: id },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: WORKFLOWS_KEY }),
  });
}
